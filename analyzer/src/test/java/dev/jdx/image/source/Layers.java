package dev.jdx.image.source;

import dev.jdx.image.Compression;
import dev.jdx.image.Digest;
import dev.jdx.image.Layer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Test helper: reads a layer the way the scanner does and hashes its uncompressed tar. */
final class Layers {
    private Layers() {}

    /**
     * The sha256 of the layer's uncompressed stream. The stored stream is drained to its end after the decompressor
     * stops (gzip may leave trailing bytes), so the {@link dev.jdx.image.VerifyingInputStream} always sees its end.
     */
    static Digest uncompressedDigest(Layer layer) throws IOException {
        try (InputStream raw = new BufferedInputStream(layer.open(), Compression.BUFFER)) {
            InputStream in = Compression.decompress(raw);
            MessageDigest md = Digest.newSha256();
            byte[] buf = new byte[Compression.BUFFER];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            raw.transferTo(OutputStream.nullOutputStream());
            return Digest.ofSha256(md.digest());
        }
    }
}
