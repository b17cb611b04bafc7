package dev.jdx.image.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides whether an argument names a file, a local daemon's image or a registry's, and opens it: explicit prefixes
 * first ({@code docker-daemon:}, {@code podman:}, {@code docker://}, the archive prefixes), then {@code --source},
 * then for a bare argument: an existing path, else (when it reads as an image reference) the local daemon when one is
 * reachable and has the image, else the registry.
 */
final class SourceResolver {
    static final String DOCKER_DAEMON = "docker-daemon";
    static final String PODMAN = "podman";
    static final String REGISTRY_SCHEME = "docker";

    // the distribution reference grammar (github.com/distribution/reference), to tell "app:1.0" from a mistyped path
    private static final String LABEL = "[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?";
    private static final String DOMAIN = "(?:" + LABEL + "(?:\\." + LABEL + ")*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?";
    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final Pattern REFERENCE = Pattern.compile("(?:" + DOMAIN + "/)?" + COMPONENT + "(?:/" + COMPONENT + ")*"
            + "(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?");
    private static final Pattern ARCHIVE_NAME = Pattern.compile("(?i).*\\.(?:tar|tgz|tar\\.gz|tar\\.zst|tar\\.zstd|gz|zst|json)$");

    private SourceResolver() {}

    /** True when {@code s} is a well-formed image reference that does not look like an archive's file name. */
    static boolean looksLikeReference(String s) {
        return REFERENCE.matcher(s).matches() && !ARCHIVE_NAME.matcher(s).matches();
    }

    static ImageSource open(String spec, SourceOptions o) throws IOException {
        if (spec == null || spec.isEmpty()) throw new IllegalArgumentException("empty image source");
        String lower = spec.toLowerCase(Locale.ROOT);
        for (String scheme : new String[] {DOCKER_DAEMON, PODMAN}) {
            if (lower.startsWith(scheme + ":")) {
                requireForce(o, SourceOptions.Force.DAEMON, spec);
                return fromDaemon(o, scheme, spec.substring(scheme.length() + 1), spec);
            }
        }
        if (lower.startsWith(REGISTRY_SCHEME + "://")) {
            requireForce(o, SourceOptions.Force.REGISTRY, spec);
            return fromRegistry(o, REGISTRY_SCHEME, spec.substring(REGISTRY_SCHEME.length() + 3), spec);
        }
        return switch (o.force()) {
            case ARCHIVE -> ImageSources.open(spec);
            case DAEMON -> fromDaemon(o, null, spec, spec);
            case REGISTRY -> fromRegistry(o, null, spec, spec);
            case AUTO -> auto(spec, o);
        };
    }

    private static void requireForce(SourceOptions o, SourceOptions.Force allowed, String spec) {
        if (o.force() != SourceOptions.Force.AUTO && o.force() != allowed) {
            throw new IllegalArgumentException("--source " + o.force().name().toLowerCase(Locale.ROOT) + " contradicts '" + spec + "'");
        }
    }

    private static ImageSource auto(String spec, SourceOptions o) throws IOException {
        SourceSpec parsed = SourceSpec.parse(spec);
        if (parsed.kind() != null || Files.exists(parsed.path()) || !looksLikeReference(spec)) return ImageSources.open(parsed);
        String why = "";
        if (o.daemon() != null) {
            try {
                return fromDaemon(o, null, spec, spec);
            } catch (SourceUnavailableException e) {
                why = e.getMessage();
            }
        }
        if (o.registry() != null) return fromRegistry(o, null, spec, spec);
        if (o.daemon() == null) throw new NoSuchFileException(spec, null, "no such file or directory");
        throw new SourceUnavailableException(spec + ": no such file, and no local daemon has image " + spec + " (" + why + ")");
    }

    private static ImageSource fromDaemon(SourceOptions o, String scheme, String ref, String spec) throws IOException {
        if (ref.isEmpty()) throw new IllegalArgumentException("'" + spec + "' names no image");
        if (o.daemon() == null) throw new IllegalArgumentException("reading images from a local daemon is not available here: " + spec);
        if (!REFERENCE.matcher(ref).matches()) throw new IllegalArgumentException("'" + ref + "' is not an image reference (NAME[:TAG] or NAME@DIGEST)");
        ImageSource src = o.daemon().open(scheme, ref);
        o.notice().accept("reading " + ref + " from " + src);
        return src;
    }

    private static ImageSource fromRegistry(SourceOptions o, String scheme, String ref, String spec) throws IOException {
        if (ref.isEmpty()) throw new IllegalArgumentException("'" + spec + "' names no image");
        if (o.registry() == null) {
            throw new SourceUnavailableException(spec + ": reading images from a registry is not available in this build of jdx");
        }
        ImageSource src = o.registry().open(scheme, ref);
        o.notice().accept("reading " + ref + " from the registry");
        return src;
    }
}
