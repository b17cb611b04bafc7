package dev.jdx.cli;

import dev.jdx.image.ImageRef;
import dev.jdx.image.source.ImageSource;
import dev.jdx.image.source.ImageSources;
import dev.jdx.image.source.SourceSpec;
import dev.jdx.registry.RegistrySource;
import java.io.IOException;
import java.nio.file.Files;

/**
 * Decides where a SOURCE argument points: an explicit prefix wins ({@code docker-archive:}, {@code oci-archive:},
 * {@code oci:}, {@code registry:}, {@code docker://}); otherwise an existing path is an archive or layout, and a
 * name that is not a path but parses as an image reference is pulled from its registry.
 */
final class Sources {
    private Sources() {}

    static ImageSource open(String source, RegistryOptions registry) throws IOException {
        if (source.startsWith("registry:") || source.startsWith("docker://")) return openRegistry(source, registry);
        SourceSpec spec = ImageSources.parse(source);
        if (spec.kind() != null || Files.exists(spec.path()) || !looksLikeReference(source)) return ImageSources.open(spec);
        return openRegistry(source, registry);
    }

    private static ImageSource openRegistry(String source, RegistryOptions registry) throws IOException {
        ImageRef ref;
        try {
            ref = ImageRef.parse(source);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        try {
            return new RegistrySource(ref, registry.settings(ref));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Not a path-looking argument (no leading ./ or /, no .tar ending) that parses as a reference. */
    private static boolean looksLikeReference(String s) {
        if (s.startsWith("/") || s.startsWith("./") || s.startsWith("../") || s.endsWith(".tar") || s.endsWith(".tar.gz")
                || s.endsWith(".tgz")) return false;
        try {
            ImageRef.parse(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
