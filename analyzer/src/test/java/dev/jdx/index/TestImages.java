package dev.jdx.index;

import dev.jdx.fs.EntryType;
import dev.jdx.fs.FileEntry;
import dev.jdx.fs.LayerContents;
import dev.jdx.fs.LayerStack;
import dev.jdx.image.Compression;
import dev.jdx.image.Digest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Small images built in memory for the index tests: a Debian-like base, an app built on it (sharing its three
 * layers), an unrelated Alpine-like image, and a web image on the same base.
 */
final class TestImages {
    private TestImages() {}

    static final long MB = 1_000_000;

    /** sha256 of a file's "content", made up from a label so equal labels give equal hashes. */
    static String sha(String content) {
        return Digest.sha256(content).hex();
    }

    static FileEntry dir(String path) {
        return new FileEntry(path, EntryType.DIR, 0755, 0, 0, 0, 1_700_000_000L, null, null);
    }

    static FileEntry file(String path, long size, String content) {
        return new FileEntry(path, EntryType.FILE, 0644, 0, 0, size, 1_700_000_000L, null, sha(content));
    }

    static FileEntry file(String path, long size, String content, int mode, int uid, int gid) {
        return new FileEntry(path, EntryType.FILE, mode, uid, gid, size, 1_700_000_000L, null, sha(content));
    }

    static FileEntry symlink(String path, String target) {
        return new FileEntry(path, EntryType.SYMLINK, 0777, 0, 0, 0, 1_700_000_000L, target, null);
    }

    static FileEntry whiteout(String path) {
        return new FileEntry(path, EntryType.WHITEOUT, 0, 0, 0, 0, 0, null, null);
    }

    static LayerContents layer(int index, String id, FileEntry... entries) {
        List<FileEntry> list = List.of(entries);
        long bytes = 0;
        for (FileEntry e : list) bytes += e.size();
        return new LayerContents(index, list, Compression.GZIP, bytes / 2 + 100, bytes + 1024, diffId(id));
    }

    static Digest diffId(String layerId) {
        return Digest.sha256("diff:" + layerId);
    }

    static Digest blob(String layerId) {
        return Digest.sha256("blob:" + layerId);
    }

    /** An image under test: its record and its layers. */
    record TestImage(ImageDocument doc, List<LayerContents> layers) {
        String key() {
            return doc.key();
        }

        TestImage withRefs(String... refs) {
            return new TestImage(doc.withRefs(List.of(refs)), layers);
        }

        void indexInto(FileIndex index) throws IOException {
            index.index(doc, LayerStack.build(layers));
        }
    }

    static TestImage image(String configSeed, List<String> refs, String user, List<String> ports,
                           List<LayerContents> layers, String... layerIds) {
        List<ImageDocument.LayerInfo> infos = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            infos.add(new ImageDocument.LayerInfo(blob(layerIds[i]), layers.get(i).diffId(), layers.get(i).storedBytes(),
                    "RUN step " + layerIds[i]));
        }
        ImageDocument doc = new ImageDocument(Digest.sha256("config:" + configSeed), Digest.sha256("manifest:" + configSeed),
                refs, "linux/amd64", null, null, Map.of("maintainer", "jdx"), List.of("PATH=/usr/bin"), ports, user,
                List.of(), infos, "2024-01-01T00:00:00Z");
        return new TestImage(doc, layers);
    }

    static LayerContents debian0() {
        return layer(0, "deb0",
                dir("/bin"),
                file("/bin/sh", 125_000, "dash"),
                dir("/etc"),
                file("/etc/passwd", 900, "passwd-v1"),
                file("/etc/os-release", 300, "debian-os-release"),
                dir("/usr"), dir("/usr/bin"),
                file("/usr/bin/passwd", 60_000, "passwd-bin", 04755, 0, 0),
                file("/usr/bin/wall", 30_000, "wall-bin", 02755, 0, 5),
                dir("/usr/lib"), dir("/usr/lib/x86_64-linux-gnu"),
                file("/usr/lib/x86_64-linux-gnu/libssl.so.3", 600_000, "libssl-3.0.11"),
                file("/usr/lib/x86_64-linux-gnu/libcrypto.so.3", 4_500_000, "libcrypto-3.0.11"),
                symlink("/lib", "usr/lib"));
    }

    static LayerContents debian1() {
        return layer(1, "deb1",
                file("/etc/passwd", 950, "passwd-v2"),
                dir("/tmp"),
                file("/tmp/big.bin", 20 * MB, "big"),
                file("/tmp/medium.bin", 10_200_000, "medium"));
    }

    static LayerContents debian2() {
        return layer(2, "deb2",
                whiteout("/tmp/big.bin"),
                dir("/home"), dir("/home/app"),
                file("/home/app/notes.txt", 1000, "notes", 0600, 1000, 1000));
    }

    /** debian:12, three layers, runs as root, no ports. */
    static TestImage debian() {
        return image("debian", List.of("debian:12"), null, List.of(),
                List.of(debian0(), debian1(), debian2()), "deb0", "deb1", "deb2");
    }

    /** app:1 = debian's three layers + one: a Python app, a modified libssl, a 15 MB database; user 1000, port 8080. */
    static TestImage app() {
        LayerContents l3 = layer(3, "app3",
                dir("/app"),
                file("/app/main.py", 2_000, "main-py"),
                file("/app/data.db", 15 * MB, "db"),
                file("/usr/lib/x86_64-linux-gnu/libssl.so.3", 610_000, "libssl-3.0.13"),
                file("/app/passwd-copy", 900, "passwd-v1"));
        return image("app", List.of("app:1"), "1000:1000", List.of("8080/tcp"),
                List.of(debian0(), debian1(), debian2(), l3), "deb0", "deb1", "deb2", "app3");
    }

    /** web:2 = debian's first two layers + its own; runs as root, exposes 80/tcp. */
    static TestImage web() {
        LayerContents l2 = layer(2, "web2",
                dir("/var"), dir("/var/www"),
                file("/var/www/index.html", 500, "index"));
        return image("web", List.of("web:2"), "root", List.of("80/tcp", "443/tcp"),
                List.of(debian0(), debian1(), l2), "deb0", "deb1", "web2");
    }

    /** alpine:3, unrelated single layer; its /etc/passwd has the same content as debian's first. */
    static TestImage alpine() {
        LayerContents l0 = layer(0, "alp0",
                dir("/bin"),
                file("/bin/busybox", 800_000, "busybox", 04755, 0, 0),
                dir("/etc"),
                file("/etc/passwd", 900, "passwd-v1"),
                dir("/lib"),
                file("/lib/libssl.so.3", 500_000, "libssl-alpine"));
        return image("alpine", List.of("alpine:3"), "nobody", List.of(), List.of(l0), "alp0");
    }

    static List<TestImage> all() {
        return List.of(debian(), app(), web(), alpine());
    }
}
