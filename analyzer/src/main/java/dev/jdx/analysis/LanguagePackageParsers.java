package dev.jdx.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Parsers of the language package manifests: Python core metadata, npm package.json, Maven pom.properties. */
final class LanguagePackageParsers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LanguagePackageParsers() {}

    /** A name and version read from a manifest; {@code member} names the manifest inside a JAR, else null. */
    record NameVersion(String name, String version, String member) {}

    /** Python {@code METADATA} / {@code PKG-INFO}: email-style headers {@code Name:} and {@code Version:} before the body. */
    static NameVersion pythonMetadata(String text) {
        String name = null, version = null;
        for (String line : text.split("\r?\n")) {
            if (line.isEmpty()) break; // the body (long description) starts here
            if (line.startsWith("Name:")) name = line.substring(5).trim();
            else if (line.startsWith("Version:")) version = line.substring(8).trim();
        }
        return name == null || name.isEmpty() ? null : new NameVersion(name, version, null);
    }

    /** npm {@code package.json}: its {@code name} and {@code version}; null when not JSON or nameless. */
    static NameVersion packageJson(byte[] bytes) {
        try {
            JsonNode n = JSON.readTree(bytes);
            if (n == null || !n.isObject() || !n.path("name").isTextual()) return null;
            return new NameVersion(n.get("name").asText(), n.path("version").isTextual() ? n.get("version").asText() : null, null);
        } catch (IOException e) {
            return null;
        }
    }

    /** The pom.properties members of a JAR reduced by {@link AnalysisCapture#pomProperties}. */
    static List<NameVersion> pomProperties(String reduced) {
        List<NameVersion> out = new ArrayList<>();
        String[] parts = reduced.split("(?m)^" + AnalysisCapture.MEMBER_MARK);
        for (String part : parts) {
            if (part.isBlank()) continue;
            int nl = part.indexOf('\n');
            if (nl < 0) continue;
            String member = part.substring(0, nl).trim();
            Properties p = new Properties();
            try {
                p.load(new StringReader(part.substring(nl + 1)));
            } catch (IOException | IllegalArgumentException e) {
                continue;
            }
            String g = p.getProperty("groupId"), a = p.getProperty("artifactId"), v = p.getProperty("version");
            if (a == null) continue;
            out.add(new NameVersion(g == null ? a : g + ":" + a, v, member));
        }
        return out;
    }
}
