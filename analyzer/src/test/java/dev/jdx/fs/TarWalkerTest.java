package dev.jdx.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** TarWalker against commons-compress (the reader it replaces) on every header kind, and on hostile input. */
class TarWalkerTest {
    static final String LONG = "usr/lib/python3.11/site-packages/" + "a_very_long_directory_name_".repeat(6) + "/module_with_a_long_name.py";

    record Read(String name, char type, int mode, long uid, long gid, long size, long mtime, String link, String content) {}

    static Stream<Arguments> formats() {
        return Stream.of(
                Arguments.of("ustar", TarArchiveOutputStream.LONGFILE_ERROR, TarArchiveOutputStream.BIGNUMBER_ERROR,
                        "usr/lib/python3.11/m.py", 1000L, 1_700_000_000L),
                Arguments.of("GNU long names L/K", TarArchiveOutputStream.LONGFILE_GNU, TarArchiveOutputStream.BIGNUMBER_ERROR,
                        LONG, 1000L, 1_700_000_000L),
                Arguments.of("PAX path/linkpath", TarArchiveOutputStream.LONGFILE_POSIX, TarArchiveOutputStream.BIGNUMBER_ERROR,
                        LONG, 1000L, 1_700_000_000L),
                Arguments.of("PAX uid/gid/size/mtime", TarArchiveOutputStream.LONGFILE_POSIX, TarArchiveOutputStream.BIGNUMBER_POSIX,
                        "big/ids", 3_000_000L, 99_999_999_999L),
                Arguments.of("base-256 numbers", TarArchiveOutputStream.LONGFILE_GNU, TarArchiveOutputStream.BIGNUMBER_STAR,
                        "star/ids", 3_000_000L, 99_999_999_999L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void readsWhatCommonsCompressReads(String label, int longMode, int bigMode, String name, long id, long mtime) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(longMode);
            out.setBigNumberMode(bigMode);
            TarArchiveEntry d = new TarArchiveEntry(name.substring(0, name.lastIndexOf('/') + 1));
            d.setMode(040755);
            out.putArchiveEntry(d);
            out.closeArchiveEntry();
            byte[] content = "x = 1\n".repeat(300).getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry f = new TarArchiveEntry(name);
            f.setMode(0100640);
            f.setSize(content.length);
            f.setUserId(id);
            f.setGroupId(id + 1);
            f.setModTime(mtime * 1000);
            out.putArchiveEntry(f);
            out.write(content);
            out.closeArchiveEntry();
            TarArchiveEntry s = new TarArchiveEntry(name + ".link", TarConstants.LF_SYMLINK);
            s.setLinkName(LONG.equals(name) ? "../" + LONG : "m.py");
            out.putArchiveEntry(s);
            out.closeArchiveEntry();
            TarArchiveEntry h = new TarArchiveEntry(name + ".hard", TarConstants.LF_LINK);
            h.setLinkName(name);
            out.putArchiveEntry(h);
            out.closeArchiveEntry();
        }
        byte[] tar = bytes.toByteArray();
        List<Read> expected = readWithCommons(tar);
        List<Read> actual = readWithWalker(new ByteArrayInputStream(tar));
        assertThat(actual).hasSize(4).containsExactlyElementsOf(expected);
        assertThat(actual.get(1).uid()).isEqualTo(id);
        assertThat(actual.get(1).mtime()).isEqualTo(mtime);
        assertThat(actual.get(1).name()).isEqualTo(name);
    }

    @Test
    void globalPaxHeadersApplyToEveryLaterEntryAndLocalOnesWin() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(rawHeader("pax_global_header", 'g', pax("uid", "4242") + pax("mtime", "1234567890.75")));
        bytes.write(rawHeader("a", '0', ""));
        bytes.write(rawHeader("PaxHeaders/b", 'x', pax("uid", "7") + pax("path", "renamed/b")));
        bytes.write(rawHeader("b", '0', ""));
        bytes.write(new byte[1024]);
        List<Read> r = readWithWalker(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(r).extracting(Read::name).containsExactly("a", "renamed/b");
        assertThat(r).extracting(Read::uid).containsExactly(4242L, 7L);
        assertThat(r).extracting(Read::mtime).containsExactly(1234567890L, 1234567890L);
        assertThat(readWithCommons(bytes.toByteArray())).extracting(Read::name).containsExactly("a", "renamed/b");
    }

    @Test
    void gnuTarArchivesReadTheSameAsCommonsCompress() throws Exception {
        dev.jdx.fixtures.Requirements.tool("tar");
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("jdx-tarwalker");
        try {
            java.nio.file.Path deep = dir.resolve("src/" + "long_directory_name_".repeat(8));
            java.nio.file.Files.createDirectories(deep);
            java.nio.file.Files.writeString(deep.resolve("file_" + "n".repeat(120) + ".txt"), "hello\n".repeat(100));
            java.nio.file.Files.createSymbolicLink(deep.resolve("link"), java.nio.file.Path.of("target_" + "t".repeat(110)));
            for (String format : List.of("gnu", "pax", "oldgnu")) {
                Process p = new ProcessBuilder("tar", "--format=" + format, "-C", dir.resolve("src").toString(), "-cf", "-", ".")
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                byte[] tar = p.getInputStream().readAllBytes();
                assertThat(p.waitFor()).as(format).isZero();
                assertThat(readWithWalker(new ByteArrayInputStream(tar))).as(format).hasSize(4)
                        .containsExactlyElementsOf(readWithCommons(tar));
            }
        } finally {
            try (Stream<java.nio.file.Path> w = java.nio.file.Files.walk(dir)) {
                w.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void ustarPrefixIsJoinedToTheName() throws IOException {
        byte[] entry = rawHeader("module.py", '0', "x");
        String prefix = "usr/lib/python3.11/site-packages/" + "d".repeat(100);
        put(entry, prefix, 345);
        Arrays.fill(entry, 148, 156, (byte) ' ');
        int sum = 0;
        for (int i = 0; i < 512; i++) sum += entry[i] & 0xff;
        put(entry, String.format("%06o", sum), 148);
        entry[154] = 0;
        byte[] tar = concat(entry, new byte[1024]);
        assertThat(readWithWalker(new ByteArrayInputStream(tar))).extracting(Read::name).containsExactly(prefix + "/module.py");
        assertThat(readWithCommons(tar)).extracting(Read::name).containsExactly(prefix + "/module.py");
    }

    @Test
    void sparseEntriesAreRejected() throws IOException {
        byte[] tar = concat(rawHeader("sparse", 'S', ""), new byte[1024]);
        assertThatThrownBy(() -> readWithWalker(new ByteArrayInputStream(tar)))
                .isInstanceOf(TarWalker.TarFormatException.class).hasMessageContaining("sparse");
        byte[] paxSparse = concat(rawHeader("PaxHeaders/s", 'x', pax("GNU.sparse.size", "10")), rawHeader("s", '0', ""), new byte[1024]);
        assertThatThrownBy(() -> readWithWalker(new ByteArrayInputStream(paxSparse)))
                .isInstanceOf(TarWalker.TarFormatException.class).hasMessageContaining("sparse");
    }

    @Test
    void badChecksumIsAnErrorNamingTheOffset() throws IOException {
        byte[] tar = concat(rawHeader("a", '0', ""), rawHeader("b", '0', ""), new byte[1024]);
        tar[512 + 10] = 'X';
        assertThatThrownBy(() -> readWithWalker(new ByteArrayInputStream(tar)))
                .isInstanceOf(TarWalker.TarFormatException.class).hasMessageContaining("checksum").hasMessageContaining("offset 512");
    }

    /** Some old tars summed the header as signed chars: a name with bytes >= 0x80 then has a smaller checksum. */
    @Test
    void aChecksumOfSignedBytesIsAcceptedToo() throws IOException {
        byte[] tar = concat(rawHeader("cafe-u", '0', "x"), new byte[1024]);
        byte[] utf8 = "caf\u00e9-\u00fc".getBytes(StandardCharsets.UTF_8); // four bytes >= 0x80
        System.arraycopy(utf8, 0, tar, 0, utf8.length);
        int signed = 0;
        for (int i = 0; i < 512; i++) signed += i >= 148 && i < 156 ? ' ' : tar[i];
        put(tar, String.format("%06o", signed), 148);
        assertThat(readWithWalker(new ByteArrayInputStream(tar))).singleElement()
                .satisfies(r -> assertThat(r.name()).isEqualTo("caf\u00e9-\u00fc"));
        put(tar, String.format("%06o", signed + 1), 148); // neither sum
        assertThatThrownBy(() -> readWithWalker(new ByteArrayInputStream(tar)))
                .isInstanceOf(TarWalker.TarFormatException.class).hasMessageContaining("checksum").hasMessageContaining("offset 0");
    }

    @Test
    void contentEndingEarlyIsTruncation() throws IOException {
        byte[] full = concat(rawHeader("a", '0', "0123456789".repeat(100)), new byte[1024]);
        byte[] cut = Arrays.copyOf(full, 512 + 300);
        assertThatThrownBy(() -> readWithWalker(new ByteArrayInputStream(cut))).isInstanceOf(TarWalker.TruncatedTarException.class);
        assertThat(readWithWalker(new ByteArrayInputStream(full))).singleElement()
                .satisfies(r -> assertThat(r.content()).isEqualTo("0123456789".repeat(100)));
    }

    @Test
    void malformedPaxRecordsAreErrors() {
        assertThatThrownBy(() -> TarWalker.parsePax("99 path=x\n".getBytes(StandardCharsets.UTF_8), 0))
                .isInstanceOf(TarWalker.TarFormatException.class).hasMessageContaining("PAX");
        assertThat(assertDoesNotThrow("13 path=abcd\n")).containsEntry("path", "abcd");
    }

    private static java.util.Map<String, String> assertDoesNotThrow(String records) {
        try {
            return TarWalker.parsePax(records.getBytes(StandardCharsets.UTF_8), 0);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String pax(String key, String value) {
        String rec = " " + key + "=" + value + "\n";
        int len = rec.getBytes(StandardCharsets.UTF_8).length;
        int total = len + String.valueOf(len).length();
        if (String.valueOf(total).length() != String.valueOf(len).length()) total++;
        return total + rec;
    }

    /** One entry: a hand-made ustar header (checksum computed) followed by its padded content. */
    static byte[] rawHeader(String name, char type, String content) {
        byte[] body = content.getBytes(StandardCharsets.UTF_8);
        byte[] h = new byte[512];
        put(h, name, 0);
        put(h, "0000644", 100);
        put(h, "0001750", 108);
        put(h, "0001750", 116);
        put(h, String.format("%011o", body.length), 124);
        put(h, String.format("%011o", 1_600_000_000L), 136);
        h[156] = (byte) type;
        put(h, "ustar", 257);
        put(h, "00", 263);
        Arrays.fill(h, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : h) sum += b & 0xff;
        put(h, String.format("%06o", sum), 148);
        h[154] = 0;
        int padded = (body.length + 511) / 512 * 512;
        return concat(h, Arrays.copyOf(body, padded));
    }

    static void put(byte[] h, String s, int off) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }

    static List<Read> readWithWalker(InputStream in) throws IOException {
        TarWalker w = new TarWalker(in, 1024);
        List<Read> out = new ArrayList<>();
        TarWalker.Header h;
        byte[] buf = new byte[700];
        while ((h = w.next()) != null) {
            ByteArrayOutputStream c = new ByteArrayOutputStream();
            int n;
            while ((n = w.read(buf, 0, buf.length)) >= 0) c.write(buf, 0, n);
            out.add(new Read(h.name(), h.isDirectory() ? '5' : h.type(), h.mode() & 07777, h.uid(), h.gid(),
                    h.type() == '0' || h.type() == 0 ? h.size() : 0, h.mtime(), h.linkName().isEmpty() ? null : h.linkName(),
                    c.toString(StandardCharsets.UTF_8)));
        }
        return out;
    }

    static List<Read> readWithCommons(byte[] tar) throws IOException {
        List<Read> out = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                String content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                char type = e.isDirectory() ? '5' : (char) e.getLinkFlag();
                out.add(new Read(e.getName(), type, e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(),
                        e.isFile() && !e.isLink() && !e.isSymbolicLink() ? e.getSize() : 0, e.getModTime().getTime() / 1000,
                        e.getLinkName().isEmpty() ? null : e.getLinkName(), content));
            }
        }
        return out;
    }
}
