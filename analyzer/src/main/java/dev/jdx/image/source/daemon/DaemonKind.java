package dev.jdx.image.source.daemon;

/** Which daemon: its source-kind name (the {@code docker-daemon:} / {@code podman:} prefix) and its display name. */
public enum DaemonKind {
    DOCKER("docker-daemon", "docker"),
    PODMAN("podman", "podman");

    private final String scheme;
    private final String display;

    DaemonKind(String scheme, String display) {
        this.scheme = scheme;
        this.display = display;
    }

    /** The source prefix and {@link dev.jdx.image.Image#source()} value: {@code docker-daemon} or {@code podman}. */
    public String scheme() {
        return scheme;
    }

    /** {@code docker} or {@code podman}, for messages. */
    public String display() {
        return display;
    }

    /** The kind for a source prefix, or null. */
    public static DaemonKind ofScheme(String scheme) {
        for (DaemonKind k : values()) if (k.scheme.equalsIgnoreCase(scheme)) return k;
        return null;
    }
}
