package dev.jdx.check.dockerfile;

/**
 * A base image reference split the way Docker normalises it.
 *
 * @param registry   registry host ({@code docker.io} when none is written)
 * @param repository repository path ({@code library/debian} for an official image)
 * @param tag        the tag, or null when none is written
 * @param digest     the {@code sha256:...} digest, or null
 */
public record BaseImage(String registry, String repository, String tag, String digest) {
    /** Parses {@code [registry/]repo[:tag][@digest]}. */
    public static BaseImage parse(String ref) {
        String digest = null;
        int at = ref.indexOf('@');
        if (at >= 0) {
            digest = ref.substring(at + 1);
            ref = ref.substring(0, at);
        }
        String registry = "docker.io";
        int slash = ref.indexOf('/');
        if (slash > 0) {
            String first = ref.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first;
                ref = ref.substring(slash + 1);
            }
        }
        String tag = null;
        int colon = ref.lastIndexOf(':');
        if (colon > ref.lastIndexOf('/')) {
            tag = ref.substring(colon + 1);
            ref = ref.substring(0, colon);
        }
        String repo = ref.toLowerCase(java.util.Locale.ROOT);
        if (registry.equals("docker.io") && !repo.contains("/")) repo = "library/" + repo;
        if (registry.equals("index.docker.io") || registry.equals("registry-1.docker.io")) registry = "docker.io";
        return new BaseImage(registry, repo, tag, digest);
    }

    /** The repository without {@code library/}: {@code debian}, {@code bitnami/node}. */
    public String shortName() {
        return repository.startsWith("library/") ? repository.substring("library/".length()) : repository;
    }
}
