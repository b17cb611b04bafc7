package dev.jdx.image.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A parsed image source argument: which kind of source (or null to detect it from content), the path, and the
 * optional selector that followed the path ({@code app.tar:app:1.0} gives selector {@code app:1.0}).
 *
 * @param kind     {@code docker-archive}, {@code oci-archive}, {@code oci}, or null when detected from content
 * @param path     the archive file or layout directory
 * @param selector a tag or ref name, or null
 * @param text     the argument as the user gave it
 */
public record SourceSpec(String kind, Path path, String selector, String text) {

    public static final String DOCKER_ARCHIVE = "docker-archive";
    public static final String OCI_ARCHIVE = "oci-archive";
    public static final String OCI_LAYOUT = "oci";

    /**
     * Parses {@code [kind:]path[:selector]}. Paths may themselves contain colons, so the path is the longest prefix
     * (ending before a colon) that exists on disk; when none exists the whole rest is taken as the path, and opening
     * it later reports that it is missing.
     */
    public static SourceSpec parse(String spec) {
        if (spec == null || spec.isEmpty()) throw new IllegalArgumentException("empty image source");
        String kind = null;
        String rest = spec;
        for (String k : new String[] {DOCKER_ARCHIVE, OCI_ARCHIVE, OCI_LAYOUT}) {
            if (spec.toLowerCase(Locale.ROOT).startsWith(k + ":")) {
                kind = k;
                rest = spec.substring(k.length() + 1);
                break;
            }
        }
        if (rest.isEmpty()) throw new IllegalArgumentException("image source '" + spec + "' names no path");
        if (exists(rest)) return new SourceSpec(kind, Path.of(rest), null, spec);
        for (int i = rest.lastIndexOf(':'); i > 0; i = rest.lastIndexOf(':', i - 1)) {
            String p = rest.substring(0, i);
            if (exists(p)) {
                String sel = rest.substring(i + 1);
                return new SourceSpec(kind, Path.of(p), sel.isEmpty() ? null : sel, spec);
            }
        }
        return new SourceSpec(kind, Path.of(rest), null, spec);
    }

    private static boolean exists(String p) {
        try {
            return Files.exists(Path.of(p));
        } catch (RuntimeException e) { // InvalidPathException
            return false;
        }
    }
}
