package dev.jdx.index;

import static dev.jdx.index.TestImages.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdx.fs.LayerContents;
import dev.jdx.fs.LayerStack;
import dev.jdx.image.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing: replacement on re-index, ref merging and moving, removal, stats, sessions, layer and image documents. */
class FileIndexWriteTest {
    @TempDir
    Path dir;

    private static long count(FileIndex index, String query) throws Exception {
        return index.search(FileQuery.of(query)).total();
    }

    @Test
    void reindexingReplacesTheImagesDocuments() throws Exception {
        try (FileIndex index = FileIndex.open(dir)) {
            TestImages.TestImage deb = TestImages.debian();
            deb.indexInto(index);
            long files = count(index, "image:debian:12");
            assertThat(files).isEqualTo(deb.layers().stream().mapToLong(l -> l.entries().size()).sum());
            deb.indexInto(index);
            assertThat(count(index, "image:debian:12")).isEqualTo(files);
            assertThat(index.stats().layerDocuments()).isEqualTo(3);
            assertThat(index.stats().images()).isEqualTo(1);

            // the same image key with different contents: the old entries are gone
            LayerContents changed = TestImages.layer(0, "deb0", file("/only/new", 5, "new"));
            index.index(deb.doc(), LayerStack.build(List.of(changed)));
            assertThat(count(index, "image:debian:12")).isEqualTo(1);
            assertThat(count(index, "path:/etc/passwd")).isZero();
            assertThat(index.stats().fileDocuments()).isEqualTo(1);
        }
    }

    @Test
    void refsToOneDigestShareTheDocumentsAndMerge() throws Exception {
        try (FileIndex index = FileIndex.open(dir)) {
            TestImages.debian().indexInto(index);
            TestImages.debian().withRefs("docker.io/library/debian:bookworm").indexInto(index);
            assertThat(index.images()).hasSize(1);
            IndexedImage img = index.images().get(0);
            // newest first, then what was known before
            assertThat(img.document().refs()).containsExactly("docker.io/library/debian:bookworm", "debian:12");
            assertThat(count(index, "ref:debian\\:12")).isEqualTo(count(index, "ref:docker.io/library/debian:bookworm"))
                    .isEqualTo(TestImages.debian().layers().stream().mapToLong(l -> l.entries().size()).sum());
            assertThat(index.resolve("debian:bookworm")).extracting(IndexedImage::key).containsExactly(img.key());
            assertThat(index.resolve("debian:12")).extracting(IndexedImage::key).containsExactly(img.key());
            assertThat(index.resolve(img.document().id().hex().substring(0, 8))).hasSize(1);
            assertThat(index.resolve(img.document().manifestDigest().toString())).hasSize(1);
        }
    }

    @Test
    void aRefMovesToTheImageLastIndexedUnderIt() throws Exception {
        try (FileIndex index = FileIndex.open(dir)) {
            TestImages.debian().withRefs("debian:12", "debian:latest").indexInto(index);
            // a newer debian:latest is pulled and inspected
            TestImages.alpine().withRefs("debian:latest").indexInto(index);
            assertThat(index.resolve("debian:latest")).extracting(IndexedImage::key).containsExactly(TestImages.alpine().key());
            assertThat(index.resolve("debian:12")).extracting(i -> i.document().refs())
                    .containsExactly(List.of("debian:12"));
            assertThat(count(index, "ref:debian\\:latest AND name:busybox")).isEqualTo(1);
            assertThat(count(index, "ref:debian\\:latest AND name:sh")).isZero();
        }
    }

    @Test
    void removeDeletesEveryDocumentOfOneImage() throws Exception {
        try (FileIndex index = FileIndex.open(dir)) {
            TestImages.debian().indexInto(index);
            TestImages.alpine().indexInto(index);
            long alpineFiles = count(index, "image:alpine:3");
            assertThat(index.remove(TestImages.debian().key())).isTrue();
            assertThat(index.remove(TestImages.debian().key())).isFalse();
            assertThat(index.images()).extracting(IndexedImage::displayName).containsExactly("alpine:3");
            IndexStats st = index.stats();
            assertThat(st.fileDocuments()).isEqualTo(alpineFiles);
            assertThat(st.layerDocuments()).isEqualTo(1);
            assertThat(st.documents()).isEqualTo(alpineFiles + 2);
            assertThat(st.bytesOnDisk()).isPositive();
        }
    }

    @Test
    void emptyOrMissingIndexAnswersNothing() throws Exception {
        try (FileIndex index = FileIndex.open(dir.resolve("none"))) {
            assertThat(index.isEmpty()).isTrue();
            assertThat(index.images()).isEmpty();
            assertThat(index.search(FileQuery.of("name:x")).hits()).isEmpty();
            assertThat(index.stats().documents()).isZero();
            assertThat(index.remove("sha256:" + "0".repeat(64))).isFalse();
            // syntax is still checked
            assertThatThrownBy(() -> index.search(FileQuery.of("name:(x"))).isInstanceOf(QuerySyntaxException.class);
            assertThatThrownBy(() -> index.require("debian"))
                    .isInstanceOf(ImageNotIndexedException.class).hasMessage("no images indexed yet; run jdx inspect first");
        }
        assertThat(dir.resolve("none")).doesNotExist();
    }

    @Test
    void indexingStartedAndFinishedLaterCommitsOnceAndClosingUnfinishedRollsBack() throws Exception {
        TestImages.TestImage app = TestImages.app();
        long entries = app.layers().stream().mapToLong(l -> l.entries().size()).sum();
        try (FileIndex index = FileIndex.open(dir)) {
            // started, then abandoned (an analysis failed): nothing of it is visible, the index stays as it was
            try (FileIndex.Indexing abandoned = index.start(app.doc(), LayerStack.build(app.layers()))) {
                assertThat(abandoned).isNotNull();
            }
            assertThat(index.images()).isEmpty();
            // started, analysis meanwhile, finished with the completed document
            FileIndex.Indexing i = index.start(app.doc(), LayerStack.build(app.layers()));
            i.finish(app.doc().withOs("Debian GNU/Linux 12 (bookworm)"));
            assertThat(count(index, "image:app:1")).isEqualTo(entries);
            assertThat(index.images()).singleElement().satisfies(img ->
                    assertThat(img.document().os()).isEqualTo("Debian GNU/Linux 12 (bookworm)"));
            assertThatThrownBy(() -> i.finish(app.doc())).isInstanceOf(IllegalStateException.class);
            // another image's document cannot finish this one
            try (FileIndex.Indexing again = index.start(app.doc(), LayerStack.build(app.layers()))) {
                assertThatThrownBy(() -> again.finish(TestImages.debian().doc())).isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(count(index, "image:app:1")).isEqualTo(entries);
        }
    }

    @Test
    void anIndexOfAnotherSchemaIsReportedOnReadAndRebuiltOnWrite() throws Exception {
        // an index as another jdx version would leave it: a commit whose schema is not ours
        try (var d = org.apache.lucene.store.FSDirectory.open(dir);
             var w = new org.apache.lucene.index.IndexWriter(d, new org.apache.lucene.index.IndexWriterConfig())) {
            var doc = new org.apache.lucene.document.Document();
            doc.add(new org.apache.lucene.document.StringField(IndexFields.KIND, "file",
                    org.apache.lucene.document.Field.Store.NO));
            w.addDocument(doc);
            w.setLiveCommitData(java.util.Map.of(IndexFields.SCHEMA_KEY, "0").entrySet());
            w.commit();
        }
        ConcurrentLinkedQueue<String> told = new ConcurrentLinkedQueue<>();
        TestImages.TestImage app = TestImages.app();
        try (FileIndex index = FileIndex.open(dir, FileIndex.DEFAULT_LOCK_TIMEOUT, told::add)) {
            assertThatThrownBy(() -> index.search(FileQuery.of("name:passwd")))
                    .isInstanceOf(IndexSchemaException.class).hasMessageContaining("another jdx version (schema 0");
            assertThatThrownBy(() -> index.baseImageOf(app.doc())).isInstanceOf(IndexSchemaException.class);
            index.index(app.doc(), LayerStack.build(app.layers()));
            assertThat(told).singleElement().asString().contains("rebuilding it");
            assertThat(count(index, "*")).isEqualTo(app.layers().stream().mapToLong(l -> l.entries().size()).sum());
        }
    }

    @Test
    void chainIdsFollowTheOciFormula() throws Exception {
        ImageDocument doc = TestImages.app().doc();
        List<Digest> chain = doc.chainIds();
        List<Digest> diff = doc.layers().stream().map(ImageDocument.LayerInfo::diffId).toList();
        assertThat(chain.get(0)).isEqualTo(diff.get(0));
        // recomputed here with MessageDigest: sha256 of "<chain n-1> <diff n>" as text
        String prev = diff.get(0).toString();
        for (int i = 1; i < diff.size(); i++) {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((prev + " " + diff.get(i)).getBytes(StandardCharsets.UTF_8));
            prev = "sha256:" + HexFormat.of().formatHex(h);
            assertThat(chain.get(i).toString()).isEqualTo(prev);
        }
    }

    @Test
    void largeLayersIndexInSlicesAcrossThreads() throws Exception {
        // more than one 16k slice so several indexing threads share a layer
        List<dev.jdx.fs.FileEntry> entries = IntStream.range(0, 20_000)
                .mapToObj(i -> file("/data/d" + (i % 100) + "/f" + i + ".bin", i, "c" + i)).toList();
        LayerContents big = new LayerContents(0, entries, dev.jdx.image.Compression.NONE, 1, 1, TestImages.diffId("big"));
        ImageDocument doc = TestImages.image("big", List.of("big:1"), null, List.of(), List.of(big), "big").doc();
        try (FileIndex index = FileIndex.open(dir)) {
            index.index(doc, LayerStack.build(List.of(big)));
            assertThat(count(index, "image:big:1")).isEqualTo(20_000);
            assertThat(count(index, "dir:/data/d7")).isEqualTo(200);
            assertThat(index.search(FileQuery.of("size:19999")).hits()).extracting(FileHit::path)
                    .containsExactly("/data/d99/f19999.bin");
        }
    }

    @Test
    void aSecondWriterInTheSameJvmWaitsThenTimesOut() throws Exception {
        ConcurrentLinkedQueue<String> told = new ConcurrentLinkedQueue<>();
        try (FileIndex first = FileIndex.open(dir);
             FileIndex second = FileIndex.open(dir, java.time.Duration.ofMillis(600), told::add)) {
            TestImages.debian().indexInto(first);
            try (LuceneLock held = LuceneLock.hold(dir)) {
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> TestImages.alpine().indexInto(second))
                        .isInstanceOf(IndexLockTimeoutException.class)
                        .hasMessageContaining("another jdx held its lock for more than 0 s");
                assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(600_000_000L);
            }
            assertThat(told).containsExactly(FileIndex.WAITING_MESSAGE);
            // the failed attempt left the index as it was, readable
            assertThat(second.images()).extracting(IndexedImage::displayName).containsExactly("debian:12");
        }
    }

    @Test
    void aWaitingWriterProceedsWhenTheLockIsReleased() throws Exception {
        ConcurrentLinkedQueue<String> told = new ConcurrentLinkedQueue<>();
        try (FileIndex index = FileIndex.open(dir, java.time.Duration.ofSeconds(30), told::add)) {
            LuceneLock held = LuceneLock.hold(dir);
            Thread releaser = new Thread(() -> {
                try {
                    Thread.sleep(500);
                    held.close();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            releaser.start();
            TestImages.alpine().indexInto(index);
            releaser.join();
            assertThat(told).containsExactly(FileIndex.WAITING_MESSAGE);
            assertThat(index.images()).extracting(IndexedImage::displayName).containsExactly("alpine:3");
        }
    }

    /** Holds the index write lock the way another jdx would: an open Lucene IndexWriter. */
    record LuceneLock(org.apache.lucene.index.IndexWriter writer) implements AutoCloseable {
        static LuceneLock hold(Path dir) throws IOException {
            return new LuceneLock(new org.apache.lucene.index.IndexWriter(
                    org.apache.lucene.store.FSDirectory.open(dir),
                    new org.apache.lucene.index.IndexWriterConfig().setCommitOnClose(false)));
        }

        @Override
        public void close() throws IOException {
            writer.rollback();
            writer.getDirectory().close();
        }
    }
}
