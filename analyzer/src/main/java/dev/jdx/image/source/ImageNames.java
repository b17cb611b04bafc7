package dev.jdx.image.source;

import java.util.Locale;

/** Docker-style image name normalisation, so {@code app}, {@code app:latest} and {@code docker.io/library/app:latest} match. */
final class ImageNames {
    private ImageNames() {}

    /** Whether the user's {@code wanted} name denotes {@code candidate} (a RepoTag, ref name or containerd name). */
    static boolean matches(String wanted, String candidate) {
        if (wanted == null || candidate == null) return false;
        if (wanted.equals(candidate)) return true;
        String c = normalise(candidate);
        if (normalise(wanted).equals(c)) return true;
        // podman and buildah store unqualified local names as localhost/NAME
        return !hasHost(wanted.trim()) && normalise("localhost/" + wanted.trim()).equals(c);
    }

    private static boolean hasHost(String n) {
        int slash = n.indexOf('/');
        if (slash <= 0) return false;
        String first = n.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost");
    }

    /** {@code app} → {@code docker.io/library/app:latest}; a name with a registry host is kept; digests are kept. */
    static String normalise(String name) {
        String n = name.trim();
        String digest = "";
        int at = n.indexOf('@');
        if (at >= 0) {
            digest = n.substring(at);
            n = n.substring(0, at);
        }
        int slash = n.indexOf('/');
        String first = slash < 0 ? "" : n.substring(0, slash);
        boolean hasHost = slash > 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"));
        if (!hasHost) n = "docker.io/" + (slash < 0 ? "library/" : "") + n;
        else if (first.equals("index.docker.io")) n = "docker.io" + n.substring(slash);
        int lastSlash = n.lastIndexOf('/');
        if (digest.isEmpty() && n.indexOf(':', lastSlash) < 0) n = n + ":latest";
        return n.toLowerCase(Locale.ROOT) + digest;
    }
}
