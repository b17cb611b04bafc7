package dev.jdx.image.source;

import dev.jdx.image.Digest;
import dev.jdx.image.ImageFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Content-addressed blobs of an OCI layout ({@code blobs/<alg>/<hex>}), in a directory or inside a tar archive. */
interface BlobStore {
    /** Whether the blob is present. */
    boolean has(Digest digest);

    /** The stored size, or -1 when absent. */
    long size(Digest digest) throws IOException;

    /** A fresh raw stream of the blob (unverified: callers wrap it). */
    InputStream open(Digest digest) throws IOException;

    /** Names the store in messages. */
    String describe();

    static String path(Digest d) {
        return "blobs/" + d.algorithm() + "/" + d.hex();
    }

    /** An OCI layout directory. Digests are validated hex, so the resolved path cannot leave {@code blobs/}. */
    record Directory(Path root) implements BlobStore {
        @Override
        public boolean has(Digest d) {
            return Files.isRegularFile(root.resolve(path(d)));
        }

        @Override
        public long size(Digest d) throws IOException {
            Path p = root.resolve(path(d));
            return Files.isRegularFile(p) ? Files.size(p) : -1;
        }

        @Override
        public InputStream open(Digest d) throws IOException {
            Path p = root.resolve(path(d));
            if (!Files.isRegularFile(p)) throw new ImageFormatException("blob " + d + " is missing from " + root);
            // a blob that is a symlink out of the layout is not part of the image
            if (!p.toRealPath().startsWith(root.toRealPath())) {
                throw new ImageFormatException("blob " + d + " of " + root + " is a symlink leading outside the layout");
            }
            return Files.newInputStream(p);
        }

        @Override
        public String describe() {
            return root.toString();
        }
    }

    /** An OCI layout stored inside a tar (oci-archive, Docker 25+ save, containerd export). */
    record Archive(TarArchive tar) implements BlobStore {
        @Override
        public boolean has(Digest d) {
            return tar.has(path(d));
        }

        @Override
        public long size(Digest d) throws IOException {
            return has(d) ? tar.resolve(path(d), "blob " + d).size() : -1;
        }

        @Override
        public InputStream open(Digest d) throws IOException {
            if (!has(d)) throw new ImageFormatException("blob " + d + " is missing from " + tar.display());
            return tar.open(tar.resolve(path(d), "blob " + d));
        }

        @Override
        public String describe() {
            return tar.display();
        }
    }
}
