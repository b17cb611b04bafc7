package dev.jdx.index;

import static dev.jdx.index.TestImages.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The questions across images: who has a path, a content, a layer; who shares layers; base images; ls listings. */
class CrossImageTest {
    @TempDir
    static Path dir;
    static FileIndex index;

    @BeforeAll
    static void indexAll() throws IOException {
        index = FileIndex.open(dir);
        for (TestImages.TestImage i : TestImages.all()) i.indexInto(index);
    }

    @AfterAll
    static void close() throws IOException {
        index.close();
    }

    static List<String> names(List<ImageFiles> l) {
        return l.stream().map(f -> f.image().displayName()).toList();
    }

    @Test
    void whichImagesContainAPath() throws Exception {
        assertThat(names(index.imagesContainingPath("/etc/passwd", false))).containsExactly("alpine:3", "app:1", "debian:12", "web:2");
        assertThat(names(index.imagesContainingPath("/app/main.py", false))).containsExactly("app:1");
        // deleted by a whiteout in debian and app, still there in web
        assertThat(names(index.imagesContainingPath("/tmp/big.bin", false))).containsExactly("app:1", "debian:12", "web:2");
        assertThat(names(index.imagesContainingPath("/tmp/big.bin/", true))).containsExactly("web:2");
        List<ImageFiles> passwd = index.imagesContainingPath("etc/passwd", false);
        assertThat(passwd.get(2).hits()).extracting(FileHit::layer, FileHit::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "shadowed"), org.assertj.core.groups.Tuple.tuple(1, "modified"));
        assertThat(index.imagesContainingPath("/no/such", false)).isEmpty();
    }

    @Test
    void whichImagesContainAContentHash() throws Exception {
        assertThat(names(index.imagesContainingSha256(sha("passwd-v1"), false))).containsExactly("alpine:3", "app:1", "debian:12", "web:2");
        // in the final filesystems: alpine's /etc/passwd and app's copy under another name
        List<ImageFiles> fin = index.imagesContainingSha256("sha256:" + sha("passwd-v1"), true);
        assertThat(names(fin)).containsExactly("alpine:3", "app:1");
        assertThat(fin.get(1).hits()).extracting(FileHit::path).containsExactly("/app/passwd-copy");
        assertThat(names(index.imagesContainingSha256(sha("libssl-3.0.13"), false))).containsExactly("app:1");
    }

    @Test
    void whichImagesHaveALayer() throws Exception {
        ImageDocument app = TestImages.app().doc();
        String deb1Diff = TestImages.diffId("deb1").toString();
        assertThat(index.imagesWithLayer(deb1Diff)).extracting(IndexedImage::displayName).containsExactly("app:1", "debian:12", "web:2");
        // chain id of app's third layer = debian's whole stack; web's third layer differs
        String chain2 = app.chainIds().get(2).toString();
        assertThat(index.imagesWithLayer(chain2)).extracting(IndexedImage::displayName).containsExactly("app:1", "debian:12");
        assertThat(index.imagesWithLayer(TestImages.blob("alp0").toString())).extracting(IndexedImage::displayName).containsExactly("alpine:3");
        assertThat(index.imagesWithLayer("sha256:" + "1".repeat(64))).isEmpty();
    }

    @Test
    void imagesSharingLayers() throws Exception {
        List<ImageOverlap> o = index.imagesSharingLayers(TestImages.app().key());
        assertThat(o).extracting(x -> x.image().displayName(), ImageOverlap::commonChainLength, x -> x.sharedDiffIds().size())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("debian:12", 3, 3), org.assertj.core.groups.Tuple.tuple("web:2", 2, 2));
        assertThat(index.imagesSharingLayers(TestImages.alpine().key())).isEmpty();
    }

    @Test
    void baseImageIsTheLongestWholeStackAtTheBottom() throws Exception {
        assertThat(index.baseImageOf(TestImages.app().key())).hasValueSatisfying(m -> {
            assertThat(m.base().displayName()).isEqualTo("debian:12");
            assertThat(m.sharedLayers()).isEqualTo(3);
            assertThat(m.chainId()).isEqualTo(TestImages.debian().doc().chainIds().get(2).toString());
        });
        // web shares two layers with debian but debian's whole stack is not web's bottom: no base known
        assertThat(index.baseImageOf(TestImages.web().key())).isEmpty();
        assertThat(index.baseImageOf(TestImages.debian().key())).isEmpty();
        assertThat(index.baseImageOf(TestImages.alpine().key())).isEmpty();
        assertThatThrownBy(() -> index.baseImageOf("sha256:" + "2".repeat(64))).isInstanceOf(ImageNotIndexedException.class);
    }

    static Stream<Arguments> imageQueries() {
        return Stream.of(
                Arguments.of("user:root", List.of("debian:12", "web:2")),
                Arguments.of("port:80/tcp", List.of("web:2")),
                Arguments.of("port:*", List.of("app:1", "web:2")),
                Arguments.of("NOT user:root", List.of("alpine:3", "app:1")),
                Arguments.of("user:1000*", List.of("app:1")),
                Arguments.of("layers:>=3", List.of("app:1", "debian:12", "web:2")),
                Arguments.of("label:maintainer=jdx AND platform:linux/amd64", List.of("alpine:3", "app:1", "debian:12", "web:2")),
                Arguments.of("env:PATH=*", List.of("alpine:3", "app:1", "debian:12", "web:2")),
                Arguments.of("diff_id:" + TestImages.diffId("web2"), List.of("web:2")),
                Arguments.of("ref:a*", List.of("alpine:3", "app:1")),
                Arguments.of("size:>30MB", List.of("app:1", "debian:12", "web:2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("imageQueries")
    void imageDocumentQueries(String query, List<String> expected) throws Exception {
        assertThat(index.imagesMatching(query)).extracting(IndexedImage::displayName).containsExactlyElementsOf(expected);
    }

    @Test
    void imageRecordCountsWhatWasIndexed() throws Exception {
        IndexedImage deb = index.require("debian:12");
        assertThat(deb.size()).isEqualTo(TestImages.debian().layers().stream().mapToLong(l -> l.entryBytes()).sum());
        assertThat(deb.entries()).isEqualTo(TestImages.debian().layers().stream().mapToLong(l -> l.entries().size()).sum());
        // regular files + symlink visible at the end: sh, passwd, os-release, passwd, wall, libssl, libcrypto, lib,
        // medium.bin, notes.txt
        assertThat(deb.files()).isEqualTo(10);
        assertThat(deb.document().platform()).isEqualTo("linux/amd64");
        assertThat(deb.indexedAt()).isBefore(java.time.Instant.now().plusSeconds(1));
    }

    @Test
    void listFinalDirectory() throws Exception {
        Listing l = index.list(TestImages.debian().key(), "/tmp", null, false);
        assertThat(l.self().type()).isEqualTo("dir");
        assertThat(l.entries()).extracting(FileHit::path).containsExactly("/tmp/medium.bin");
        Listing root = index.list(TestImages.debian().key(), "/", null, false);
        assertThat(root.self()).isNull();
        assertThat(root.entries()).extracting(FileHit::name).containsExactly("bin", "etc", "home", "lib", "tmp", "usr");
    }

    @Test
    void listOneLayerShowsItsWhiteouts() throws Exception {
        Listing l = index.list(TestImages.debian().key(), "/tmp", 2, false);
        // layer 2's tar has no /tmp entry, only the whiteout in it: /tmp is implied
        assertThat(l.self()).extracting(FileHit::type, FileHit::status).containsExactly("dir", "implied");
        assertThat(l.entries()).extracting(FileHit::path, FileHit::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/tmp/big.bin", "whiteout"));
        assertThat(index.list(TestImages.debian().key(), "/etc/passwd", 1, false).self().status()).isEqualTo("modified");
    }

    @Test
    void listRecursivelyAndFiles() throws Exception {
        Listing l = index.list(TestImages.app().key(), "/usr/lib", null, true);
        assertThat(l.entries()).extracting(FileHit::path, FileHit::layer).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/usr/lib/x86_64-linux-gnu", 0),
                org.assertj.core.groups.Tuple.tuple("/usr/lib/x86_64-linux-gnu/libcrypto.so.3", 0),
                org.assertj.core.groups.Tuple.tuple("/usr/lib/x86_64-linux-gnu/libssl.so.3", 3));
        Listing f = index.list(TestImages.app().key(), "/app/main.py", null, false);
        assertThat(f.self().size()).isEqualTo(2000);
        assertThat(f.entries()).isEmpty();
        assertThatThrownBy(() -> index.list(TestImages.app().key(), "/nope", null, false))
                .isInstanceOf(ImageNotIndexedException.class).hasMessage("/nope: no such file or directory in the final filesystem");
    }
}
