package dev.jdx.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdx.fixtures.Requirements;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ISA-L's gzip decoder against the JDK's on the same bytes: the same output for every shape of member (stored,
 * fixed and dynamic Huffman blocks, optional header fields, many members, odd read sizes), and the same kind of
 * error for every kind of bad input (corrupt: {@link ZipException}; truncated: {@link EOFException}).
 */
class GzipDecoderTest {

    private static GzipDecoder.Native isal() {
        var n = GzipDecoder.nativeDecoder();
        Requirements.require(n.isPresent(), "the ISA-L gzip decoder (apt install libisal2; Java 22+): " + GzipDecoder.description());
        return n.get();
    }

    // ------------------------------------------------------------------------------------------------ writing gzip

    /** Layer-like content: text, random bytes, or text and random in runs. */
    private static byte[] content(String kind, int size, long seed) {
        Random r = new Random(seed);
        byte[] b = new byte[size];
        String words = "usr lib python3 site-packages __init__.py node_modules index.js\n";
        for (int i = 0; i < size; i++) {
            boolean random = switch (kind) {
                case "random" -> true;
                case "text" -> false;
                default -> (i / 40_000) % 2 == 1;
            };
            b[i] = random ? (byte) r.nextInt() : (byte) words.charAt((i * 7 + r.nextInt(3)) % words.length());
        }
        return b;
    }

    private static byte[] deflateRaw(byte[] data, int level, int strategy) {
        Deflater d = new Deflater(level, true);
        d.setStrategy(strategy);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        while (!d.finished()) out.write(buf, 0, d.deflate(buf));
        d.end();
        return out.toByteArray();
    }

    /** One gzip member with the optional header fields asked for (RFC 1952). */
    private static byte[] member(byte[] data, int level, int strategy, boolean extra, boolean name, boolean comment, boolean hcrc) {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        int flags = (hcrc ? 2 : 0) | (extra ? 4 : 0) | (name ? 8 : 0) | (comment ? 16 : 0);
        h.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, (byte) flags, 1, 2, 3, 4, 0, 3});
        if (extra) h.writeBytes(new byte[] {6, 0, 'J', 'X', 2, 0, 'o', 'k'});
        if (name) h.writeBytes("layer.tar\0".getBytes(StandardCharsets.ISO_8859_1));
        if (comment) h.writeBytes("written by a test\0".getBytes(StandardCharsets.ISO_8859_1));
        if (hcrc) {
            CRC32 c = new CRC32();
            c.update(h.toByteArray());
            h.write((int) c.getValue() & 0xff);
            h.write((int) (c.getValue() >> 8) & 0xff);
        }
        h.writeBytes(deflateRaw(data, level, strategy));
        CRC32 crc = new CRC32();
        crc.update(data);
        writeLe32(h, (int) crc.getValue());
        writeLe32(h, data.length);
        return h.toByteArray();
    }

    private static byte[] member(byte[] data) {
        return member(data, 6, Deflater.DEFAULT_STRATEGY, false, false, false, false);
    }

    private static void writeLe32(ByteArrayOutputStream o, int v) {
        for (int i = 0; i < 4; i++) o.write(v >>> (8 * i) & 0xff);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }

    /** Reads all of a stream with reads of {@code chunk} bytes (1 exercises the single-byte read). */
    private static byte[] readAll(InputStream in, int chunk) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (chunk == 1) {
                for (int b; (b = in.read()) >= 0; ) out.write(b);
            } else {
                byte[] buf = new byte[chunk];
                for (int n; (n = in.read(buf, 0, chunk)) >= 0; ) out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static byte[] jdk(byte[] gz) throws IOException {
        return readAll(new GZIPInputStream(new ByteArrayInputStream(gz), 65536), 65536);
    }

    // ------------------------------------------------------------------------------------------------ same output

    record Case(String kind, int size, int level, int strategy, int chunk) {
        @Override
        public String toString() {
            return kind + " " + size + " B, level " + level + (strategy == Deflater.HUFFMAN_ONLY ? " huffman-only"
                    : strategy == Deflater.FILTERED ? " filtered" : "") + ", reads of " + chunk;
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        int[] sizes = {0, 1, 100, 65_535, 65_536, 65_537, 262_144, 262_145, 1_500_000};
        String[] kinds = {"text", "random", "mixed"};
        int i = 0;
        for (int size : sizes) {
            for (String kind : kinds) {
                int level = new int[] {0, 1, 6, 9}[i % 4];
                int strategy = i % 5 == 3 ? Deflater.HUFFMAN_ONLY : i % 7 == 2 ? Deflater.FILTERED : Deflater.DEFAULT_STRATEGY;
                int chunk = new int[] {65_536, 7, 4096, 1 << 20, 1}[i % 5];
                if (chunk == 1 && size > 300_000) chunk = 3;
                cases.add(new Case(kind, size, level, strategy, chunk));
                i++;
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decodesWhatTheJdkDecodes(Case c) throws IOException {
        byte[] data = content(c.kind(), c.size(), c.size() * 31L + c.level());
        byte[] gz = member(data, c.level(), c.strategy(), false, false, false, false);
        byte[] got = readAll(isal().open(new ByteArrayInputStream(gz)), c.chunk());
        assertThat(got).isEqualTo(data);
        assertThat(jdk(gz)).isEqualTo(data);
    }

    @Test
    void readsEveryMemberAndSkipsOptionalHeaderFields() throws IOException {
        byte[] a = content("text", 300_000, 1), b = content("random", 70_000, 2), c = content("mixed", 123_456, 3);
        byte[] gz = concat(
                member(a, 9, Deflater.DEFAULT_STRATEGY, true, true, true, true),
                member(new byte[0], 6, Deflater.DEFAULT_STRATEGY, false, true, false, false),
                member(b, 0, Deflater.DEFAULT_STRATEGY, true, false, false, true),
                member(c, 1, Deflater.FILTERED, false, false, true, false));
        byte[] expected = concat(a, b, c);
        assertThat(readAll(isal().open(new ByteArrayInputStream(gz)), 8192)).isEqualTo(expected);
        assertThat(jdk(gz)).isEqualTo(expected);
    }

    /** eStargz layers are one member per file, hundreds of them: members shorter than one input buffer. */
    @Test
    void readsManySmallMembersAcrossInputBuffers() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream(), expected = new ByteArrayOutputStream();
        for (int i = 0; i < 500; i++) {
            byte[] d = content(i % 3 == 0 ? "random" : "text", (i * 977) % 3000, i);
            gz.writeBytes(member(d));
            expected.writeBytes(d);
        }
        assertThat(readAll(isal().open(new ByteArrayInputStream(gz.toByteArray())), 65_536)).isEqualTo(expected.toByteArray());
    }

    @Test
    void ignoresBytesAfterTheLastMemberAsTheJdkDoes() throws IOException {
        byte[] data = content("mixed", 100_000, 4);
        for (byte[] tail : List.of(new byte[] {0}, new byte[] {0x1f}, new byte[1024], "not gzip".getBytes(StandardCharsets.US_ASCII))) {
            byte[] gz = concat(member(data), tail);
            assertThat(readAll(isal().open(new ByteArrayInputStream(gz)), 65_536)).as("tail of %d bytes", tail.length).isEqualTo(data);
            assertThat(jdk(gz)).isEqualTo(data);
        }
    }

    // ------------------------------------------------------------------------------------------------ bad input

    interface Opener {
        InputStream open() throws IOException;
    }

    /** The exception opening and reading all of a stream ends in (the JDK's decoder reads the header when opened). */
    private static Class<? extends Throwable> failureOf(Opener opener) {
        try {
            readAll(opener.open(), 65_536);
            return null;
        } catch (IOException e) {
            return e.getClass();
        }
    }

    @Test
    void corruptMembersAreZipExceptions() throws IOException {
        byte[] good = member(content("mixed", 200_000, 5), 6, Deflater.DEFAULT_STRATEGY, false, true, false, true);
        int body = 10 + "layer.tar\0".length() + 2;
        List<byte[]> bad = new ArrayList<>();
        bad.add(flip(good, good.length - 8));       // CRC-32
        bad.add(flip(good, good.length - 2));       // ISIZE
        bad.add(flip(good, 12));                    // header CRC (FHCRC), via a flipped name byte
        bad.add(set(good, 2, 7));                   // compression method
        bad.add(set(good, body, 0xff));             // first deflate byte: reserved block type 3
        bad.add("this is not gzip at all".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < bad.size(); i++) {
            byte[] b = bad.get(i);
            assertThat(failureOf(() -> isal().open(new ByteArrayInputStream(b)))).as("case %d", i).isEqualTo(ZipException.class);
            assertThat(failureOf(() -> new GZIPInputStream(new ByteArrayInputStream(b)))).as("JDK, case %d", i)
                    .isIn(ZipException.class, EOFException.class);
        }
    }

    @Test
    void truncatedMembersAreEofExceptions() throws IOException {
        byte[] good = member(content("mixed", 300_000, 6), 6, Deflater.DEFAULT_STRATEGY, true, true, false, false);
        for (int len : new int[] {0, 1, 2, 5, 12, 30, 1000, good.length / 2, good.length - 8, good.length - 5, good.length - 1}) {
            byte[] cut = Arrays.copyOf(good, len);
            assertThat(failureOf(() -> isal().open(new ByteArrayInputStream(cut)))).as("cut at %d of %d", len, good.length)
                    .isEqualTo(EOFException.class);
            assertThat(failureOf(() -> new GZIPInputStream(new ByteArrayInputStream(cut), 512))).as("JDK, cut at %d", len)
                    .isEqualTo(EOFException.class);
        }
    }

    @Test
    void aClosedStreamRefusesReadsAndClosesItsInput() throws IOException {
        boolean[] closed = {false};
        InputStream source = new ByteArrayInputStream(member(content("text", 10, 7))) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        InputStream in = isal().open(source);
        in.close();
        in.close();
        assertThat(closed[0]).isTrue();
        assertThatThrownBy(() -> in.read(new byte[10])).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    // ------------------------------------------------------------------------------------------------ selection

    @Test
    void largeStreamsGoToIsalAndSmallOnesToTheJdk() throws IOException {
        isal();
        byte[] gz = member(content("text", 1000, 8));
        try (InputStream small = GzipDecoder.open(new ByteArrayInputStream(gz), 1000);
             InputStream large = GzipDecoder.open(new ByteArrayInputStream(gz), GzipDecoder.START_FROM)) {
            assertThat(small).isInstanceOf(GZIPInputStream.class);
            assertThat(large).isNotInstanceOf(GZIPInputStream.class);
            assertThat(large.readAllBytes()).isEqualTo(small.readAllBytes());
        }
        assertThat(GzipDecoder.description()).startsWith("ISA-L igzip");
    }

    private static byte[] flip(byte[] b, int at) {
        byte[] c = b.clone();
        c[at] ^= 0x10;
        return c;
    }

    private static byte[] set(byte[] b, int at, int value) {
        byte[] c = b.clone();
        c[at] = (byte) value;
        return c;
    }
}
