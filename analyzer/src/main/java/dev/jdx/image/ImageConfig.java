package dev.jdx.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed image configuration (OCI image config / Docker container config): what the image runs and how it
 * was built. The raw JSON is kept so reports can show what jdx does not model.
 */
public record ImageConfig(String architecture, String os, String variant, String created, String author,
                          RuntimeConfig config, List<Digest> diffIds, List<HistoryEntry> history, byte[] raw) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The {@code config} object: the container's defaults. Absent values are null or empty. */
    public record RuntimeConfig(String user, List<String> exposedPorts, List<String> env, List<String> entrypoint,
                                List<String> cmd, List<String> volumes, String workingDir, Map<String, String> labels,
                                String stopSignal, Healthcheck healthcheck, List<String> onBuild, List<String> shell) {
        public static final RuntimeConfig EMPTY = new RuntimeConfig(null, List.of(), List.of(), null, null,
                List.of(), null, Map.of(), null, null, List.of(), null);
    }

    /** The {@code Healthcheck} object; durations are nanoseconds as in the config. */
    public record Healthcheck(List<String> test, long intervalNanos, long timeoutNanos, long startPeriodNanos, int retries) {}

    public Platform platform() {
        return new Platform(os, architecture, variant);
    }

    /** Parses a config blob; throws {@link ImageFormatException} when it is not a JSON object with a usable shape. */
    public static ImageConfig parse(byte[] bytes, String what) throws ImageFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new ImageFormatException(what + ": config is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new ImageFormatException(what + ": config is not a JSON object");
        }
        try {
            List<Digest> diffIds = diffIds(root.path("rootfs").path("diff_ids"));
            List<HistoryEntry> history = new ArrayList<>();
            for (JsonNode h : root.path("history")) {
                history.add(new HistoryEntry(text(h, "created"), text(h, "created_by"), text(h, "author"),
                        text(h, "comment"), h.path("empty_layer").asBoolean(false)));
            }
            JsonNode c = root.path("config");
            if (c.isMissingNode() || c.isNull()) c = root.path("container_config");
            RuntimeConfig rc = runtimeConfig(c);
            return new ImageConfig(text(root, "architecture"), text(root, "os"), text(root, "variant"),
                    text(root, "created"), text(root, "author"), rc, List.copyOf(diffIds), List.copyOf(history), bytes);
        } catch (IllegalArgumentException e) {
            throw new ImageFormatException(what + ": " + e.getMessage());
        }
    }

    /** The config's rootfs.diff_ids; an error names the entry (an absent list is empty: the manifest check says so). */
    private static List<Digest> diffIds(JsonNode ids) {
        List<Digest> out = new ArrayList<>();
        if (ids.isMissingNode() || ids.isNull()) return out;
        if (!ids.isArray()) throw new IllegalArgumentException("config rootfs.diff_ids is not an array");
        for (int i = 0; i < ids.size(); i++) {
            JsonNode d = ids.get(i);
            if (!d.isTextual()) throw new IllegalArgumentException("config rootfs.diff_ids[" + i + "] is not a digest string: " + d);
            try {
                out.add(Digest.parse(d.asText()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("config rootfs.diff_ids[" + i + "]: " + e.getMessage());
            }
        }
        return out;
    }

    private static RuntimeConfig runtimeConfig(JsonNode c) {
        if (c == null || !c.isObject()) return RuntimeConfig.EMPTY;
        Healthcheck hc = null;
        JsonNode h = c.path("Healthcheck");
        if (h.isObject()) {
            hc = new Healthcheck(strings(h.path("Test")), h.path("Interval").asLong(0), h.path("Timeout").asLong(0),
                    h.path("StartPeriod").asLong(0), h.path("Retries").asInt(0));
        }
        return new RuntimeConfig(text(c, "User"), keys(c.path("ExposedPorts")), orEmpty(strings(c.path("Env"))),
                strings(c.path("Entrypoint")), strings(c.path("Cmd")), keys(c.path("Volumes")), text(c, "WorkingDir"),
                map(c.path("Labels")), text(c, "StopSignal"), hc, orEmpty(strings(c.path("OnBuild"))),
                strings(c.path("Shell")));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** A JSON array of strings, or null when absent/null (absent and empty differ for Entrypoint and Cmd). */
    private static List<String> strings(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) return null;
        if (n.isTextual()) return List.of(n.asText());
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) out.add(e.asText());
        return List.copyOf(out);
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }

    private static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n != null && n.isObject()) n.fieldNames().forEachRemaining(out::add);
        return List.copyOf(out);
    }

    private static Map<String, String> map(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n != null && n.isObject()) n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
