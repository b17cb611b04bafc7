package dev.jdx.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdx.image.Compression;
import dev.jdx.image.Digest;
import dev.jdx.image.DigestMismatchException;
import dev.jdx.image.Image;
import dev.jdx.image.ImageFormatException;
import dev.jdx.image.Layer;
import dev.jdx.image.Verification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LayerScannerTest {
    private final LayerScanner scanner = new LayerScanner(ScanOptions.defaults());

    private static byte[] compress(Compression c, byte[] tar) throws IOException {
        return switch (c) {
            case GZIP -> TarBytes.gzip(tar);
            case ZSTD -> TarBytes.zstd(tar);
            case NONE -> tar;
        };
    }

    private static byte[] sample() {
        return new TarBytes()
                .dir("./", 0755)
                .dir("./etc", 0755)
                .file("./etc/hello.txt", "hello\n", 0644)
                .file("./usr/bin/su", "binary", 04755)
                .symlink("./etc/link", "hello.txt")
                .hardlink("./etc/hard", "./etc/hello.txt")
                .fifo("./run/pipe")
                .file("./var/.wh.gone", "", 0644)
                .file("./opt/.wh..wh..opq", "", 0644)
                .tar();
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void readsEveryEntryTypeAndDetectsCompressionFromContent(Compression c) throws IOException {
        byte[] tar = sample();
        Layer layer = TarBytes.layer(0, compress(c, tar), Digest.sha256(tar), Verification.strict());
        LayerContents lc = scanner.scanLayer(layer, Verification.strict(), new HashMap<>());

        assertThat(lc.compression()).isEqualTo(c);
        assertThat(lc.diffId()).isEqualTo(Digest.sha256(tar));
        assertThat(lc.tarBytes()).isEqualTo(tar.length);
        assertThat(lc.entries()).extracting(FileEntry::path, FileEntry::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/", EntryType.DIR),
                org.assertj.core.groups.Tuple.tuple("/etc", EntryType.DIR),
                org.assertj.core.groups.Tuple.tuple("/etc/hello.txt", EntryType.FILE),
                org.assertj.core.groups.Tuple.tuple("/usr/bin/su", EntryType.FILE),
                org.assertj.core.groups.Tuple.tuple("/etc/link", EntryType.SYMLINK),
                org.assertj.core.groups.Tuple.tuple("/etc/hard", EntryType.HARDLINK),
                org.assertj.core.groups.Tuple.tuple("/run/pipe", EntryType.FIFO),
                org.assertj.core.groups.Tuple.tuple("/var/gone", EntryType.WHITEOUT),
                org.assertj.core.groups.Tuple.tuple("/opt", EntryType.OPAQUE));
        FileEntry hello = lc.entries().get(2);
        assertThat(hello.size()).isEqualTo(6);
        assertThat(hello.sha256()).isEqualTo(Digest.sha256("hello\n").hex());
        assertThat(hello.uid()).isEqualTo(1000);
        assertThat(hello.mtime()).isEqualTo(1_700_000_000L);
        FileEntry su = lc.entries().get(3);
        assertThat(su.isSetuid()).isTrue();
        assertThat(su.modeString()).isEqualTo("-rwsr-xr-x");
        assertThat(lc.entries().get(4).linkTarget()).isEqualTo("hello.txt");
        assertThat(lc.entries().get(5).linkTarget()).isEqualTo("/etc/hello.txt");
        assertThat(lc.fileCount()).isEqualTo(7);
    }

    @Test
    void noHashSkipsContentDigestsButStillVerifiesDiffId() throws IOException {
        byte[] tar = sample();
        LayerScanner fast = new LayerScanner(ScanOptions.defaults().withHash(false));
        LayerContents lc = fast.scanLayer(TarBytes.layer(0, tar, Digest.sha256(tar), Verification.strict()),
                Verification.strict(), new HashMap<>());
        assertThat(lc.entries()).allMatch(e -> e.sha256() == null);
        assertThat(lc.diffId()).isEqualTo(Digest.sha256(tar));
    }

    @Test
    void anUncompressedBlobNamedByItsDiffIdIsVerifiedByItsBlobDigestAlone() throws IOException {
        byte[] tar = sample();
        Digest d = Digest.sha256(tar);
        LayerContents lc = scanner.scanLayer(TarBytes.layer(0, tar, d, d, Verification.strict()), Verification.strict(),
                new HashMap<>());
        assertThat(lc.diffId()).isEqualTo(d);
        // one byte of file content changed: the blob check (the only hash of these bytes) still fails the layer
        byte[] tampered = tar.clone();
        int at = new String(tar, StandardCharsets.ISO_8859_1).indexOf("hello\n");
        tampered[at] ^= 1;
        assertThat(Arrays.equals(tar, tampered)).isFalse();
        Layer bad = TarBytes.layer(0, tampered, d, d, Verification.strict());
        assertThatThrownBy(() -> scanner.scanLayer(bad, Verification.strict(), new HashMap<>()))
                .isInstanceOf(DigestMismatchException.class).hasMessageContaining("digest mismatch");
    }

    @Test
    void diffIdMismatchNamesTheLayerAndBothDigests() throws IOException {
        byte[] tar = sample();
        Digest wrong = Digest.sha256("something else");
        Layer layer = TarBytes.layer(3, TarBytes.gzip(tar), wrong, Verification.strict());
        assertThatThrownBy(() -> scanner.scanLayer(layer, Verification.strict(), new HashMap<>()))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("layer 3")
                .hasMessageContaining("diff_id")
                .hasMessageContaining(wrong.toString())
                .hasMessageContaining(Digest.sha256(tar).toString());
    }

    @Test
    void noVerifyDowngradesMismatchesToWarnings() throws IOException {
        byte[] tar = sample();
        byte[] blob = TarBytes.gzip(tar);
        Verification warn = Verification.warnOnly();
        Layer layer = TarBytes.layer(0, blob, Digest.sha256("declared blob"), Digest.sha256("declared diff"), warn);
        LayerContents lc = scanner.scanLayer(layer, warn, new HashMap<>());
        assertThat(lc.entries()).hasSize(9);
        assertThat(warn.warnings()).hasSize(2).anyMatch(w -> w.contains("diff_id")).anyMatch(w -> w.contains("layer blob 0"));
    }

    @Test
    void blobDigestMismatchIsDetectedAtEndOfStream() {
        byte[] tar = sample();
        Layer layer = TarBytes.layer(0, tar, Digest.sha256("not the blob"), Digest.sha256(tar), Verification.strict());
        assertThatThrownBy(() -> scanner.scanLayer(layer, Verification.strict(), new HashMap<>()))
                .isInstanceOf(DigestMismatchException.class).hasMessageContaining("layer blob 0");
    }

    @Test
    void rejectsParentDirectoryEscapes() {
        byte[] tar = new TarBytes().file("../../etc/evil", "x", 0644).tar();
        Layer layer = TarBytes.layer(0, tar, Digest.sha256(tar), Verification.strict());
        assertThatThrownBy(() -> scanner.scanLayer(layer, Verification.strict(), new HashMap<>()))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("unsafe entry name");
    }

    @Test
    @Timeout(10)
    void truncatedGzipFailsCleanly() throws IOException {
        byte[] gz = TarBytes.gzip(new TarBytes().file("a", new byte[100_000], 0644).tar());
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        Layer layer = TarBytes.layer(0, cut, Digest.sha256(cut), null, Verification.strict());
        assertThatThrownBy(() -> scanner.scanLayer(layer, Verification.strict(), new HashMap<>()))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("layer 0");
    }

    /** A bad tar header is a tar error named after the layer's compression ("uncompressed", not "none"). */
    @ParameterizedTest
    @EnumSource(Compression.class)
    void aCorruptTarHeaderNamesTheStreamItIsIn(Compression c) throws IOException {
        byte[] tar = new TarBytes().file("a", "alpha", 0644).file("b", "beta", 0644).tar();
        tar[512 + 512 + 3] ^= 0x20; // the second header's name: its checksum no longer matches
        Layer layer = TarBytes.layer(0, compress(c, tar), Digest.sha256(tar), null, Verification.strict());
        String name = c == Compression.NONE ? "uncompressed" : c.label();
        assertThatThrownBy(() -> scanner.scanLayer(layer, Verification.strict(), new HashMap<>()))
                .isInstanceOf(ImageFormatException.class)
                .hasMessageStartingWith("layer 0")
                .hasMessageContaining(": unreadable " + name + " tar stream: bad checksum in the tar header at offset 1024");
    }

    /** A damaged zstd frame (its content checksum fails) is corrupt zstd data, not a tar problem. */
    @Test
    @Timeout(10)
    void aDamagedZstdFrameIsCorruptZstdData() throws IOException {
        byte[] random = new byte[200_000];
        new java.util.Random(3).nextBytes(random);
        byte[] tar = new TarBytes().file("a", random, 0644).tar();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (var z = new com.github.luben.zstd.ZstdOutputStream(out)) {
            z.setChecksum(true); // as the zstd tool writes frames by default
            z.write(tar);
        }
        byte[] zst = out.toByteArray();
        zst[zst.length / 2] ^= 0x01; // inside a raw (incompressible) block: only the frame checksum notices
        Layer layer = TarBytes.layer(0, zst, Digest.sha256(zst), null, Verification.strict());
        assertThatThrownBy(() -> scanner.scanLayer(layer, Verification.strict(), new HashMap<>()))
                .isInstanceOf(ImageFormatException.class)
                .hasMessageStartingWith("layer 0")
                .hasMessageContaining(": truncated or corrupt zstd data: ");
    }

    @Test
    @Timeout(10)
    void headerClaimingAbsurdSizeFailsCleanly() {
        byte[] tar = new TarBytes().file("big", new byte[600], 0644).tar();
        // rewrite the size field (offset 124, 12 octal bytes) to claim 64 GiB
        byte[] size = String.format("%011o\0", 64L << 30).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, tar, 124, 12);
        fixChecksum(tar, 0);
        Layer layer = TarBytes.layer(0, tar, Digest.sha256(tar), null, Verification.strict());
        assertThatThrownBy(() -> scanner.scanLayer(layer, Verification.strict(), new HashMap<>()))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("truncated");
    }

    @Test
    void notATarIsAnError() {
        byte[] junk = "insert binary content here #1234\n".getBytes(StandardCharsets.US_ASCII);
        Layer layer = TarBytes.layer(0, junk, Digest.sha256(junk), null, Verification.strict());
        assertThatThrownBy(() -> scanner.scanLayer(layer, Verification.strict(), new HashMap<>()))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("not a tar");
    }

    @Test
    void capturesWholeRequestedFilesWithinTheirLimitOnly() throws IOException {
        byte[] tar = new TarBytes().file("etc/os-release", "ID=debian\nVERSION_ID=12\n", 0644)
                .file("etc/big", new byte[10_000], 0644).file("etc/other", "x", 0644).tar();
        LayerScanner s = new LayerScanner(ScanOptions.defaults()
                .withCapture(p -> p.equals("/etc/os-release") || p.equals("/etc/big") ? 4096 : 0));
        Map<String, byte[]> cap = new HashMap<>();
        s.scanLayer(TarBytes.layer(0, tar, Digest.sha256(tar), Verification.strict()), Verification.strict(), cap);
        // /etc/big is larger than its limit: not kept at all, never truncated
        assertThat(cap).containsOnlyKeys("/etc/os-release");
        assertThat(new String(cap.get("/etc/os-release"), StandardCharsets.UTF_8)).startsWith("ID=debian");
    }

    @Test
    void capturesAFileOfManyBufferFullsExactlyAndAnEmptyOne() throws IOException {
        byte[] big = new byte[3_000_001];
        new java.util.Random(5).nextBytes(big);
        byte[] tar = new TarBytes().file("var/lib/rpm/Packages", big, 0644).file("etc/empty", new byte[0], 0644).tar();
        LayerScanner s = new LayerScanner(ScanOptions.defaults().withCapture(p -> 4 << 20));
        Map<String, byte[]> cap = new HashMap<>();
        s.scanLayer(TarBytes.layer(0, tar, Digest.sha256(tar), Verification.strict()), Verification.strict(), cap);
        assertThat(cap.get("/var/lib/rpm/Packages")).isEqualTo(big);
        assertThat(cap.get("/etc/empty")).isEmpty();
    }

    @Test
    void scansLayersInParallelAndReturnsThemInOrderWithProgress() throws IOException {
        AtomicLong bytes = new AtomicLong();
        List<Integer> done = new java.util.concurrent.CopyOnWriteArrayList<>();
        LayerScanner s = new LayerScanner(ScanOptions.defaults().withThreads(3).withListener(new ScanListener() {
            public void bytesRead(long d) {
                bytes.addAndGet(d);
            }

            public void layerDone(LayerContents l) {
                done.add(l.index());
            }
        }));
        List<Layer> layers = new java.util.ArrayList<>();
        long total = 0;
        for (int i = 0; i < 6; i++) {
            byte[] tar = new TarBytes().file("f" + i, new byte[1000 * (i + 1)], 0644).tar();
            byte[] gz = TarBytes.gzip(tar);
            total += gz.length;
            layers.add(TarBytes.layer(i, gz, Digest.sha256(tar), Verification.strict()));
        }
        Image img = new Image("test", "memory", List.of(), null, null, null, null, null, layers, Map.of());
        ScanResult r = s.scan(img, Verification.strict());
        assertThat(r.layers()).extracting(LayerContents::index).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(r.layers()).extracting(l -> l.entries().get(0).path()).containsExactly("/f0", "/f1", "/f2", "/f3", "/f4", "/f5");
        assertThat(done).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        assertThat(bytes.get()).isEqualTo(total);
    }

    @Test
    void firstFailingLayerInOrderIsReported() {
        byte[] good = new TarBytes().file("ok", "x", 0644).tar();
        byte[] bad = new TarBytes().file("../x", "x", 0644).tar();
        List<Layer> layers = List.of(TarBytes.layer(0, good, Digest.sha256(good), Verification.strict()),
                TarBytes.layer(1, bad, Digest.sha256(bad), Verification.strict()));
        Image img = new Image("test", "memory", List.of(), null, null, null, null, null, layers, Map.of());
        assertThatThrownBy(() -> new LayerScanner(ScanOptions.defaults().withThreads(2)).scan(img, Verification.strict()))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("layer 1");
    }

    static void fixChecksum(byte[] tar, int off) {
        for (int i = 148; i < 156; i++) tar[off + i] = ' ';
        long sum = 0;
        for (int i = 0; i < 512; i++) sum += tar[off + i] & 0xff;
        byte[] chk = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(chk, 0, tar, off + 148, 8);
    }
}
