package dev.jdx.cli;

import dev.jdx.image.ImageRef;
import dev.jdx.image.source.ImageSource;
import dev.jdx.image.source.ImageSources;
import dev.jdx.image.source.ReferenceOpener;
import dev.jdx.image.source.SourceOptions;
import dev.jdx.image.source.daemon.DaemonOpener;
import dev.jdx.image.source.daemon.EndpointDiscovery;
import dev.jdx.registry.RegistrySource;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * How the CLI opens image arguments: files, local daemons ({@code docker-daemon:}, {@code podman:}, bare references)
 * and registries ({@code docker://}, {@code registry:}, bare references no daemon has). The one place that wires
 * source kinds together for every command.
 */
final class Sources {
    private Sources() {}

    /**
     * Opens {@code source}.
     *
     * @param force     the {@code --source} value, or null for automatic
     * @param discovery where daemons are looked for
     * @param registry  the registry options (credentials, TLS, cache) of the command
     * @param err       where the one-line "reading X from Y" notice goes, or null for none ({@code -q})
     */
    static ImageSource open(String source, String force, EndpointDiscovery discovery, RegistryOptions registry,
                            PrintWriter err) throws IOException {
        // registry:REF is jdx's spelling of docker://REF
        String spec = source.startsWith("registry:") ? "docker://" + source.substring("registry:".length()) : source;
        return ImageSources.open(spec, options(force, discovery, registry, err));
    }

    static SourceOptions options(String force, EndpointDiscovery discovery, RegistryOptions registry, PrintWriter err) {
        SourceOptions.Force f;
        try {
            f = force == null ? SourceOptions.Force.AUTO : SourceOptions.Force.parse(force);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--source: " + e.getMessage());
        }
        SourceOptions o = new SourceOptions(f, new DaemonOpener(discovery), registryOpener(registry), null);
        if (err != null) {
            o = o.withNotice(line -> {
                err.println(Errors.line(line));
                err.flush();
            });
        }
        return o;
    }

    private static ReferenceOpener registryOpener(RegistryOptions options) {
        return (scheme, reference) -> {
            ImageRef ref;
            try {
                ref = ImageRef.parse(reference);
                return new RegistrySource(ref, options.settings(ref));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        };
    }
}
