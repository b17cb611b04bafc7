package dev.jdx.image.source.daemon;

import dev.jdx.image.source.ImageSource;
import dev.jdx.image.source.ReferenceOpener;
import dev.jdx.image.source.SourceUnavailableException;
import java.io.IOException;

/**
 * The {@link ReferenceOpener} for local daemons: {@code docker-daemon:} reads from Docker, {@code podman:} from
 * Podman, and a bare reference from Docker when it is reachable and has the image, else from Podman. When neither
 * can serve a bare reference the {@link SourceUnavailableException} names both reasons, so the caller can fall back
 * to a registry.
 */
public final class DaemonOpener implements ReferenceOpener {
    private final EndpointDiscovery discovery;

    public DaemonOpener(EndpointDiscovery discovery) {
        this.discovery = discovery;
    }

    @Override
    public ImageSource open(String scheme, String reference) throws IOException {
        if (scheme != null) {
            DaemonKind kind = DaemonKind.ofScheme(scheme);
            if (kind == null) throw new IllegalArgumentException("unknown daemon source '" + scheme + ":'");
            return DaemonSource.open(discovery.find(kind), reference);
        }
        SourceUnavailableException docker;
        try {
            return DaemonSource.open(discovery.docker(), reference);
        } catch (SourceUnavailableException e) {
            docker = e;
        }
        try {
            return DaemonSource.open(discovery.podman(), reference);
        } catch (SourceUnavailableException e) {
            throw new SourceUnavailableException("docker: " + docker.getMessage() + "; podman: " + e.getMessage(), docker);
        }
    }
}
