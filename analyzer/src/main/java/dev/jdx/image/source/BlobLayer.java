package dev.jdx.image.source;

import dev.jdx.image.Descriptor;
import dev.jdx.image.Digest;
import dev.jdx.image.Layer;
import dev.jdx.image.Verification;
import dev.jdx.image.VerifyingInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A layer whose stored bytes come from an opener; every {@link #open()} is verified against the descriptor. */
record BlobLayer(int index, Descriptor descriptor, Digest diffId, String what, Opener opener, Verification verification)
        implements Layer {

    /** Opens the raw stored bytes of the layer. */
    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    @Override
    public InputStream open() throws IOException {
        return new VerifyingInputStream(opener.open(), what, descriptor.digest(), descriptor.size(), verification);
    }

    @Override
    public String toString() {
        return what;
    }
}
