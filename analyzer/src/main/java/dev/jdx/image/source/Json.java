package dev.jdx.image.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdx.image.Descriptor;
import dev.jdx.image.Digest;
import dev.jdx.image.ImageFormatException;
import dev.jdx.image.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Bounded reading and parsing of the small JSON documents of an image (manifests, indexes, configs). */
final class Json {
    private Json() {}

    /** Metadata larger than this is refused: real manifests and configs are kilobytes, so more means garbage or an attack. */
    static final int MAX_METADATA = 16 << 20;

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Reads at most {@link #MAX_METADATA} bytes; more is an {@link ImageFormatException} naming {@code what}. */
    static byte[] readCapped(InputStream in, String what) throws IOException {
        try (in) {
            byte[] b = in.readNBytes(MAX_METADATA + 1);
            if (b.length > MAX_METADATA) {
                throw new ImageFormatException(what + ": larger than " + (MAX_METADATA >> 20) + " MiB, refusing to read it as metadata");
            }
            return b;
        }
    }

    static JsonNode parse(byte[] bytes, String what) throws ImageFormatException {
        try {
            JsonNode n = MAPPER.readTree(bytes);
            return n == null ? MAPPER.nullNode() : n;
        } catch (IOException e) {
            throw new ImageFormatException(what + ": not valid JSON: " + firstLine(originalMessage(e)));
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String originalMessage(IOException e) {
        return e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }

    /** Parses an OCI descriptor object; throws naming {@code what} when digest or size is malformed. */
    static Descriptor descriptor(JsonNode n, String what) throws ImageFormatException {
        if (n == null || !n.isObject()) throw new ImageFormatException(what + ": descriptor is not a JSON object");
        Digest digest;
        try {
            digest = Digest.parse(text(n, "digest"));
        } catch (IllegalArgumentException e) {
            throw new ImageFormatException(what + ": " + e.getMessage());
        }
        JsonNode sizeNode = n.get("size");
        long size = sizeNode != null && sizeNode.canConvertToLong() ? sizeNode.asLong() : -1;
        if (sizeNode != null && !sizeNode.isNull() && (!sizeNode.isIntegralNumber() || size < 0)) {
            throw new ImageFormatException(what + ": descriptor size " + sizeNode + " is not a non-negative integer");
        }
        Platform platform = null;
        JsonNode p = n.get("platform");
        if (p != null && p.isObject()) platform = new Platform(text(p, "os"), text(p, "architecture"), text(p, "variant"));
        List<String> urls = new ArrayList<>();
        JsonNode u = n.get("urls");
        if (u != null && u.isArray()) u.forEach(x -> urls.add(x.asText()));
        return new Descriptor(text(n, "mediaType"), digest, size, platform, stringMap(n.get("annotations")), urls,
                text(n, "artifactType"));
    }

    static Map<String, String> stringMap(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n != null && n.isObject()) n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
