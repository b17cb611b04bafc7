package dev.jdx.image.source.daemon;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Turns a failure to connect to a daemon's unix socket into a one-line message that says what to do. */
final class ConnectFailures {
    private ConnectFailures() {}

    static DaemonUnavailableException map(DaemonKind kind, Path socket, IOException e) {
        String msg = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        String who = kind.display() + " daemon";
        if (e instanceof AccessDeniedException || msg.contains("permission denied") || msg.contains("access denied")
                || msg.contains("operation not permitted")) {
            return new DaemonPermissionException("permission denied on the " + who + " socket " + socket + ": " + permissionHint(kind));
        }
        if (msg.contains("no such file") || !Files.exists(socket)) {
            return new DaemonUnavailableException(who + " not running: no socket at " + socket + " (" + startHint(kind) + ")");
        }
        if (msg.contains("not a socket") || Files.isRegularFile(socket)) {
            return new DaemonUnavailableException(who + " not reachable: " + socket + " is not a socket");
        }
        if (msg.contains("connection refused")) {
            return new DaemonUnavailableException(who + " not running: connection refused on " + socket
                    + " (the socket file exists but nothing listens on it; " + startHint(kind) + ")");
        }
        return new DaemonUnavailableException("cannot connect to the " + who + " at " + socket + ": " + e.getMessage());
    }

    static String permissionHint(DaemonKind kind) {
        return kind == DaemonKind.DOCKER
                ? "add your user to the 'docker' group (sudo usermod -aG docker $USER, then log in again),"
                        + " or use rootless Docker with DOCKER_HOST=unix://$XDG_RUNTIME_DIR/docker.sock"
                : "use the rootless socket with CONTAINER_HOST=unix://$XDG_RUNTIME_DIR/podman/podman.sock"
                        + " (systemctl --user start podman.socket), or run as a user allowed on " + EndpointDiscovery.PODMAN_ROOTFUL;
    }

    static String startHint(DaemonKind kind) {
        return kind == DaemonKind.DOCKER
                ? "start dockerd, or point DOCKER_HOST / the docker context at a running daemon"
                : "start it with 'podman system service', or set CONTAINER_HOST";
    }
}
