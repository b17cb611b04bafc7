package dev.jdx.registry;

import dev.jdx.image.Descriptor;
import dev.jdx.image.Digest;
import dev.jdx.image.DigestMismatchException;
import dev.jdx.image.ImageFormatException;
import dev.jdx.image.SingleByteRead;
import dev.jdx.image.Verification;
import dev.jdx.image.VerifyingInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * A content-addressed store of blobs ({@code DIR/sha256/HEX}). An entry appears only complete and verified: it is
 * written to a temporary file in the same directory, checked against its digest, then renamed atomically, so a
 * killed download never leaves a bad blob behind. Safe for concurrent use by several threads and processes.
 */
public final class BlobCache {
    private final Path dir;

    public BlobCache(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /**
     * Deletes temporary files older than {@code age} that killed downloads left behind (they are never mistaken
     * for entries, but they take space). Returns how many were removed.
     */
    public int removeStaleTemporaries(java.time.Duration age) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        java.time.Instant cutoff = java.time.Instant.now().minus(age);
        int n = 0;
        try (java.util.stream.Stream<Path> algorithms = Files.list(dir)) {
            for (Path alg : algorithms.filter(Files::isDirectory).toList()) {
                try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(alg, ".tmp-*")) {
                    for (Path p : ds) {
                        if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff) && Files.deleteIfExists(p)) n++;
                    }
                }
            }
        }
        return n;
    }

    /** Where the blob lives (whether or not it is there yet). */
    public Path path(Digest digest) {
        return dir.resolve(digest.algorithm()).resolve(digest.hex());
    }

    public boolean contains(Digest digest) {
        return Files.isRegularFile(path(digest));
    }

    /** A verified stream of a cached blob. */
    public InputStream open(Descriptor d, Verification verification, String what) throws IOException {
        return new VerifyingInputStream(Files.newInputStream(path(d.digest())), what + " (from the blob cache " + dir + ")",
                d.digest(), d.size(), verification);
    }

    /** Stores bytes already verified against {@code digest}. */
    public void put(Digest digest, byte[] bytes) throws IOException {
        Path target = path(digest);
        if (Files.isRegularFile(target)) return;
        Path tmp = tempFor(target);
        try {
            Files.write(tmp, bytes);
            commit(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Wraps a network stream that is checked strictly by a {@link VerifyingInputStream}: what passes through is
     * written aside, and when the stream reaches its verified end the file becomes the cache entry. A mismatch is
     * reported through {@code verification} (thrown, or recorded as a warning) and nothing is cached.
     */
    public InputStream tee(VerifyingInputStream strictlyVerified, Digest digest, Verification verification) throws IOException {
        Path target = path(digest);
        Path tmp = tempFor(target);
        OutputStream out = Files.newOutputStream(tmp);
        return new Tee(strictlyVerified, out, tmp, target, verification);
    }

    private Path tempFor(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return target.resolveSibling(".tmp-" + target.getFileName() + "-" + UUID.randomUUID());
    }

    private static void commit(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static final class Tee extends FilterInputStream {
        private final OutputStream out;
        private final Path tmp;
        private final Path target;
        private final Verification verification;
        private boolean finished;

        Tee(InputStream in, OutputStream out, Path tmp, Path target, Verification verification) {
            super(in);
            this.out = out;
            this.tmp = tmp;
            this.target = target;
            this.verification = verification;
        }

        @Override
        public int read() throws IOException {
            return SingleByteRead.of(this);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (DigestMismatchException e) {
                abandon();
                verification.mismatch(e);
                return -1;
            } catch (ImageFormatException e) {
                abandon();
                if (verification.isStrict()) throw e;
                verification.warn(e.getMessage());
                return -1;
            } catch (IOException e) {
                abandon();
                throw e;
            }
            if (n < 0) {
                if (!finished) {
                    finished = true;
                    out.close();
                    commit(tmp, target);
                }
                return -1;
            }
            if (n > 0 && !finished) out.write(b, off, n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[(int) Math.min(Math.max(n, 0), 8192)];
            int r = read(buf, 0, buf.length);
            return Math.max(r, 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void abandon() {
            if (finished) return;
            finished = true;
            try {
                out.close();
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a leftover temp file is never mistaken for an entry
            }
        }

        @Override
        public void close() throws IOException {
            try {
                in.close();
            } finally {
                abandon(); // closed before the end: the download is incomplete
            }
        }
    }
}
