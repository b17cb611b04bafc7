package dev.jdx.image;

import java.io.IOException;
import java.io.InputStream;

/**
 * The single-byte {@code read()} of a stream whose real work is its bulk {@code read(byte[], int, int)}: the streams
 * that count, bound, verify or decode bytes do it in the bulk read only, and route the single-byte one through it.
 */
public final class SingleByteRead {
    private SingleByteRead() {}

    /** One byte read through {@code in}'s bulk read: 0-255, or -1 at the end. */
    public static int of(InputStream in) throws IOException {
        byte[] one = new byte[1];
        return in.read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }
}
