package dev.jdx.image.source;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * How {@link ImageSources#open(String, SourceOptions)} resolves an argument that may name a file, a local daemon's
 * image or a registry's.
 *
 * @param force    which kind of source to use, or {@link Force#AUTO} to decide from the argument
 * @param daemon   opens {@code docker-daemon:}, {@code podman:} and bare references from a local daemon; null: none
 * @param registry opens {@code docker://} references and bare references no daemon has; null: none available
 * @param notice   receives one line naming the source that was chosen for a reference (never for a plain file)
 */
public record SourceOptions(Force force, ReferenceOpener daemon, ReferenceOpener registry, Consumer<String> notice) {

    /** The {@code --source} choice. */
    public enum Force {
        AUTO, ARCHIVE, DAEMON, REGISTRY;

        /** Parses {@code daemon|registry|archive|auto}, case-insensitively. */
        public static Force parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown source '" + s + "' (expected daemon, registry, archive or auto)");
            }
        }
    }

    public SourceOptions {
        if (force == null) force = Force.AUTO;
        if (notice == null) notice = s -> { };
    }

    /** Files only: no daemon, no registry. */
    public static SourceOptions filesOnly() {
        return new SourceOptions(Force.AUTO, null, null, null);
    }

    public SourceOptions withForce(Force f) {
        return new SourceOptions(f, daemon, registry, notice);
    }

    public SourceOptions withDaemon(ReferenceOpener d) {
        return new SourceOptions(force, d, registry, notice);
    }

    public SourceOptions withRegistry(ReferenceOpener r) {
        return new SourceOptions(force, daemon, r, notice);
    }

    public SourceOptions withNotice(Consumer<String> n) {
        return new SourceOptions(force, daemon, registry, n);
    }
}
