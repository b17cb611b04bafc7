package dev.jdx.image.source.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few Docker Engine API calls jdx makes, against Docker or Podman: {@code _ping}, {@code version} (negotiating
 * the API version), {@code images/{name}/json} and {@code images/{name}/get}. Error statuses become exceptions that
 * carry the daemon's own JSON {@code message}.
 */
final class EngineClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_JSON = 8 << 20;

    private final Endpoint endpoint;
    private final EngineTransport transport;
    private ApiVersion version;

    EngineClient(Endpoint endpoint) throws IOException {
        this(endpoint, endpoint.isUnix() ? new UnixSocketHttp(endpoint.kind(), endpoint.socket()) : new TcpHttp(endpoint));
    }

    EngineClient(Endpoint endpoint, EngineTransport transport) {
        this.endpoint = endpoint;
        this.transport = transport;
    }

    private String who() {
        return endpoint.kind().display() + " daemon at " + endpoint.host();
    }

    /** Pings the daemon and agrees on an API version; must be called first. */
    ApiVersion negotiate() throws IOException {
        try (EngineResponse ping = transport.get("/_ping")) {
            if (!ping.ok()) throw error(ping, "GET /_ping");
            ping.body().readNBytes(4096);
        }
        JsonNode v;
        try (EngineResponse r = transport.get("/version")) {
            if (!r.ok()) throw error(r, "GET /version");
            v = json(r, "GET /version");
        }
        ApiVersion max;
        ApiVersion min = null;
        try {
            max = ApiVersion.parse(v.path("ApiVersion").asText(null));
            String m = v.path("MinAPIVersion").asText(null);
            if (m != null && !m.isBlank()) min = ApiVersion.parse(m);
        } catch (IllegalArgumentException e) {
            throw new DaemonApiException(who() + ": GET /version: " + e.getMessage());
        }
        version = ApiVersion.negotiate(max, min, who());
        return version;
    }

    ApiVersion version() {
        return version;
    }

    /** {@code images/{name}/json}; a 404 is {@link DaemonImageNotFoundException}. */
    JsonNode inspect(String name) throws IOException {
        String target = "/v" + version + "/images/" + encode(name) + "/json";
        try (EngineResponse r = transport.get(target)) {
            if (r.status() == 404) {
                throw new DaemonImageNotFoundException(name + ": not found in the local " + endpoint.kind().display()
                        + " daemon; use --source registry or docker://" + name);
            }
            if (!r.ok()) throw error(r, "GET " + target);
            return json(r, "GET " + target);
        }
    }

    /** {@code images/{name}/get}: the image as a docker-archive stream; the caller closes it. */
    InputStream save(String name) throws IOException {
        String target = "/v" + version + "/images/" + encode(name) + "/get";
        EngineResponse r = transport.get(target);
        if (!r.ok()) {
            try (r) {
                if (r.status() == 404) {
                    throw new DaemonImageNotFoundException(name + ": not found in the local " + endpoint.kind().display() + " daemon");
                }
                throw error(r, "GET " + target);
            }
        }
        return r.body();
    }

    private JsonNode json(EngineResponse r, String what) throws IOException {
        byte[] b = r.body().readNBytes(MAX_JSON + 1);
        if (b.length > MAX_JSON) throw new DaemonApiException(who() + ": " + what + ": response larger than " + MAX_JSON + " bytes");
        try {
            JsonNode n = JSON.readTree(b);
            if (n == null || !n.isObject()) throw new IOException("not a JSON object");
            return n;
        } catch (IOException e) {
            throw new DaemonApiException(who() + ": " + what + ": malformed JSON response: " + firstLine(e.getMessage()));
        }
    }

    /** The daemon's error: its JSON {@code message} when it sent one, else the status and the start of the body. */
    private DaemonApiException error(EngineResponse r, String what) throws IOException {
        byte[] b = r.body().readNBytes(64 << 10);
        String text = new String(b, StandardCharsets.UTF_8).trim();
        try {
            JsonNode n = JSON.readTree(b);
            if (n != null && n.hasNonNull("message")) text = n.get("message").asText();
        } catch (IOException ignored) {
            // not JSON: keep the text
        }
        if (text.length() > 300) text = text.substring(0, 300) + "...";
        return new DaemonApiException(who() + " returned an error: " + what + ": " + r.status()
                + (text.isEmpty() ? "" : " " + firstLine(text)));
    }

    /** Percent-encodes an image name for a path segment, keeping the characters references are made of readable. */
    static String encode(String name) {
        StringBuilder sb = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~/:@".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
