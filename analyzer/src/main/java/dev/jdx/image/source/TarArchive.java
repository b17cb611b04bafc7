package dev.jdx.image.source;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.jdx.image.Compression;
import dev.jdx.image.GzipDecoder;
import dev.jdx.image.ImageFormatException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * A tar archive indexed once (member name → offset, size, type, link target) and read in place: members are served
 * as bounded streams over regions of the file, so nothing is extracted and several members can be read at once.
 * A whole-archive gzip or zstd ({@code docker save | gzip}) is first decompressed to a temporary file, because the
 * random access this needs is impossible on a compressed stream; the temp file is deleted on close and on exit.
 */
final class TarArchive implements Closeable {
    /** Decompressing a whole archive beyond this is refused (a decompression bomb, or not worth a temp file). */
    static final long MAX_DECOMPRESSED = Long.getLong("jdx.maxArchiveBytes", 64L << 30);

    /** One indexed member. {@code link} is the raw link target for symlinks and hardlinks, else null. */
    record Member(String name, long offset, long size, char type, String link) {
        boolean isSymlink() {
            return type == '2';
        }

        boolean isHardlink() {
            return type == '1';
        }

        boolean isFile() {
            return type == '0' || type == 0 || type == '7';
        }
    }

    private final Path file;
    private final String display;
    private final Path temp;
    private final FileChannel channel;
    private final Map<String, Member> members;
    private final List<String> names;

    private TarArchive(Path file, String display, Path temp, FileChannel channel, Map<String, Member> members, List<String> names) {
        this.file = file;
        this.display = display;
        this.temp = temp;
        this.channel = channel;
        this.members = members;
        this.names = names;
    }

    /** The file as the user named it, for messages. */
    String display() {
        return display;
    }

    Path file() {
        return file;
    }

    /** True when the archive was compressed as a whole and is read from a temporary copy. */
    boolean wasCompressed() {
        return temp != null;
    }

    List<String> names() {
        return names;
    }

    boolean has(String name) {
        return members.containsKey(normalise(name));
    }

    /** Opens and indexes {@code path}; a gzip or zstd file is decompressed to a temp file first. */
    static TarArchive open(Path path) throws IOException {
        return open(path, MAX_DECOMPRESSED);
    }

    /** As {@link #open(Path)}, refusing a compressed archive that inflates beyond {@code maxDecompressed} bytes. */
    static TarArchive open(Path path, long maxDecompressed) throws IOException {
        String display = path.toString();
        Compression c;
        try (InputStream in = Files.newInputStream(path)) {
            byte[] head = in.readNBytes(4);
            c = Compression.detect(head, head.length);
        }
        Path temp = null;
        Path tarPath = path;
        if (c != Compression.NONE) {
            temp = decompressToTemp(path, c, display, maxDecompressed);
            tarPath = temp;
        }
        try {
            return index(tarPath, display, temp);
        } catch (IOException | RuntimeException e) {
            if (temp != null) Files.deleteIfExists(temp);
            throw e;
        }
    }

    private static Path decompressToTemp(Path path, Compression c, String display, long max) throws IOException {
        Path temp = Files.createTempFile("jdx-archive-", ".tar");
        temp.toFile().deleteOnExit();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), Compression.BUFFER);
             InputStream in = c == Compression.GZIP ? GzipDecoder.open(raw, Files.size(path)) : new ZstdInputStreamNoFinalizer(raw);
             OutputStream out = Files.newOutputStream(temp)) {
            byte[] buf = new byte[Compression.BUFFER];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > max) {
                    throw new ImageFormatException(display + ": decompresses to more than " + max + " bytes, refusing");
                }
                out.write(buf, 0, n);
            }
        } catch (ImageFormatException e) {
            Files.deleteIfExists(temp);
            throw e;
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw new ImageFormatException(display + ": corrupt or truncated " + c.label() + " archive: " + e.getMessage(), e);
        }
        return temp;
    }

    private static TarArchive index(Path tarPath, String display, Path temp) throws IOException {
        long fileSize = Files.size(tarPath);
        List<TarArchiveEntry> entries;
        // lenient: odd uid/mtime fields (macOS tar, old tools) do not matter for reading members
        try (TarFile tf = new TarFile(tarPath, true)) {
            entries = tf.getEntries();
        } catch (IOException | RuntimeException e) {
            String detail = diagnose(tarPath, fileSize);
            throw new ImageFormatException(display + ": not a readable tar archive: " + (detail != null ? detail : e.getMessage()), e);
        }
        if (entries.isEmpty()) {
            throw new ImageFormatException(display + ": not an image archive (no tar entries: not a tar, or empty)");
        }
        Map<String, Member> members = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (TarArchiveEntry e : entries) {
            String name = normalise(e.getName());
            if (name.isEmpty()) continue;
            char type = (char) typeFlag(e);
            long size = e.isDirectory() || e.isSymbolicLink() || e.isLink() ? 0 : e.getSize();
            long off = e.getDataOffset();
            if (size < 0 || off < 0 || off > fileSize || size > fileSize - off) {
                throw new ImageFormatException(display + ": tar member " + name + " claims " + size
                        + " bytes but the archive has only " + fileSize + " (truncated or corrupt archive)");
            }
            String link = e.isSymbolicLink() || e.isLink() ? e.getLinkName() : null;
            if (members.put(name, new Member(name, off, size, type, link)) == null) names.add(name);
        }
        FileChannel ch = FileChannel.open(tarPath, StandardOpenOption.READ);
        return new TarArchive(tarPath, display, temp, ch, members, List.copyOf(names));
    }

    /**
     * Walks the raw headers to say which member broke the reading (commons-compress only says "truncated"): the
     * first whose declared size runs past the end of the file, or whose size field is malformed. Null if none.
     */
    static String diagnose(Path tarPath, long fileSize) {
        try (FileChannel ch = FileChannel.open(tarPath, StandardOpenOption.READ)) {
            ByteBuffer h = ByteBuffer.allocate(512);
            for (long pos = 0; pos + 512 <= fileSize; ) {
                h.clear();
                while (h.hasRemaining() && ch.read(h, pos + h.position()) > 0) { /* fill */ }
                byte[] b = h.array();
                boolean zero = true;
                for (byte x : b) if (x != 0) { zero = false; break; }
                if (zero) return null;
                int len = 0;
                while (len < 100 && b[len] != 0) len++;
                String name = new String(b, 0, len, java.nio.charset.StandardCharsets.UTF_8);
                long size;
                if ((b[124] & 0x80) != 0) {
                    size = 0;
                    for (int i = 125; i < 136; i++) size = (size << 8) | (b[i] & 0xff);
                } else {
                    String oct = new String(b, 124, 12, java.nio.charset.StandardCharsets.US_ASCII).replace('\0', ' ').trim();
                    try {
                        size = oct.isEmpty() ? 0 : Long.parseLong(oct, 8);
                    } catch (NumberFormatException e) {
                        return "member " + name + " has a malformed size field '" + oct + "'";
                    }
                }
                long remain = fileSize - pos - 512;
                if (size < 0 || size > remain) {
                    return "member " + name + " claims " + size + " bytes but only " + remain + " remain (truncated or corrupt archive)";
                }
                pos += 512 + ((size + 511) / 512) * 512;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    private static int typeFlag(TarArchiveEntry e) {
        if (e.isSymbolicLink()) return '2';
        if (e.isLink()) return '1';
        if (e.isDirectory()) return '5';
        return '0';
    }

    /** Strips {@code ./} and trailing slashes, so {@code ./manifest.json} and {@code manifest.json} are one name. */
    static String normalise(String name) {
        String n = name;
        while (n.startsWith("./")) n = n.substring(2);
        while (n.endsWith("/")) n = n.substring(0, n.length() - 1);
        return n;
    }

    /**
     * Checks that a member name taken from metadata (manifest.json) stays inside the archive: no absolute path, no
     * {@code ..} component, no backslashes.
     */
    static String safeName(String name, String what) throws ImageFormatException {
        if (name == null || name.isBlank()) throw new ImageFormatException(what + ": empty member path");
        if (name.startsWith("/") || name.contains("\\") || name.matches("^[A-Za-z]:.*") && name.length() > 2 && name.charAt(2) == '/') {
            throw new ImageFormatException(what + ": unsafe member path '" + name + "' (absolute)");
        }
        for (String part : name.split("/")) {
            if (part.equals("..")) throw new ImageFormatException(what + ": unsafe member path '" + name + "' (contains ..)");
        }
        return normalise(name);
    }

    /** The regular-file member {@code name} resolves to, following symlinks and hardlinks inside the archive. */
    Member resolve(String name, String what) throws ImageFormatException {
        String cur = normalise(name);
        Set<String> seen = new java.util.HashSet<>();
        for (int hops = 0; ; hops++) {
            Member m = members.get(cur);
            if (m == null) {
                throw new ImageFormatException(what + ": " + display + " has no member " + cur
                        + (cur.equals(normalise(name)) ? "" : " (link target of " + name + ")"));
            }
            if (!m.isSymlink() && !m.isHardlink()) {
                if (m.type == '5') throw new ImageFormatException(what + ": member " + cur + " of " + display + " is a directory");
                return m;
            }
            if (!seen.add(cur) || hops > 40) {
                throw new ImageFormatException(what + ": member " + name + " of " + display + " is a link cycle");
            }
            String target = m.link;
            if (target == null || target.isEmpty()) {
                throw new ImageFormatException(what + ": member " + cur + " of " + display + " is a link without target");
            }
            if (target.startsWith("/")) {
                throw new ImageFormatException(what + ": member " + cur + " of " + display + " links to absolute path '"
                        + target + "', outside the archive");
            }
            // a symlink is relative to its directory; a hardlink names a path from the archive root
            String base = m.isSymlink() && cur.contains("/") ? cur.substring(0, cur.lastIndexOf('/')) : "";
            String next = join(base, target);
            if (next == null) {
                throw new ImageFormatException(what + ": member " + cur + " of " + display + " links to '" + target
                        + "', which escapes the archive");
            }
            cur = next;
        }
    }

    /** Joins and normalises {@code base/rel}; null when {@code ..} climbs above the archive root. */
    private static String join(String base, String rel) {
        Deque<String> parts = new ArrayDeque<>();
        for (String p : (base.isEmpty() ? rel : base + "/" + rel).split("/")) {
            if (p.isEmpty() || p.equals(".")) continue;
            if (p.equals("..")) {
                if (parts.isEmpty()) return null;
                parts.removeLast();
            } else parts.addLast(p);
        }
        return String.join("/", parts);
    }

    /** A fresh stream of a resolved member's bytes (positional reads: safe to use from several threads at once). */
    InputStream open(Member m) {
        return new RegionInputStream(channel, m.offset, m.size, display + " member " + m.name);
    }

    /** Up to {@code n} leading bytes of a member, for magic-byte detection. */
    byte[] head(Member m, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(n, m.size));
        while (b.hasRemaining()) {
            if (channel.read(b, m.offset + b.position()) < 0) break;
        }
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    /** Reads a small member (metadata) whole, refusing more than {@link Json#MAX_METADATA}. */
    byte[] readSmall(String name, String what) throws IOException {
        Member m = resolve(name, what);
        if (m.size > Json.MAX_METADATA) {
            throw new ImageFormatException(what + ": " + name + " in " + display + " is " + m.size
                    + " bytes, more than the " + (Json.MAX_METADATA >> 20) + " MiB allowed for metadata");
        }
        return Json.readCapped(open(m), what);
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            if (temp != null) Files.deleteIfExists(temp);
        }
    }
}
