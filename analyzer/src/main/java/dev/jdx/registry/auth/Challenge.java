package dev.jdx.registry.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One parsed {@code WWW-Authenticate} challenge, such as
 * {@code Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ubuntu:pull"}.
 *
 * @param scheme     lower-cased scheme ({@code basic}, {@code bearer})
 * @param parameters auth-params with lower-cased names and unquoted values
 */
public record Challenge(String scheme, Map<String, String> parameters) {

    public Challenge {
        scheme = scheme.toLowerCase(Locale.ROOT);
        parameters = Map.copyOf(parameters);
    }

    public boolean isBearer() {
        return scheme.equals("bearer");
    }

    public boolean isBasic() {
        return scheme.equals("basic");
    }

    public String realm() {
        return parameters.get("realm");
    }

    public String service() {
        return parameters.get("service");
    }

    public String scope() {
        return parameters.get("scope");
    }

    /** The {@code error} parameter, e.g. {@code insufficient_scope} or {@code invalid_token}, or null. */
    public String error() {
        return parameters.get("error");
    }

    /**
     * Parses every challenge of a header value (RFC 7235: several may share one header, separated by commas;
     * quoted values may themselves contain commas and escaped quotes). Malformed input yields what could be read.
     */
    public static List<Challenge> parseAll(String header) {
        List<Challenge> out = new ArrayList<>();
        if (header == null) return out;
        Lexer in = new Lexer(header);
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        while (true) {
            in.skipSpaceAndCommas();
            if (in.atEnd()) break;
            String token = in.token();
            if (token.isEmpty()) {
                in.pos++; // skip a stray character
                continue;
            }
            in.skipSpace();
            if (in.peek() == '=' && scheme != null) {
                in.pos++;
                in.skipSpace();
                String value = in.peek() == '"' ? in.quoted() : in.token68();
                params.put(token.toLowerCase(Locale.ROOT), value);
            } else {
                if (scheme != null) out.add(new Challenge(scheme, params));
                scheme = token;
                params = new LinkedHashMap<>();
            }
        }
        if (scheme != null) out.add(new Challenge(scheme, params));
        return out;
    }

    /** The first challenge of the header, or null. */
    public static Challenge parse(String header) {
        List<Challenge> all = parseAll(header);
        return all.isEmpty() ? null : all.get(0);
    }

    private static final class Lexer {
        final String s;
        int pos;

        Lexer(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char peek() {
            return atEnd() ? '\0' : s.charAt(pos);
        }

        void skipSpace() {
            while (!atEnd() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) pos++;
        }

        void skipSpaceAndCommas() {
            while (!atEnd() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t' || s.charAt(pos) == ',')) pos++;
        }

        String token() {
            int start = pos;
            while (!atEnd() && "=, \t\"".indexOf(s.charAt(pos)) < 0) pos++;
            return s.substring(start, pos);
        }

        String token68() {
            int start = pos;
            while (!atEnd() && ", \t".indexOf(s.charAt(pos)) < 0) pos++;
            return s.substring(start, pos);
        }

        String quoted() {
            pos++; // opening quote
            StringBuilder b = new StringBuilder();
            while (!atEnd()) {
                char c = s.charAt(pos++);
                if (c == '\\' && !atEnd()) b.append(s.charAt(pos++));
                else if (c == '"') break;
                else b.append(c);
            }
            return b.toString();
        }
    }
}
