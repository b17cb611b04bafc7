import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A deterministic generator of large benchmark images, run as a single-file program:
 * {@code java bench/BenchImages.java M|L|S OUTDIR}.
 *
 * <p>Layers are streamed straight to files (never held in memory): many small compressible text files laid out
 * like a Python/Node install, some large incompressible binaries (about half the bytes), files overwritten and
 * deleted in later layers (file whiteouts, a directory whiteout, an opaque directory). Each layer is written
 * uncompressed, then compressed with {@code pigz} (gzip) and {@code zstd}. Outputs in OUTDIR:
 * {@code docker-gzip.tar} (docker-archive, gzip layers), {@code docker-plain.tar} (docker-archive, uncompressed
 * layers), {@code oci-zstd/} (OCI layout, zstd layers), and {@code gzip/N.tar.gz}, {@code zstd/N.tar.zst}
 * (the same layer blobs, for the GNU tar baselines). The same size and seed always give the same bytes.
 */
public final class BenchImages {
    record Size(String name, int layers, long bytes, int files, long seed) {}

    static final Size S = new Size("S", 3, 5L << 20, 600, 5);
    static final Size M = new Size("M", 8, 300L << 20, 30_000, 8);
    static final Size L = new Size("L", 12, 1536L << 20, 150_000, 12);
    static final Size XL = new Size("XL", 12, 4608L << 20, 150_000, 12); // L's file count, 3x the bytes
    static final long MTIME = 1_700_000_000L;
    static final String[] WORDS = ("import def return self class from None True False if else elif for while in not "
            + "and or lambda yield async await try except finally raise with as pass break continue global assert "
            + "module function value result data config name path list dict tuple string bytes object type error "
            + "const let var require exports undefined null this new prototype callback promise then catch").split(" ");

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java bench/BenchImages.java S|M|L|XL OUTDIR");
            System.exit(2);
        }
        Size size = switch (args[0]) {
            case "S" -> S;
            case "M" -> M;
            case "L" -> L;
            case "XL" -> XL;
            default -> throw new IllegalArgumentException("size must be S, M, L or XL");
        };
        Path out = Path.of(args[1]);
        Files.createDirectories(out.resolve("plain"));
        Files.createDirectories(out.resolve("gzip"));
        Files.createDirectories(out.resolve("zstd"));
        new BenchImages(size, out).run();
    }

    private final Size size;
    private final Path out;
    private final HexFormat hex = HexFormat.of();
    /** Files written by earlier layers, candidates for overwrites and whiteouts. */
    private final List<String> earlier = new ArrayList<>();
    private final List<String> earlierDirs = new ArrayList<>();

    BenchImages(Size size, Path out) {
        this.size = size;
        this.out = out;
    }

    void run() throws Exception {
        String[] diffIds = new String[size.layers()];
        String[] gzDigests = new String[size.layers()];
        String[] zstDigests = new String[size.layers()];
        long[] gzSizes = new long[size.layers()];
        long[] zstSizes = new long[size.layers()];
        long totalEntries = 0;
        for (int i = 0; i < size.layers(); i++) {
            Path plain = out.resolve("plain/" + i + ".tar");
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            long entries;
            try (OutputStream fo = new BufferedOutputStream(Files.newOutputStream(plain), 1 << 16);
                 DigestOutputStream dos = new DigestOutputStream(fo, md)) {
                TarWriter tw = new TarWriter(dos);
                writeLayer(i, tw);
                tw.finish();
                entries = tw.entries;
            }
            totalEntries += entries;
            diffIds[i] = hex.formatHex(md.digest());
            Path gz = out.resolve("gzip/" + i + ".tar.gz");
            Path zst = out.resolve("zstd/" + i + ".tar.zst");
            exec("pigz", "-6", "-n", "-c", plain.toString(), "-->", gz.toString());
            exec("zstd", "-q", "-3", "-T2", "-f", plain.toString(), "-o", zst.toString());
            gzDigests[i] = sha256(gz);
            zstDigests[i] = sha256(zst);
            gzSizes[i] = Files.size(gz);
            zstSizes[i] = Files.size(zst);
            System.err.printf("layer %d: %,d entries, %,d bytes, gzip %,d, zstd %,d%n", i, entries, Files.size(plain),
                    gzSizes[i], zstSizes[i]);
        }
        String config = config(diffIds);
        byte[] cfg = config.getBytes(StandardCharsets.UTF_8);
        String cfgHex = hex.formatHex(MessageDigest.getInstance("SHA-256").digest(cfg));
        dockerArchive(out.resolve("docker-gzip.tar"), "gzip", cfg, cfgHex, gzDigests, "bench/" + size.name().toLowerCase() + ":gzip");
        String[] plainDigests = diffIds;
        dockerArchive(out.resolve("docker-plain.tar"), "plain", cfg, cfgHex, plainDigests, "bench/" + size.name().toLowerCase() + ":plain");
        ociLayout(out.resolve("oci-zstd"), cfg, cfgHex, zstDigests, zstSizes);
        // the uncompressed layers live on inside docker-plain.tar; the loose copies are not needed
        for (int i = 0; i < size.layers(); i++) Files.delete(out.resolve("plain/" + i + ".tar"));
        Files.delete(out.resolve("plain"));
        Files.writeString(out.resolve("entries"), totalEntries + "\n");
        System.err.printf("%s: %,d tar entries in %d layers%n", size.name(), totalEntries, size.layers());
    }

    /** Writes one layer: small text files, large binaries, and (after layer 0) overwrites and whiteouts. */
    void writeLayer(int index, TarWriter tw) throws IOException {
        SplittableRandom rnd = new SplittableRandom(size.seed() * 1000 + index);
        long layerBytes = size.bytes() / size.layers();
        int layerFiles = size.files() / size.layers();
        long binaryBudget = layerBytes / 2;
        long textBudget = layerBytes - binaryBudget;
        Set<String> dirs = new HashSet<>();
        String[] roots = {"/usr/lib/python3.11/site-packages", "/usr/local/lib/node_modules", "/opt/app/vendor"};
        List<String> mine = new ArrayList<>();
        if (index > 0 && !earlier.isEmpty()) {
            Set<String> deleted = new HashSet<>();
            // deletions first: file whiteouts, one directory whiteout, and an opaque directory
            for (int k = 0; k < layerFiles / 50; k++) {
                String victim = earlier.get(rnd.nextInt(earlier.size()));
                String parent = victim.substring(0, victim.lastIndexOf('/'));
                if (!deleted.add(victim)) continue;
                dirs(tw, dirs, parent);
                tw.file(parent + "/.wh." + victim.substring(victim.lastIndexOf('/') + 1), 0, null, rnd);
            }
            String gone = earlierDirs.get(rnd.nextInt(earlierDirs.size()));
            String gparent = gone.substring(0, gone.lastIndexOf('/'));
            dirs(tw, dirs, gparent);
            tw.file(gparent + "/.wh." + gone.substring(gone.lastIndexOf('/') + 1), 0, null, rnd);
            String opaque = earlierDirs.get(rnd.nextInt(earlierDirs.size()));
            dirs(tw, dirs, opaque);
            tw.file(opaque + "/.wh..wh..opq", 0, null, rnd);
            // overwrites: the same paths with new (text) content
            for (int k = 0; k < layerFiles / 20; k++) {
                String victim = earlier.get(rnd.nextInt(earlier.size()));
                if (deleted.contains(victim) || victim.startsWith(gone + "/")) continue;
                dirs(tw, dirs, victim.substring(0, victim.lastIndexOf('/')));
                long n = textSize(rnd);
                tw.file(victim, n, Kind.TEXT, rnd);
                textBudget -= n;
            }
        }
        // large incompressible binaries: 1–40 MiB each, about half the layer's bytes
        int b = 0;
        while (binaryBudget > 0) {
            long n = Math.min(binaryBudget, (1L << 20) + rnd.nextLong(39L << 20));
            String dir = "/usr/lib/x86_64-linux-gnu/l" + index;
            dirs(tw, dirs, dir);
            String p = dir + "/libbench" + b++ + ".so";
            tw.file(p, n, Kind.RANDOM, rnd);
            mine.add(p);
            binaryBudget -= n;
        }
        // many small text files in package directories, with a symlink now and then
        int files = 0;
        while (files < layerFiles && textBudget > 0) {
            String pkg = roots[rnd.nextInt(roots.length)] + "/pkg" + index + "_" + rnd.nextInt(Math.max(1, layerFiles / 40));
            String sub = pkg + "/" + (rnd.nextBoolean() ? "lib" : "src/internal");
            dirs(tw, dirs, sub);
            earlierDirs.add(pkg);
            int inPkg = 1 + rnd.nextInt(30);
            for (int k = 0; k < inPkg && files < layerFiles; k++, files++) {
                String p = sub + "/module_" + k + (rnd.nextBoolean() ? ".py" : ".js");
                long n = Math.min(textSize(rnd), Math.max(0, textBudget));
                tw.file(p, n, Kind.TEXT, rnd);
                textBudget -= n;
                mine.add(p);
                if (rnd.nextInt(100) == 0) tw.symlink(sub + "/link_" + k, "module_" + k + ".py");
            }
        }
        earlier.addAll(mine);
    }

    /** Small text sizes: log-distributed between 64 B and 32 KiB. */
    static long textSize(SplittableRandom rnd) {
        return (long) Math.exp(Math.log(64) + rnd.nextDouble() * (Math.log(32768) - Math.log(64)));
    }

    static void dirs(TarWriter tw, Set<String> seen, String dir) throws IOException {
        if (dir.isEmpty() || dir.equals("/") || seen.contains(dir)) return;
        dirs(tw, seen, dir.substring(0, dir.lastIndexOf('/')));
        seen.add(dir);
        tw.dir(dir);
    }

    String config(String[] diffIds) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2024-01-01T00:00:00Z\",")
                .append("\"config\":{\"Env\":[\"PATH=/usr/local/bin:/usr/bin:/bin\"],\"Cmd\":[\"python3\"],\"User\":\"1000\"},")
                .append("\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[");
        for (int i = 0; i < diffIds.length; i++) sb.append(i > 0 ? "," : "").append("\"sha256:").append(diffIds[i]).append('"');
        sb.append("]},\"history\":[");
        for (int i = 0; i < diffIds.length; i++) {
            sb.append(i > 0 ? "," : "").append("{\"created\":\"2024-01-01T00:00:00Z\",\"created_by\":\"RUN pip install -r requirements-")
                    .append(i).append(".txt # buildkit\"}");
        }
        return sb.append("]}").toString();
    }

    void dockerArchive(Path target, String blobDir, byte[] cfg, String cfgHex, String[] digests, String tag) throws IOException {
        StringBuilder m = new StringBuilder("[{\"Config\":\"" + cfgHex + ".json\",\"RepoTags\":[\"" + tag + "\"],\"Layers\":[");
        for (int i = 0; i < digests.length; i++) m.append(i > 0 ? "," : "").append('"').append(digests[i]).append("/layer.tar\"");
        m.append("]}]");
        try (OutputStream fo = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16)) {
            TarWriter tw = new TarWriter(fo);
            tw.bytes(cfgHex + ".json", cfg);
            for (int i = 0; i < digests.length; i++) {
                String src = blobDir.equals("gzip") ? "gzip/" + i + ".tar.gz" : "plain/" + i + ".tar";
                tw.copy(digests[i] + "/layer.tar", out.resolve(src));
            }
            tw.bytes("manifest.json", m.toString().getBytes(StandardCharsets.UTF_8));
            tw.finish();
        }
    }

    void ociLayout(Path dir, byte[] cfg, String cfgHex, String[] digests, long[] sizes) throws Exception {
        Path blobs = dir.resolve("blobs/sha256");
        Files.createDirectories(blobs);
        Files.write(blobs.resolve(cfgHex), cfg);
        StringBuilder m = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",")
                .append("\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:")
                .append(cfgHex).append("\",\"size\":").append(cfg.length).append("},\"layers\":[");
        for (int i = 0; i < digests.length; i++) {
            Path blob = blobs.resolve(digests[i]);
            Files.deleteIfExists(blob);
            // the zstd blobs live in the layout; zstd/N.tar.zst are hard links to them
            Files.move(out.resolve("zstd/" + i + ".tar.zst"), blob);
            Files.createLink(out.resolve("zstd/" + i + ".tar.zst"), blob);
            m.append(i > 0 ? "," : "").append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+zstd\",\"digest\":\"sha256:")
                    .append(digests[i]).append("\",\"size\":").append(sizes[i]).append('}');
        }
        byte[] man = m.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        String manHex = hex.formatHex(MessageDigest.getInstance("SHA-256").digest(man));
        Files.write(blobs.resolve(manHex), man);
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:" + manHex
                + "\",\"size\":" + man.length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"zstd\"}}]}");
    }

    String sha256(Path p) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(p)) {
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
        }
        return hex.formatHex(md.digest());
    }

    /** Runs a command; "-->" FILE redirects its stdout to FILE. */
    static void exec(String... cmd) throws Exception {
        List<String> c = new ArrayList<>(List.of(cmd));
        ProcessBuilder pb = new ProcessBuilder();
        int redirect = c.indexOf("-->");
        if (redirect >= 0) {
            pb.redirectOutput(Path.of(c.get(redirect + 1)).toFile());
            c = c.subList(0, redirect);
        }
        pb.command(c).redirectError(ProcessBuilder.Redirect.INHERIT);
        int rc = pb.start().waitFor();
        if (rc != 0) throw new IOException(String.join(" ", c) + " failed with " + rc);
    }

    enum Kind { TEXT, RANDOM }

    /** A minimal streaming ustar writer (names split into prefix/name; the generator keeps them short). */
    static final class TarWriter {
        private final OutputStream out;
        private final byte[] block = new byte[512];
        private final byte[] chunk = new byte[1 << 16];
        long entries;

        TarWriter(OutputStream out) {
            this.out = out;
        }

        void dir(String path) throws IOException {
            header(path.substring(1) + "/", 0, '5', 0755, null);
        }

        void symlink(String path, String target) throws IOException {
            header(path.substring(1), 0, '2', 0777, target);
        }

        void file(String path, long n, Kind kind, SplittableRandom rnd) throws IOException {
            header(path.startsWith("/") ? path.substring(1) : path, n, '0', 0644, null);
            long left = n;
            while (left > 0) {
                int len = (int) Math.min(left, chunk.length);
                if (kind == Kind.RANDOM) {
                    for (int i = 0; i + 8 <= len; i += 8) {
                        long v = rnd.nextLong();
                        for (int k = 0; k < 8; k++) chunk[i + k] = (byte) (v >>> (k * 8));
                    }
                    for (int i = len & ~7; i < len; i++) chunk[i] = (byte) rnd.nextInt(256);
                } else {
                    int i = 0;
                    while (i < len) {
                        byte[] w = WORDS_B[rnd.nextInt(WORDS_B.length)];
                        for (int k = 0; k < w.length && i < len; k++) chunk[i++] = w[k];
                        if (i < len) chunk[i++] = (byte) (rnd.nextInt(12) == 0 ? '\n' : ' ');
                    }
                }
                out.write(chunk, 0, len);
                left -= len;
            }
            pad(n);
        }

        void bytes(String name, byte[] content) throws IOException {
            header(name, content.length, '0', 0644, null);
            out.write(content);
            pad(content.length);
        }

        void copy(String name, Path file) throws IOException {
            long n = Files.size(file);
            header(name, n, '0', 0644, null);
            try (InputStream in = Files.newInputStream(file)) {
                in.transferTo(out);
            }
            pad(n);
        }

        private void pad(long n) throws IOException {
            int r = (int) (n % 512);
            if (r != 0) out.write(new byte[512 - r]);
        }

        void finish() throws IOException {
            out.write(new byte[1024]);
            out.flush();
        }

        private void header(String name, long size, char type, int mode, String link) throws IOException {
            java.util.Arrays.fill(block, (byte) 0);
            byte[] nb = name.getBytes(StandardCharsets.UTF_8);
            if (nb.length > 100) {
                int cut = name.lastIndexOf('/', name.length() - 2);
                while (cut > 0 && name.length() - cut - 1 > 100) cut = -1;
                if (cut <= 0 || cut > 155) throw new IOException("name too long for ustar: " + name);
                put(name.substring(0, cut), 345, 155);
                put(name.substring(cut + 1), 0, 100);
            } else {
                put(name, 0, 100);
            }
            octal(mode, 100, 8);
            octal(1000, 108, 8);
            octal(1000, 116, 8);
            octal(size, 124, 12);
            octal(MTIME, 136, 12);
            block[156] = (byte) type;
            if (link != null) put(link, 157, 100);
            put("ustar", 257, 6);
            block[263] = '0';
            block[264] = '0';
            put("bench", 265, 32);
            put("bench", 297, 32);
            for (int i = 148; i < 156; i++) block[i] = ' ';
            long sum = 0;
            for (byte x : block) sum += x & 0xff;
            octal(sum, 148, 7);
            out.write(block);
            entries++;
        }

        private void put(String s, int off, int len) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(b, 0, block, off, Math.min(len, b.length));
        }

        private void octal(long v, int off, int len) {
            String s = Long.toOctalString(v);
            while (s.length() < len - 1) s = "0" + s;
            put(s, off, len - 1);
        }
    }

    static final byte[][] WORDS_B;

    static {
        WORDS_B = new byte[WORDS.length][];
        for (int i = 0; i < WORDS.length; i++) WORDS_B[i] = WORDS[i].getBytes(StandardCharsets.US_ASCII);
    }
}
