package dev.jdx.image.source;

import dev.jdx.image.Image;
import java.io.Closeable;
import java.io.IOException;

/** Where images come from. A source may hold files or connections open until closed. */
public interface ImageSource extends Closeable {
    /** Resolves the one image the selection names; throws an {@link java.io.IOException} subclass saying why not. */
    Image resolve(ImageSelection selection) throws IOException;

    /** Short kind name for display: {@code docker-archive}, {@code oci-archive}, {@code oci}, {@code registry}... */
    String kind();
}
