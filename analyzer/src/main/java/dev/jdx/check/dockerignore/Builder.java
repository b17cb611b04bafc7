package dev.jdx.check.dockerignore;

import java.util.Locale;

/** Which builder's view of the context to reproduce: they read different ignore files and walk differently. */
public enum Builder {
    /** The classic builder (docker CLI ≤ 20.10, {@code DOCKER_BUILDKIT=0}): prunes excluded directories. */
    LEGACY,
    /** BuildKit ({@code docker buildx build}): walks excluded directories when an exception has wildcards. */
    BUILDKIT,
    /** Buildah / Podman: reads {@code .containerignore} first, then {@code .dockerignore}. */
    BUILDAH;

    /** Parses {@code legacy}, {@code buildkit} or {@code buildah} (also {@code podman}). */
    public static Builder parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "legacy", "classic" -> LEGACY;
            case "buildkit", "buildx" -> BUILDKIT;
            case "buildah", "podman" -> BUILDAH;
            default -> throw new IllegalArgumentException("unknown builder '" + s + "' (expected legacy, buildkit or buildah)");
        };
    }

    /** The lower-case name used in output. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
