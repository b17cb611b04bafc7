package dev.jdx.check;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads {@code .jdx.yaml} policies and dive's {@code .dive-ci} files. A {@code .jdx.yaml} is strict: an unknown key
 * or a bad value is a {@link PolicyException} naming the file and line. A {@code .dive-ci} is read as dive reads
 * it: unknown keys are ignored, a missing rule takes dive's default, {@code disabled} (or an empty value,
 * {@code off}, {@code false}) turns a rule off.
 *
 * <pre>
 * thresholds:
 *   minEfficiency: 0.9            # jdx score, fails below
 *   maxReclaimableBytes: 20MB     # SI or IEC (20MiB) units
 *   maxUserReclaimableRatio: 0.1
 *   maxImageSize: 500MiB
 *   maxLayers: 40
 * failOn: high                    # info, low, medium, high, critical, or none
 * checks:
 *   disable: [JDX-I014]
 *   severity: {JDX-I001: high}
 * exclude: ["/usr/share/doc/**"]
 * trustedRegistries: [docker.io, "*.gcr.io"]
 * allow:
 *   setuid: [sudo, /usr/bin/newuidmap]
 *   secrets: ["/app/test-fixtures/**"]
 * largeWaste: 10MiB
 * </pre>
 */
public final class PolicyLoader {
    /** The policy file looked for in the working directory. */
    public static final String POLICY_FILE = ".jdx.yaml";
    /** dive's CI configuration file, used when there is no policy file. */
    public static final String DIVE_CI_FILE = ".dive-ci";

    private static final YAMLFactory YAML = new YAMLFactory();

    private final Function<String, String> canonicalCheckId;

    /** @param canonicalCheckId maps a check id as written to the known id, or null when no check has it */
    public PolicyLoader(Function<String, String> canonicalCheckId) {
        this.canonicalCheckId = canonicalCheckId;
    }

    /** A YAML value with the line it starts on: a scalar (String), a list or a map. */
    record Node(Object value, int line) {
        boolean isScalar() {
            return value instanceof String || value == null;
        }
    }

    /** Reads {@code file} as a {@code .jdx.yaml} policy. */
    public Policy load(Path file) throws IOException {
        String name = file.toString();
        Node root = read(file);
        if (root.value() == null) return Policy.none();
        Map<String, Node> top = map(name, root, "the policy");
        Double minEff = null, maxRatio = null;
        Long maxReclaim = null, maxSize = null, largeWaste = null;
        Integer maxLayers = null;
        Severity failOn = null;
        Set<String> disabled = new HashSet<>();
        Map<String, Severity> overrides = new HashMap<>();
        List<String> exclude = List.of(), trusted = List.of(), setuid = List.of(), secrets = List.of();
        for (Map.Entry<String, Node> e : top.entrySet()) {
            Node v = e.getValue();
            switch (e.getKey()) {
                case "thresholds" -> {
                    for (Map.Entry<String, Node> t : map(name, v, "thresholds").entrySet()) {
                        Node tv = t.getValue();
                        switch (t.getKey()) {
                            case "minEfficiency" -> minEff = fraction(name, tv, "thresholds.minEfficiency");
                            case "maxReclaimableBytes" -> maxReclaim = size(name, tv, "thresholds.maxReclaimableBytes");
                            case "maxUserReclaimableRatio" -> maxRatio = ratio(name, tv, "thresholds.maxUserReclaimableRatio");
                            case "maxImageSize" -> maxSize = size(name, tv, "thresholds.maxImageSize");
                            case "maxLayers" -> maxLayers = count(name, tv, "thresholds.maxLayers");
                            default -> throw unknown(name, tv, "thresholds." + t.getKey(),
                                    "minEfficiency, maxReclaimableBytes, maxUserReclaimableRatio, maxImageSize, maxLayers");
                        }
                    }
                }
                case "failOn" -> {
                    String s = scalar(name, v, "failOn");
                    if (!"none".equalsIgnoreCase(s)) failOn = severity(name, v, "failOn");
                }
                case "checks" -> {
                    for (Map.Entry<String, Node> c : map(name, v, "checks").entrySet()) {
                        Node cv = c.getValue();
                        switch (c.getKey()) {
                            case "disable" -> {
                                for (Node id : list(name, cv, "checks.disable")) disabled.add(checkId(name, id));
                            }
                            case "severity" -> {
                                for (Map.Entry<String, Node> o : map(name, cv, "checks.severity").entrySet()) {
                                    overrides.put(checkId(name, new Node(o.getKey(), o.getValue().line())),
                                            severity(name, o.getValue(), "checks.severity." + o.getKey()));
                                }
                            }
                            default -> throw unknown(name, cv, "checks." + c.getKey(), "disable, severity");
                        }
                    }
                }
                case "exclude" -> exclude = globs(name, v, "exclude");
                case "trustedRegistries" -> trusted = strings(name, v, "trustedRegistries");
                case "allow" -> {
                    for (Map.Entry<String, Node> a : map(name, v, "allow").entrySet()) {
                        switch (a.getKey()) {
                            case "setuid" -> setuid = strings(name, a.getValue(), "allow.setuid");
                            case "secrets" -> secrets = globs(name, a.getValue(), "allow.secrets");
                            default -> throw unknown(name, a.getValue(), "allow." + a.getKey(), "setuid, secrets");
                        }
                    }
                }
                case "largeWaste" -> largeWaste = size(name, v, "largeWaste");
                default -> throw unknown(name, v, e.getKey(),
                        "thresholds, failOn, checks, exclude, trustedRegistries, allow, largeWaste");
            }
        }
        return new Policy(file.getFileName().toString(), minEff, maxReclaim, maxRatio, maxSize, maxLayers, null, failOn,
                new LintConfig(disabled, overrides, trusted, false), exclude, trusted, setuid, secrets, largeWaste);
    }

    /** Reads a {@code .dive-ci} file with dive's semantics. */
    public Policy loadDiveCi(Path file) throws IOException {
        String name = file.toString();
        Node root = read(file);
        Policy.DiveCiRules d = Policy.DiveCiRules.DEFAULTS;
        Double lowest = d.lowestEfficiency(), user = d.highestUserWastedPercent();
        Long wasted = d.highestWastedBytes();
        if (root.value() != null) {
            Map<String, Node> top = map(name, root, "the .dive-ci file");
            Node rules = null;
            for (Map.Entry<String, Node> e : top.entrySet()) if (e.getKey().equalsIgnoreCase("rules")) rules = e.getValue();
            if (rules != null && rules.value() != null) {
                for (Map.Entry<String, Node> r : map(name, rules, "rules").entrySet()) {
                    Node v = r.getValue();
                    String key = r.getKey().toLowerCase(Locale.ROOT);
                    switch (key) {
                        case "lowestefficiency" -> lowest = disabled(name, v) ? null : number(name, v, "rules.lowestEfficiency");
                        case "highestwastedbytes" -> wasted = disabled(name, v) ? null : size(name, v, "rules.highestWastedBytes");
                        case "highestuserwastedpercent" -> user = disabled(name, v) ? null : number(name, v, "rules.highestUserWastedPercent");
                        default -> { } // dive ignores keys it does not know
                    }
                }
            }
        }
        return Policy.withDive(file.getFileName().toString(), new Policy.DiveCiRules(lowest, wasted, user));
    }

    // --- YAML reading with line numbers ---

    private static Node read(Path file) throws IOException {
        String name = file.toString();
        try (JsonParser p = YAML.createParser(Files.newBufferedReader(file))) {
            JsonToken t = p.nextToken();
            if (t == null) return new Node(null, 1);
            Node n = node(p, name);
            if (p.nextToken() != null) throw new PolicyException(name + ":" + line(p) + ": more than one YAML document");
            return n;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            String msg = e.getOriginalMessage().split("\n")[0];
            throw new PolicyException(name + ":" + line + ": not valid YAML: " + msg);
        }
    }

    private static Node node(JsonParser p, String name) throws IOException {
        int line = line(p);
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, Node> m = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int keyLine = line(p);
                p.nextToken();
                Node v = node(p, name);
                if (m.put(key, v.value() == null ? new Node(null, keyLine) : v) != null) {
                    throw new PolicyException(name + ":" + keyLine + ": duplicate key '" + key + "'");
                }
            }
            return new Node(m, line);
        }
        if (t == JsonToken.START_ARRAY) {
            List<Node> l = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) l.add(node(p, name));
            return new Node(l, line);
        }
        if (t == JsonToken.VALUE_NULL) return new Node(null, line);
        return new Node(p.getText(), line);
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    // --- typed access, each error naming file, line and key ---

    private static PolicyException bad(String file, Node n, String key, String what) {
        return new PolicyException(file + ":" + n.line() + ": " + key + ": " + what);
    }

    private static PolicyException unknown(String file, Node n, String key, String known) {
        return new PolicyException(file + ":" + n.line() + ": unknown key '" + key + "' (known: " + known + ")");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Node> map(String file, Node n, String key) {
        if (n.value() instanceof Map<?, ?> m) return (Map<String, Node>) m;
        throw bad(file, n, key, "expected a mapping of keys to values");
    }

    @SuppressWarnings("unchecked")
    private static List<Node> list(String file, Node n, String key) {
        if (n.value() instanceof List<?> l) return (List<Node>) l;
        if (n.value() instanceof String) return List.of(n);
        throw bad(file, n, key, "expected a list");
    }

    private static String scalar(String file, Node n, String key) {
        if (n.value() instanceof String s) return s;
        throw bad(file, n, key, n.value() == null ? "missing value" : "expected a single value");
    }

    private static List<String> strings(String file, Node n, String key) {
        List<String> out = new ArrayList<>();
        for (Node x : list(file, n, key)) out.add(scalar(file, x, key));
        return out;
    }

    /**
     * The JDK's glob errors in words: its "Missing ']" is a '[' never closed. Without the JDK's index, which points
     * near the fault rather than at it ("[" gives 0, "a[b" gives 2).
     */
    static String globProblem(java.util.regex.PatternSyntaxException e) {
        return switch (e.getDescription()) {
            case "Missing ']" -> "'[' is never closed";
            case "Missing '}" -> "'{' is never closed";
            case "Cannot nest groups" -> "a '{...}' inside another";
            case "No character to escape" -> "'\\' at the end escapes nothing";
            case "Invalid range" -> "a range in '[...]' that runs backwards or through '/'";
            case "Explicit 'name separator' in class" -> "'/' inside '[...]'";
            default -> e.getDescription();
        };
    }

    private static List<String> globs(String file, Node n, String key) {
        List<String> out = new ArrayList<>();
        for (Node x : list(file, n, key)) {
            String g = scalar(file, x, key);
            try {
                java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + g);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw bad(file, x, key, "bad glob '" + g + "': " + globProblem(e));
            } catch (RuntimeException e) {
                throw bad(file, x, key, "bad glob '" + g + "': " + e.getMessage().split("\n")[0]);
            }
            out.add(g);
        }
        return out;
    }

    private static double number(String file, Node n, String key) {
        String s = scalar(file, n, key).strip();
        try {
            double d = Double.parseDouble(s);
            if (Double.isNaN(d) || Double.isInfinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw bad(file, n, key, "'" + s + "' is not a number");
        }
    }

    private static double fraction(String file, Node n, String key) {
        double d = number(file, n, key);
        if (d < 0 || d > 1) throw bad(file, n, key, d + " is not between 0 and 1");
        return d;
    }

    private static double ratio(String file, Node n, String key) {
        double d = number(file, n, key);
        if (d < 0) throw bad(file, n, key, d + " is negative");
        return d;
    }

    private static long size(String file, Node n, String key) {
        try {
            return ByteSize.parse(scalar(file, n, key));
        } catch (PolicyException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw bad(file, n, key, e.getMessage());
        }
    }

    private static int count(String file, Node n, String key) {
        String s = scalar(file, n, key).strip();
        try {
            int v = Integer.parseInt(s);
            if (v < 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw bad(file, n, key, "'" + s + "' is not a whole number of at least 0");
        }
    }

    private static Severity severity(String file, Node n, String key) {
        try {
            return Severity.parse(scalar(file, n, key));
        } catch (PolicyException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw bad(file, n, key, e.getMessage());
        }
    }

    private String checkId(String file, Node n) {
        String id = scalar(file, n, "check id").strip();
        String known = canonicalCheckId.apply(id);
        if (known == null) throw bad(file, n, "checks", "unknown check id '" + id + "' (see jdx checks)");
        return known;
    }

    private static boolean disabled(String file, Node n) {
        if (n.value() == null) return true;
        String s = scalar(file, n, "rule").strip().toLowerCase(Locale.ROOT);
        return s.isEmpty() || s.equals("disabled") || s.equals("off") || s.equals("false");
    }
}
