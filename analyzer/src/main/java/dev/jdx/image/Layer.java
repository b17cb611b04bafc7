package dev.jdx.image;

import java.io.IOException;
import java.io.InputStream;

/**
 * One filesystem layer of an {@link Image}. Holds no bytes: {@link #open()} hands out a fresh stream of the blob
 * as stored (compressed or not) each call, verified against {@link #descriptor()} at end of stream.
 */
public interface Layer {
    /** Position in the image, 0 = bottom. */
    int index();

    /** The blob as the manifest describes it: media type, digest (of the stored bytes) and size. */
    Descriptor descriptor();

    /** The digest of the uncompressed tar, from the config's {@code rootfs.diff_ids}; null when the config lacks it. */
    Digest diffId();

    /** A fresh stream of the stored blob bytes; checks size and digest at its end (see {@link VerifyingInputStream}). */
    InputStream open() throws IOException;
}
