package dev.jdx.fs;

import dev.jdx.image.Compression;
import dev.jdx.image.Digest;
import dev.jdx.image.Image;
import dev.jdx.image.ImageFormatException;
import dev.jdx.image.Layer;
import dev.jdx.image.Verification;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipException;

/**
 * Reads each layer of an image in one streaming pass: decompresses it (compression from magic bytes), walks the
 * tar, hashes file content while draining it, checks the diff_id of the uncompressed stream and (through the
 * source's verifying stream) the blob digest, and records every entry. Nothing is extracted to disk; memory
 * grows with the number of entries, not their bytes. Layers are scanned in parallel, largest first (the largest
 * layer bounds the wall time), and returned in layer order.
 */
public final class LayerScanner {
    private static final int BUFFER = Compression.BUFFER;
    private static final String WH = ".wh.";
    private static final String OPQ = ".wh..wh..opq";

    private final ScanOptions options;

    public LayerScanner(ScanOptions options) {
        this.options = options;
    }

    /** Scans every layer of {@code image}; the first failure (in layer order) is thrown, the others cancelled. */
    public ScanResult scan(Image image, Verification verification) throws IOException {
        List<Layer> layers = image.layers();
        LayerContents[] out = new LayerContents[layers.size()];
        List<Map<String, byte[]>> captured = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) captured.add(Map.of());
        if (layers.isEmpty()) return new ScanResult(List.of(), CapturedFiles.NONE);
        int threads = Math.min(options.threads(), layers.size());
        if (threads <= 1) {
            for (Layer l : layers) {
                Map<String, byte[]> cap = new HashMap<>();
                out[l.index()] = scanLayer(l, image.reference(), verification, cap);
                captured.set(l.index(), cap);
            }
            return new ScanResult(Arrays.asList(out), new CapturedFiles(captured));
        }
        List<Layer> bySize = new ArrayList<>(layers);
        bySize.sort(Comparator.comparingLong((Layer l) -> l.descriptor().size()).reversed());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "jdx-layer-scan");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<Integer, Future<Map<String, byte[]>>> futures = new HashMap<>();
            for (Layer l : bySize) {
                futures.put(l.index(), pool.submit(() -> {
                    Map<String, byte[]> cap = new HashMap<>();
                    out[l.index()] = scanLayer(l, image.reference(), verification, cap);
                    return cap;
                }));
            }
            for (int i = 0; i < layers.size(); i++) {
                try {
                    captured.set(i, futures.get(i).get());
                } catch (ExecutionException e) {
                    futures.values().forEach(f -> f.cancel(true));
                    Throwable c = e.getCause();
                    if (c instanceof IOException io) throw io;
                    if (c instanceof RuntimeException re) throw re;
                    if (c instanceof Error err) throw err;
                    throw new IOException(c);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    futures.values().forEach(f -> f.cancel(true));
                    throw new InterruptedIOException("interrupted while scanning layers");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new ScanResult(Arrays.asList(out), new CapturedFiles(captured));
    }

    /** "gzip tar stream", "zstd tar stream", or "uncompressed tar stream": what an error message calls the layer. */
    private static String streamName(Compression c) {
        return (c == Compression.NONE ? "uncompressed" : c.label()) + " tar stream";
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // everything needed was read; only the decompressor's memory was at stake
        }
    }

    /** Scans one layer. {@code captured} receives the bytes of files the capture predicate asks for. */
    public LayerContents scanLayer(Layer layer, Verification verification, Map<String, byte[]> captured) throws IOException {
        return scanLayer(layer, null, verification, captured);
    }

    /** Scans one layer of the image called {@code imageName} (named in error messages when not null). */
    public LayerContents scanLayer(Layer layer, String imageName, Verification verification, Map<String, byte[]> captured)
            throws IOException {
        String what = "layer " + layer.index() + (layer.descriptor().digest() != null
                ? " (" + layer.descriptor().digest().toString().substring(0, 19) + ")" : "")
                + (imageName != null ? " of " + imageName : "");
        List<FileEntry> entries = new ArrayList<>();
        MessageDigest fileMd = options.hashContent() ? Digest.newSha256() : null;
        byte[] buf = new byte[BUFFER];
        try (InputStream raw = layer.open();
             CountingStream stored = new CountingStream(raw, options.listener());
             BufferedInputStream peek = new BufferedInputStream(stored, BUFFER)) {
            Compression compression = Compression.detect(peek);
            InputStream decompressed = Compression.decompress(peek, layer.descriptor().size());
            // An uncompressed blob whose digest is the diff_id is already hashed by the source's verifying stream:
            // hashing the same bytes again for the diff_id would double the SHA-256 work of plain layers.
            boolean blobIsDiffId = compression == Compression.NONE && layer.diffId() != null
                    && layer.diffId().equals(layer.descriptor().digest());
            HashingStream tar = new HashingStream(decompressed, !blobIsDiffId);
            try {
                EntryReader reader = new EntryReader(new TarWalker(tar, BUFFER), what, fileMd, buf, options.capture(), captured);
                // the loop is a method of its own and the per-entry work is in methods called once per entry: the JIT
                // compiles those once, instead of compiling (on-stack replacement) and recompiling all of scanLayer
                reader.readAll(entries);
                if (entries.isEmpty() && tar.count > 0 && tar.count < 1024) {
                    throw new ImageFormatException(what + ": not a tar archive (" + tar.count + " bytes, no entries)");
                }
                // The diff_id covers the whole uncompressed stream, end-of-archive blocks and padding included.
                while (tar.read(buf, 0, buf.length) >= 0) { /* drain */ }
                // Drain the stored blob too, so the source's verifying stream sees its end and checks the digest.
                while (peek.read(buf, 0, buf.length) >= 0) { /* drain */ }
            } catch (TarWalker.TruncatedTarException e) {
                throw new ImageFormatException(what + ": truncated tar stream (an entry claims more bytes than the layer holds)", e);
            } catch (TarWalker.TarFormatException e) {
                throw new ImageFormatException(what + ": unreadable " + streamName(compression) + ": " + e.getMessage(), e);
            } catch (EOFException | ZipException e) {
                throw new ImageFormatException(what + ": truncated or corrupt " + compression.label() + " data: " + e.getMessage(), e);
            } catch (ImageFormatException e) {
                throw e;
            } catch (IOException e) {
                if (e instanceof InterruptedIOException) throw e;
                String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                if (m.contains("Truncated TAR")) {
                    throw new ImageFormatException(what + ": truncated tar stream (an entry claims more bytes than the layer holds)", e);
                }
                // zstd-jni reports corrupt frames (bad checksum, unknown frame) as plain IOExceptions of its own
                if (e.getClass().getName().startsWith("com.github.luben.zstd")
                        || m.contains("Unknown frame") || m.contains("Data corruption") || m.contains("match checksum")) {
                    throw new ImageFormatException(what + ": truncated or corrupt " + compression.label() + " data: " + m, e);
                }
                if (m.contains("parsing the header") || m.contains("Corrupted")) {
                    throw new ImageFormatException(what + ": unreadable " + streamName(compression) + ": " + m, e);
                }
                throw e;
            } finally {
                // frees the decompressor's native memory now: zstd-jni's NoFinalizer stream never frees it otherwise
                // (a leak of its window, megabytes per layer, in a warm server that inspects many images)
                closeQuietly(decompressed);
            }
            Digest diffId;
            if (tar.md != null) {
                diffId = Digest.ofSha256(tar.md.digest());
                if (layer.diffId() != null) verification.check(what + " diff_id", layer.diffId(), diffId);
            } else {
                diffId = layer.diffId(); // verified as the blob digest when the stored stream ended
            }
            LayerContents lc = new LayerContents(layer.index(), entries, compression, stored.count, tar.count, diffId);
            options.listener().layerDone(lc);
            return lc;
        } catch (ImageFormatException | InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(what)) throw e;
            throw new ImageFormatException(what + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    /** The entries of one layer's tar stream, each with its content hashed and, when asked for, captured. */
    private static final class EntryReader {
        private static final HexFormat HEX = HexFormat.of();
        private final TarWalker tar;
        private final String what;
        private final MessageDigest fileMd;
        private final byte[] buf;
        private final ContentCapture capture;
        private final Map<String, byte[]> captured;

        EntryReader(TarWalker tar, String what, MessageDigest fileMd, byte[] buf, ContentCapture capture,
                    Map<String, byte[]> captured) {
            this.tar = tar;
            this.what = what;
            this.fileMd = fileMd;
            this.buf = buf;
            this.capture = capture;
            this.captured = captured;
        }

        void readAll(List<FileEntry> into) throws IOException {
            for (FileEntry fe; (fe = next()) != null; ) into.add(fe);
        }

        /** The next entry, or null at the end of the archive. */
        FileEntry next() throws IOException {
            TarWalker.Header te;
            while ((te = tar.next()) != null) {
                FileEntry fe = toEntry(te, what);
                if (fe != null) return fe.type() == EntryType.FILE ? withContent(fe) : fe;
            }
            return null;
        }

        /** Reads a regular file's content: its sha256, and its bytes when the capture wants them. */
        private FileEntry withContent(FileEntry fe) throws IOException {
            byte[] keep = null;
            if (fe.size() <= capture.limit(fe.path()) && fe.size() < Integer.MAX_VALUE - 16) {
                // whole files only: a reader never parses half a database. Filled in place, not through a
                // ByteArrayOutputStream whose toByteArray would hold a database (up to 64 MiB) twice
                keep = new byte[(int) fe.size()];
            }
            if (fileMd == null && keep == null && fe.size() == 0) return fe;
            long remaining = fe.size();
            int n;
            while ((n = tar.read(buf, 0, buf.length)) > 0) {
                if (fileMd != null) fileMd.update(buf, 0, n);
                if (keep != null && remaining >= n) System.arraycopy(buf, 0, keep, (int) (fe.size() - remaining), n);
                remaining -= n;
            }
            if (remaining != 0) throw new ImageFormatException(what + ": truncated tar entry " + fe.path());
            String sha = fileMd != null ? HEX.formatHex(fileMd.digest()) : null;
            if (keep != null) {
                byte[] kept = capture.reduce(fe.path(), keep);
                if (kept != null) captured.put(fe.path(), kept);
            }
            return new FileEntry(fe.path(), fe.type(), fe.mode(), fe.uid(), fe.gid(), fe.size(), fe.mtime(),
                    fe.linkTarget(), sha);
        }
    }

    private static FileEntry toEntry(TarWalker.Header te, String what) throws ImageFormatException {
        String path = PathNames.normalise(te.name(), what);
        String name = path.substring(path.lastIndexOf('/') + 1);
        int mode = te.mode() & 07777;
        int uid = (int) te.uid();
        int gid = (int) te.gid();
        long mtime = te.mtime();
        if (name.startsWith(WH)) {
            String parent = path.substring(0, Math.max(1, path.lastIndexOf('/')));
            if (name.equals(OPQ)) return new FileEntry(parent, EntryType.OPAQUE, mode, uid, gid, 0, mtime, null, null);
            String target = (parent.equals("/") ? "" : parent) + "/" + name.substring(WH.length());
            return new FileEntry(target, EntryType.WHITEOUT, mode, uid, gid, 0, mtime, null, null);
        }
        EntryType type;
        String link = null;
        long size = 0;
        char t = te.type();
        if (t == '2') {
            type = EntryType.SYMLINK;
            link = te.linkName();
        } else if (t == '1') {
            type = EntryType.HARDLINK;
            link = PathNames.normalise(te.linkName(), what);
        } else if (te.isDirectory()) {
            type = EntryType.DIR;
        } else if (t == '3') {
            type = EntryType.CHAR_DEVICE;
        } else if (t == '4') {
            type = EntryType.BLOCK_DEVICE;
        } else if (t == '6') {
            type = EntryType.FIFO;
        } else {
            type = EntryType.FILE;
            size = te.size();
            if (size < 0) throw new ImageFormatException(what + ": negative size for " + path);
        }
        return new FileEntry(path, type, mode, uid, gid, size, mtime, link, null);
    }

    /** Counts stored bytes and reports them to the listener in chunks. */
    private static final class CountingStream extends FilterInputStream {
        private final ScanListener listener;
        long count;
        private long unreported;

        CountingStream(InputStream in, ScanListener listener) {
            super(in);
            this.listener = listener;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) add(1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) add(n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] tmp = new byte[(int) Math.min(n, 8192)];
            int r = read(tmp, 0, tmp.length);
            return Math.max(r, 0);
        }

        private void add(int n) {
            count += n;
            unreported += n;
            if (unreported >= (1 << 20)) {
                listener.bytesRead(unreported);
                unreported = 0;
            }
        }

        @Override
        public void close() throws IOException {
            if (unreported > 0) listener.bytesRead(unreported);
            unreported = 0;
            super.close();
        }
    }

    /** Hashes and counts the uncompressed tar stream (the diff_id); skips are reads so nothing escapes the hash. */
    private static final class HashingStream extends FilterInputStream {
        /** Null when the caller needs only the count. */
        final MessageDigest md;
        long count;

        HashingStream(InputStream in, boolean hash) {
            super(in);
            md = hash ? Digest.newSha256() : null;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                if (md != null) md.update((byte) b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                if (md != null) md.update(b, off, n);
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] tmp = new byte[(int) Math.min(n, BUFFER)];
            long done = 0;
            while (done < n) {
                int r = read(tmp, 0, (int) Math.min(tmp.length, n - done));
                if (r < 0) break;
                done += r;
            }
            return done;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
