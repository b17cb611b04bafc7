package dev.jdx.image;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A registry image reference such as {@code ubuntu}, {@code ghcr.io/org/app:1.0} or
 * {@code localhost:5000/app@sha256:…}, normalised as Docker normalises it ({@code ubuntu} is
 * {@code docker.io/library/ubuntu:latest}).
 *
 * @param registry   the registry host (and port) as named, {@code docker.io} for Docker Hub
 * @param repository the repository path, with {@code library/} added for single-component Docker Hub names
 * @param tag        the tag, {@code latest} when neither tag nor digest is given, null for a digest-only reference
 * @param digest     the manifest digest pinned with {@code @}, or null
 */
public record ImageRef(String registry, String repository, String tag, Digest digest) {

    /** Docker Hub's canonical name, as references spell it. */
    public static final String DOCKER_HUB = "docker.io";
    /** The host that serves Docker Hub's registry API. */
    public static final String DOCKER_HUB_API = "registry-1.docker.io";

    // distribution/reference grammar (reference/regexp.go)
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final int NAME_MAX = 255;

    public ImageRef {
        if (registry == null || registry.isEmpty()) throw new IllegalArgumentException("missing registry");
        if (repository == null || repository.isEmpty()) throw new IllegalArgumentException("missing repository");
        if (tag == null && digest == null) tag = "latest";
    }

    /**
     * Parses a reference, with or without a {@code docker://} or {@code registry:} prefix. Throws
     * {@link IllegalArgumentException} naming the reference and what is wrong with it.
     */
    public static ImageRef parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("empty image reference");
        String s = text.trim();
        if (s.startsWith("docker://")) s = s.substring("docker://".length());
        else if (s.startsWith("registry:")) s = s.substring("registry:".length());
        if (s.isEmpty()) throw new IllegalArgumentException("empty image reference '" + text + "'");

        Digest digest = null;
        int at = s.indexOf('@');
        if (at >= 0) {
            String d = s.substring(at + 1);
            try {
                digest = Digest.parse(d);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid reference '" + text + "': " + e.getMessage());
            }
            s = s.substring(0, at);
        }
        String tag = null;
        int lastSlash = s.lastIndexOf('/');
        int colon = s.lastIndexOf(':');
        if (colon > lastSlash) {
            tag = s.substring(colon + 1);
            s = s.substring(0, colon);
            if (!TAG.matcher(tag).matches()) throw new IllegalArgumentException("invalid tag '" + tag + "' in reference '" + text + "'");
        }
        if (s.isEmpty()) throw new IllegalArgumentException("invalid reference '" + text + "': missing repository name");
        if (s.length() > NAME_MAX) throw new IllegalArgumentException("invalid reference '" + text + "': repository name longer than " + NAME_MAX + " characters");

        // Docker's splitDockerDomain: the first component is a host only when it looks like one.
        String registry;
        String path;
        int slash = s.indexOf('/');
        String first = slash < 0 ? null : s.substring(0, slash);
        if (first == null || (!first.contains(".") && !first.contains(":") && !first.equals("localhost")
                && first.toLowerCase(Locale.ROOT).equals(first))) {
            registry = DOCKER_HUB;
            path = s;
        } else {
            registry = first;
            path = s.substring(slash + 1);
            if (!DOMAIN.matcher(registry).matches()) {
                throw new IllegalArgumentException("invalid registry host '" + registry + "' in reference '" + text + "'");
            }
        }
        if (registry.equals("index.docker.io")) registry = DOCKER_HUB;
        for (String component : path.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
                if (!component.toLowerCase(Locale.ROOT).equals(component)) {
                    throw new IllegalArgumentException("invalid reference '" + text + "': repository name must be lowercase");
                }
                throw new IllegalArgumentException("invalid reference '" + text + "': bad repository name component '" + component + "'");
            }
        }
        if (registry.equals(DOCKER_HUB) && !path.contains("/")) path = "library/" + path;
        return new ImageRef(registry, path, tag, digest);
    }

    /** The host:port the registry API is served from ({@code registry-1.docker.io} for Docker Hub). */
    public String apiHost() {
        return registry.equals(DOCKER_HUB) ? DOCKER_HUB_API : registry;
    }

    /** True for {@code localhost}, {@code 127.0.0.1} and {@code [::1]} with any port, where plain HTTP is allowed. */
    public boolean isLoopback() {
        String host = hostWithoutPort(registry);
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.startsWith("127.");
    }

    /** What to ask the manifest endpoint for: the digest when pinned, else the tag. */
    public String manifestReference() {
        return digest != null ? digest.toString() : tag;
    }

    /** The same repository with another tag and no digest. */
    public ImageRef withTag(String newTag) {
        return new ImageRef(registry, repository, newTag, null);
    }

    /** The fully qualified form: {@code registry/repository[:tag][@digest]}. */
    @Override
    public String toString() {
        return registry + "/" + repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    /** {@code registry/repository} without tag or digest. */
    public String name() {
        return registry + "/" + repository;
    }

    static String hostWithoutPort(String hostPort) {
        if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf(']');
            return end < 0 ? hostPort : hostPort.substring(0, end + 1);
        }
        int c = hostPort.lastIndexOf(':');
        return c < 0 ? hostPort : hostPort.substring(0, c);
    }
}
