package dev.jdx.image.source;

import java.io.IOException;

/**
 * Opens an image named by a reference rather than a path: a local daemon's image or a registry's. The CLI plugs
 * these into {@link SourceOptions}, so this package needs no daemon or registry code.
 */
@FunctionalInterface
public interface ReferenceOpener {
    /**
     * Opens {@code reference}.
     *
     * @param scheme    the prefix the user wrote ({@code docker-daemon}, {@code podman}, {@code docker} for
     *                  {@code docker://}), or null for a bare reference (any local daemon / the default registry)
     * @param reference the reference without the prefix, e.g. {@code app:1.0}
     * @throws SourceUnavailableException when this source does not have the image and another may be tried
     */
    ImageSource open(String scheme, String reference) throws IOException;
}
