package dev.jdx.cli;

import dev.jdx.image.source.ReferenceOpener;
import dev.jdx.image.source.SourceOptions;
import dev.jdx.image.source.daemon.DaemonOpener;
import dev.jdx.image.source.daemon.EndpointDiscovery;
import java.io.PrintWriter;

/**
 * How the CLI opens image arguments: files, local daemons ({@code docker-daemon:}, {@code podman:}, bare references)
 * and, once plugged in here, registries. The one place that wires source kinds together for every command.
 */
final class Sources {
    private Sources() {}

    /** The registry opener for {@code docker://} and bare references no daemon has; null until the registry client lands. */
    static final ReferenceOpener REGISTRY = null;

    /**
     * @param force     the {@code --source} value, or null for automatic
     * @param discovery where daemons are looked for
     * @param err       where the one-line "reading X from Y" notice goes, or null for none ({@code -q})
     */
    static SourceOptions options(String force, EndpointDiscovery discovery, PrintWriter err) {
        SourceOptions o = new SourceOptions(force == null ? SourceOptions.Force.AUTO : SourceOptions.Force.parse(force),
                new DaemonOpener(discovery), REGISTRY, null);
        if (err != null) {
            o = o.withNotice(line -> {
                err.println("jdx: " + line);
                err.flush();
            });
        }
        return o;
    }
}
