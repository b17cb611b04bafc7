package dev.jdx.index;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdx.fs.FileEntry;
import dev.jdx.fs.FinalEntry;
import dev.jdx.fs.LayerContents;
import dev.jdx.fs.LayerStack;
import dev.jdx.image.Digest;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.TokenMgrError;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.store.NativeFSLockFactory;
import org.apache.lucene.util.BytesRef;

/**
 * The persistent index of inspected images (see {@link IndexFields} for its documents): writes an image's documents
 * in one commit, and answers file searches, cross-image questions and listings.
 *
 * <p>Concurrency: any number of processes may read while one writes. Writers take Lucene's native file lock; a
 * second writer waits (telling the wait listener once) and fails with {@link IndexLockTimeoutException} after the
 * lock timeout. The writer is held only while one image's documents are written, never across a scan. Every write
 * ends in a Lucene commit, so a process killed at any point leaves the last commit readable.
 *
 * <p>Thread-safe: reads are serialised on the instance (each takes milliseconds) so a refresh never closes a reader
 * another thread is using; a {@link Session} may be fed from many threads.
 */
public final class FileIndex implements Closeable {
    /** How long a writer waits for another process's lock by default. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(60);
    /** What the wait listener is told while another process holds the write lock (it also hears that an index of
     *  another schema is being rebuilt). */
    public static final String WAITING_MESSAGE = "waiting for the index lock held by another jdx…";
    private static final int MAX_GROUPED_HITS = 100_000;
    private static final Pattern COLUMN = Pattern.compile("column (\\d+)");
    private static final Pattern ENCOUNTERED = Pattern.compile("Encountered \"(.*?)\" at line");
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path dir;
    private final Duration lockTimeout;
    private final Consumer<String> onWait;
    private final int threads;
    /** Images up to this many entries are indexed by one thread (see {@link Indexing}). */
    private static final int SMALL_IMAGE_ENTRIES = 20_000;
    private FSDirectory directory;
    private DirectoryReader reader;
    /** The image records of {@link #reader}, read once per reader (every search names hits by them). */
    private List<IndexedImage> imagesOfReader;

    private FileIndex(Path dir, Duration lockTimeout, Consumer<String> onWait, int threads) {
        this.dir = dir.toAbsolutePath();
        this.lockTimeout = lockTimeout;
        this.onWait = onWait;
        this.threads = threads;
    }

    /** The default location: {@code $XDG_CACHE_HOME/jdx/index}, else {@code ~/.cache/jdx/index}. */
    public static Path defaultDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("jdx").resolve("index");
    }

    /** The index at {@code dir} with the default lock timeout and no wait message. Nothing is created until a write. */
    public static FileIndex open(Path dir) {
        return open(dir, DEFAULT_LOCK_TIMEOUT, m -> {});
    }

    /**
     * The index at {@code dir}.
     *
     * @param lockTimeout how long a write waits for another process's lock
     * @param onWait      told {@link #WAITING_MESSAGE} once when a write has to wait
     */
    public static FileIndex open(Path dir, Duration lockTimeout, Consumer<String> onWait) {
        return new FileIndex(dir, lockTimeout, onWait,
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    }

    public Path directory() {
        return dir;
    }

    // ------------------------------------------------------------------------------------------------ writing

    /** Indexes one image (its layers as stacked) in one commit, replacing whatever the index held for its key. */
    public void index(ImageDocument image, LayerStack stack) throws IOException {
        try (Indexing i = start(image, stack)) {
            i.finish(image);
        }
    }

    /**
     * Starts indexing one scanned image: takes the write lock (waiting for another process up to the timeout),
     * removes the image's old documents and begins writing its file documents on background threads, so the caller
     * can analyse the image meanwhile. {@link Indexing#finish} then adds the layer and image documents (with what the
     * analysis found) and commits; closing without finishing rolls everything back.
     *
     * <p>File documents do not depend on the analysis, only on the stack (an entry's status and visibility depend on
     * the layers above it), so on two cores the analysis and the indexing run side by side instead of one after the
     * other.
     */
    public Indexing start(ImageDocument image, LayerStack stack) throws IOException {
        if (stack.layers().size() > FileRecord.MAX_LAYER + 1) {
            throw new IOException("indexing " + image.key() + ": " + stack.layers().size() + " layers; the index holds up to "
                    + (FileRecord.MAX_LAYER + 1));
        }
        IndexWriter w = openWriter();
        try {
            w.deleteDocuments(new Term(IndexFields.IMAGE, image.key()));
            return new Indexing(w, image.key(), stack);
        } catch (IOException | RuntimeException e) {
            w.rollback();
            throw e;
        }
    }

    /** One image being written; see {@link #start}. Not thread-safe: one caller finishes or closes it. */
    public final class Indexing implements Closeable {
        private final IndexWriter w;
        private final String key;
        private final List<LayerContents> layers;
        private final LayerStack stack;
        private final ExecutorService pool;
        private final List<Future<Void>> writes = new ArrayList<>();
        private final int writers;
        private boolean done;

        private Indexing(IndexWriter w, String key, LayerStack stack) {
            this.w = w;
            this.key = key;
            this.layers = stack.layers();
            this.stack = stack;
            // a small image is written by one thread: one segment to flush instead of one per thread, which on a
            // cold JVM (all of Lucene's flush code interpreted) is most of its indexing time
            long entries = layers.stream().mapToLong(l -> l.entries().size()).sum();
            this.writers = entries <= SMALL_IMAGE_ENTRIES ? 1 : threads;
            this.pool = Executors.newFixedThreadPool(writers, r -> {
                Thread th = new Thread(r, "jdx-index");
                th.setDaemon(true);
                return th;
            });
            submitFiles();
        }

        /** File documents, a slice of entries per task so big layers spread over the indexing threads. */
        private void submitFiles() {
            final int slice = 16_384;
            ThreadLocal<FileDocBuilder> builders = ThreadLocal.withInitial(() -> new FileDocBuilder(key));
            for (int l = 0; l < layers.size(); l++) {
                int layer = l;
                List<FileEntry> entries = layers.get(l).entries();
                for (int from = 0; from < entries.size(); from += slice) {
                    int lo = from, hi = Math.min(entries.size(), from + slice);
                    writes.add(pool.submit(() -> {
                        FileDocBuilder b = builders.get();
                        b.layer(layer);
                        for (int i = lo; i < hi; i++) {
                            w.addDocument(b.build(entries.get(i), stack.kind(layer, i), stack.shadowedBy(layer, i)));
                        }
                        return null;
                    }));
                }
            }
            List<FinalEntry> emptied = stack.emptiedDirectories();
            if (!emptied.isEmpty()) {
                writes.add(pool.submit(() -> {
                    FileDocBuilder b = builders.get();
                    for (FinalEntry d : emptied) {
                        b.layer(d.layer());
                        w.addDocument(b.buildEmptied(d.entry()));
                    }
                    return null;
                }));
            }
        }

        /**
         * Waits for the file documents, writes the layer and image documents from {@code completed} (the document
         * given to {@link #start} with what the analysis added: OS, base image, packages) and commits.
         */
        public void finish(ImageDocument completed) throws IOException {
            if (done) throw new IllegalStateException("indexing of " + key + " already finished");
            if (!completed.key().equals(key)) {
                throw new IllegalArgumentException("finishing " + key + " with the document of " + completed.key());
            }
            done = true;
            try {
                await(writes);
                // Flush the in-memory segments on the pool, one per thread: left to the commit, this thread would
                // write them one after another (about a third of the indexing time on 150k+ files).
                List<Future<Void>> flushes = new ArrayList<>();
                for (int i = 0; i < writers; i++) {
                    flushes.add(pool.submit(() -> {
                        while (w.flushNextBuffer()) { /* next pending segment */ }
                        return null;
                    }));
                }
                await(flushes);
                writeImage(w, completed, layers, stack);
                commit(w);
                w.close();
            } catch (IOException | RuntimeException e) {
                stopWrites();
                w.rollback();
                throw e;
            } finally {
                pool.shutdown();
            }
        }

        /** Without {@link #finish}: stops the writes and rolls back, leaving the index as it was. */
        @Override
        public void close() throws IOException {
            if (done) return;
            done = true;
            stopWrites();
            w.rollback();
        }

        /**
         * Cancels the writes not started and waits for the running ones. Never interrupts them: an interrupt inside
         * Lucene's file I/O closes the NIO channels, the write lock's among them, and the rollback then fails.
         */
        private void stopWrites() {
            for (Future<Void> f : writes) f.cancel(false);
            pool.shutdown();
            boolean interrupted = false;
            while (true) {
                try {
                    if (pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }

        private void await(List<Future<Void>> futures) throws IOException {
            try {
                for (Future<Void> f : futures) f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("indexing " + key + ": interrupted");
            } catch (ExecutionException e) {
                Throwable c = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
                if (c instanceof IOException io) throw io;
                if (c instanceof RuntimeException re) throw re;
                throw new IOException("indexing " + key + ": " + c, c);
            }
        }
    }

    /** The layer and image documents; moves refs the image now has away from other images that had them. */
    private void writeImage(IndexWriter w, ImageDocument given, List<LayerContents> layers, LayerStack stack)
            throws IOException {
        ImageDocument image = given.withLayers(effectiveLayers(given, layers));
        String key = image.key();
        long size = 0, stored = 0;
        boolean storedKnown = true;
        long entries = 0;
        for (LayerContents l : layers) {
            size += l.entryBytes();
            entries += l.entries().size();
        }
        for (ImageDocument.LayerInfo li : image.layers()) {
            if (li.storedSize() < 0) storedKnown = false;
            else stored += li.storedSize();
        }
        long files = stack.finalTree().fileCount();
        Set<String> refs = mergeRefs(w, image);
        IndexedImage record = new IndexedImage(image.withRefs(List.copyOf(refs)), size, storedKnown ? stored : -1,
                files, entries, Instant.now());
        List<Digest> chain = record.document().chainIds();
        for (int i = 0; i < layers.size(); i++) {
            w.addDocument(layerDoc(record.document(), layers.get(i), i < chain.size() ? chain.get(i) : null));
        }
        w.updateDocument(new Term(IndexFields.ID, "image:" + key), imageDoc(record));
    }

    /**
     * The image's refs merged with those of its earlier record; the refs it has now are taken away from any other
     * image that had them. Reads the last commit (this process holds the write lock): a new index, or one of another
     * schema that this commit replaces, has nothing to merge.
     */
    private Set<String> mergeRefs(IndexWriter w, ImageDocument image) throws IOException {
        String key = image.key();
        Set<String> refs = new LinkedHashSet<>(image.refs());
        if (!DirectoryReader.indexExists(luceneDirectory())) return refs;
        try (DirectoryReader r = DirectoryReader.open(luceneDirectory())) {
            String schema = schemaOf(r.getIndexCommit().getUserData().entrySet());
            if (schema != null && !schema.equals(IndexFields.SCHEMA_VERSION)) return refs;
            IndexSearcher s = new IndexSearcher(r);
            for (IndexedImage old : imagesFor(s, new TermQuery(new Term(IndexFields.ID, "image:" + key)))) {
                refs.addAll(old.document().refs());
            }
            if (!image.refs().isEmpty()) {
                for (IndexedImage other : imagesFor(s, new TermInSetQuery(IndexFields.REF,
                        image.refs().stream().map(BytesRef::new).toList()))) {
                    if (other.key().equals(key)) continue;
                    List<String> kept = new ArrayList<>(other.document().refs());
                    kept.removeAll(image.refs());
                    IndexedImage moved = new IndexedImage(other.document().withRefs(kept), other.size(),
                            other.storedSize(), other.files(), other.entries(), other.indexedAt());
                    w.updateDocument(new Term(IndexFields.ID, "image:" + other.key()), imageDoc(moved));
                }
            }
        }
        return refs;
    }

    /** The layer facts of the document, completed from what the scan read (the diff_id as actually read wins). */
    private static List<ImageDocument.LayerInfo> effectiveLayers(ImageDocument image, List<LayerContents> layers) {
        List<ImageDocument.LayerInfo> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            LayerContents c = layers.get(i);
            ImageDocument.LayerInfo li = i < image.layers().size() ? image.layers().get(i)
                    : new ImageDocument.LayerInfo(null, null, -1, null);
            out.add(new ImageDocument.LayerInfo(li.digest(), c.diffId() != null ? c.diffId() : li.diffId(),
                    li.storedSize() >= 0 ? li.storedSize() : c.storedBytes() > 0 ? c.storedBytes() : -1, li.createdBy()));
        }
        return out;
    }

    private static Document layerDoc(ImageDocument image, LayerContents l, Digest chainId) {
        Document d = new Document();
        d.add(new StringField(IndexFields.KIND, IndexFields.KIND_LAYER, Field.Store.NO));
        d.add(new StringField(IndexFields.IMAGE, image.key(), Field.Store.YES));
        d.add(new SortedDocValuesField(IndexFields.IMAGE, new BytesRef(image.key()))); // same schema as file documents
        if (image.manifestDigest() != null) {
            d.add(new StringField(IndexFields.MANIFEST, image.manifestDigest().toString(), Field.Store.NO));
        }
        addInt(d, IndexFields.LAYER, l.index());
        ImageDocument.LayerInfo li = image.layers().get(l.index());
        if (li.digest() != null) d.add(new StringField(IndexFields.LAYER_DIGEST, li.digest().toString(), Field.Store.YES));
        if (li.diffId() != null) d.add(new StringField(IndexFields.DIFF_ID, li.diffId().toString(), Field.Store.YES));
        if (chainId != null) d.add(new StringField(IndexFields.CHAIN_ID, chainId.toString(), Field.Store.YES));
        addLong(d, IndexFields.SIZE, l.entryBytes());
        addLong(d, IndexFields.STORED_SIZE, li.storedSize());
        addLong(d, IndexFields.FILES, l.entries().size());
        if (li.createdBy() != null) d.add(new TextField(IndexFields.CREATED_BY, li.createdBy(), Field.Store.YES));
        if (l.compression() != null) {
            d.add(new StringField(IndexFields.COMPRESSION, l.compression().name().toLowerCase(Locale.ROOT), Field.Store.YES));
        }
        return d;
    }

    /** A number on any document: doc values for queries and sorting plus a stored copy (no points: see IndexFields). */
    private static void addLong(Document d, String field, long value) {
        d.add(new NumericDocValuesField(field, value));
        d.add(new StoredField(field, value));
    }

    private static void addInt(Document d, String field, int value) {
        d.add(new NumericDocValuesField(field, value));
        d.add(new StoredField(field, value));
    }

    private static Document imageDoc(IndexedImage rec) throws IOException {
        ImageDocument img = rec.document();
        Document d = new Document();
        d.add(new StringField(IndexFields.KIND, IndexFields.KIND_IMAGE, Field.Store.NO));
        d.add(new StringField(IndexFields.ID, "image:" + img.key(), Field.Store.NO));
        d.add(new StringField(IndexFields.IMAGE, img.key(), Field.Store.YES));
        d.add(new SortedDocValuesField(IndexFields.IMAGE, new BytesRef(img.key()))); // same schema as file documents
        if (img.manifestDigest() != null) {
            d.add(new StringField(IndexFields.MANIFEST, img.manifestDigest().toString(), Field.Store.YES));
        }
        for (String r : img.refs()) d.add(new StringField(IndexFields.REF, r, Field.Store.YES));
        if (img.platform() != null) {
            d.add(new StringField(IndexFields.PLATFORM, img.platform(), Field.Store.YES));
            String[] parts = img.platform().split("/");
            if (parts.length >= 2) d.add(new StringField(IndexFields.ARCH, parts[1], Field.Store.NO));
        }
        if (img.os() != null) d.add(new StringField(IndexFields.OS, img.os(), Field.Store.YES));
        if (img.baseImage() != null) d.add(new StringField(IndexFields.BASE, img.baseImage(), Field.Store.YES));
        img.labels().forEach((k, v) -> d.add(new StringField(IndexFields.LABEL, k + "=" + v, Field.Store.NO)));
        for (String e : img.env()) d.add(new StringField(IndexFields.ENV, e, Field.Store.NO));
        for (String p : img.exposedPorts()) d.add(new StringField(IndexFields.PORT, p, Field.Store.NO));
        if (img.user() != null && !img.user().isBlank()) d.add(new StringField(IndexFields.USER, img.user(), Field.Store.NO));
        if (img.runsAsRoot() && !"root".equals(img.user())) d.add(new StringField(IndexFields.USER, "root", Field.Store.NO));
        for (String p : img.packages()) {
            d.add(new StringField(IndexFields.PACKAGE, p, Field.Store.NO));
            int eq = p.indexOf('=');
            if (eq > 0) d.add(new StringField(IndexFields.PACKAGE, p.substring(0, eq), Field.Store.NO));
        }
        addInt(d, IndexFields.LAYERS, img.layers().size());
        for (ImageDocument.LayerInfo li : img.layers()) {
            if (li.digest() != null) d.add(new StringField(IndexFields.LAYER_DIGEST, li.digest().toString(), Field.Store.NO));
            if (li.diffId() != null) d.add(new StringField(IndexFields.DIFF_ID, li.diffId().toString(), Field.Store.NO));
        }
        List<Digest> chain = img.chainIds();
        for (Digest c : chain) d.add(new StringField(IndexFields.CHAIN_ID, c.toString(), Field.Store.NO));
        if (!chain.isEmpty() && chain.size() == img.layers().size()) {
            d.add(new StringField(IndexFields.TOP_CHAIN, chain.get(chain.size() - 1).toString(), Field.Store.NO));
        }
        addLong(d, IndexFields.SIZE, rec.size());
        addLong(d, IndexFields.STORED_SIZE, rec.storedSize());
        addLong(d, IndexFields.FILES, rec.files());
        addLong(d, IndexFields.INDEXED_AT, rec.indexedAt().toEpochMilli());
        d.add(new StoredField(IndexFields.RECORD, JSON.writeValueAsString(StoredRecord.of(rec))));
        return d;
    }

    /** The JSON form of an {@link IndexedImage} kept in the image document (digests as strings). */
    record StoredRecord(String id, String manifest, List<String> refs, String platform, String os, String base,
                        Map<String, String> labels, List<String> env, List<String> ports, String user,
                        List<String> packages, List<StoredLayer> layers, String created, long size, long storedSize,
                        long files, long entries, long indexedAt) {
        record StoredLayer(String digest, String diffId, long storedSize, String createdBy) {}

        static StoredRecord of(IndexedImage r) {
            ImageDocument d = r.document();
            return new StoredRecord(d.id().toString(), str(d.manifestDigest()), d.refs(), d.platform(), d.os(),
                    d.baseImage(), d.labels(), d.env(), d.exposedPorts(), d.user(), d.packages(),
                    d.layers().stream().map(l -> new StoredLayer(str(l.digest()), str(l.diffId()), l.storedSize(),
                            l.createdBy())).toList(), d.created(), r.size(), r.storedSize(), r.files(), r.entries(),
                    r.indexedAt().toEpochMilli());
        }

        IndexedImage toImage() {
            ImageDocument d = new ImageDocument(Digest.parse(id), digest(manifest), refs, platform, os, base, labels,
                    env, ports, user, packages, layers == null ? List.of() : layers.stream()
                    .map(l -> new ImageDocument.LayerInfo(digest(l.digest), digest(l.diffId), l.storedSize, l.createdBy))
                    .toList(), created);
            return new IndexedImage(d, size, storedSize, files, entries, Instant.ofEpochMilli(indexedAt));
        }

        private static String str(Digest d) {
            return d == null ? null : d.toString();
        }

        private static Digest digest(String s) {
            return s == null ? null : Digest.parse(s);
        }
    }

    /** Removes one image (every document of it). Returns false when the index did not hold it. */
    public boolean remove(String imageKey) throws IOException {
        if (!Files.isDirectory(dir) || listAll().isEmpty()) return false;
        try (IndexWriter w = openWriter()) {
            long before;
            try (DirectoryReader r = DirectoryReader.open(w)) {
                before = new IndexSearcher(r).count(new TermQuery(new Term(IndexFields.IMAGE, imageKey)));
            }
            if (before == 0) {
                w.rollback();
                return false;
            }
            w.deleteDocuments(new Term(IndexFields.IMAGE, imageKey));
            commit(w);
        }
        return true;
    }

    private static void commit(IndexWriter w) throws IOException {
        w.setLiveCommitData(Map.of(IndexFields.SCHEMA_KEY, IndexFields.SCHEMA_VERSION).entrySet());
        w.commit();
    }

    /** Opens the writer, waiting for another process's lock up to the timeout. */
    private IndexWriter openWriter() throws IOException {
        Files.createDirectories(dir);
        FSDirectory d = luceneDirectory();
        long deadline = System.nanoTime() + lockTimeout.toNanos();
        boolean told = false;
        while (true) {
            IndexWriterConfig cfg = new IndexWriterConfig(Analyzers.perField())
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setRAMBufferSizeMB(64)
                    // flushed segments stay as plain files: packing each into a compound file rewrites it once more
                    .setUseCompoundFile(false)
                    .setCommitOnClose(false);
            try {
                IndexWriter w = new IndexWriter(d, cfg);
                String schema = schemaOf(w.getLiveCommitData());
                if (schema != null && !schema.equals(IndexFields.SCHEMA_VERSION)) {
                    // written by another jdx version: the documents are unreadable to this one, so start over
                    onWait.accept("the index at " + dir + " was written by another jdx version (schema " + schema
                            + "); rebuilding it: re-inspect the other images to search them again");
                    w.deleteAll();
                }
                return w;
            } catch (LockObtainFailedException e) {
                if (System.nanoTime() > deadline) {
                    throw new IndexLockTimeoutException("writing the index at " + dir + ": another jdx held its lock for more than "
                            + lockTimeout.toSeconds() + " s; try again when it finishes");
                }
                if (!told) {
                    onWait.accept(WAITING_MESSAGE);
                    told = true;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("writing the index at " + dir + ": interrupted while waiting for its lock");
                }
            }
        }
    }

    private static String schemaOf(Iterable<Map.Entry<String, String>> data) {
        if (data == null) return null;
        for (Map.Entry<String, String> e : data) if (e.getKey().equals(IndexFields.SCHEMA_KEY)) return e.getValue();
        return null;
    }

    // ------------------------------------------------------------------------------------------------ reading

    private synchronized FSDirectory luceneDirectory() throws IOException {
        if (directory == null) directory = FSDirectory.open(dir, NativeFSLockFactory.INSTANCE);
        return directory;
    }

    /** The current searcher, or null when there is no index yet. */
    private synchronized IndexSearcher searcher() throws IOException {
        if (reader == null) {
            if (!Files.isDirectory(dir) || !DirectoryReader.indexExists(luceneDirectory())) return null;
            reader = DirectoryReader.open(luceneDirectory());
            String schema = schemaOf(reader.getIndexCommit().getUserData().entrySet());
            if (schema != null && !schema.equals(IndexFields.SCHEMA_VERSION)) {
                reader.close();
                reader = null;
                throw new IndexSchemaException("reading the index at " + dir + ": it was written by another jdx version (schema "
                        + schema + ", this jdx reads " + IndexFields.SCHEMA_VERSION + "); re-run jdx inspect to rebuild it");
            }
        } else {
            DirectoryReader changed = DirectoryReader.openIfChanged(reader);
            if (changed != null) {
                reader.close();
                reader = changed;
                imagesOfReader = null;
            }
        }
        return new IndexSearcher(reader);
    }

    /** Every indexed image, by display name. */
    public synchronized List<IndexedImage> images() throws IOException {
        IndexSearcher s = searcher();
        if (s == null) return List.of();
        if (imagesOfReader == null) {
            List<IndexedImage> out = new ArrayList<>(imagesFor(s, new TermQuery(new Term(IndexFields.KIND, IndexFields.KIND_IMAGE))));
            out.sort(Comparator.comparing(IndexedImage::displayName));
            imagesOfReader = List.copyOf(out);
        }
        return imagesOfReader;
    }

    private List<IndexedImage> listAll() throws IOException {
        return images();
    }

    /** True when no image is indexed (or there is no index at all). */
    public synchronized boolean isEmpty() throws IOException {
        return images().isEmpty();
    }

    private static List<IndexedImage> imagesFor(IndexSearcher s, Query q) throws IOException {
        Query query = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(IndexFields.KIND, IndexFields.KIND_IMAGE)), BooleanClause.Occur.FILTER)
                .add(q, BooleanClause.Occur.FILTER).build();
        int n = s.count(query);
        if (n == 0) return List.of();
        TopDocs td = s.search(query, n);
        StoredFields sf = s.storedFields();
        List<IndexedImage> out = new ArrayList<>();
        for (ScoreDoc sd : td.scoreDocs) {
            String json = sf.document(sd.doc, Set.of(IndexFields.RECORD)).get(IndexFields.RECORD);
            out.add(JSON.readValue(json, StoredRecord.class).toImage());
        }
        return out;
    }

    /**
     * The images a name denotes, best rule first: an exact image or manifest digest; an exact ref; the ref with
     * {@code :latest} added or {@code docker.io/library/} dropped; the repository without a tag; a prefix (4+ hex digits, with or without
     * {@code sha256:}) of an image or manifest digest. Empty when nothing matches; several when ambiguous.
     */
    public synchronized List<IndexedImage> resolve(String name) throws IOException {
        List<IndexedImage> all = images();
        String n = name.trim();
        List<IndexedImage> hit = all.stream().filter(i -> i.key().equals(n)
                || (i.document().manifestDigest() != null && i.document().manifestDigest().toString().equals(n))).toList();
        if (!hit.isEmpty()) return hit;
        hit = all.stream().filter(i -> i.document().refs().contains(n)).toList();
        if (!hit.isEmpty()) return hit;
        String norm = normaliseRef(n);
        hit = all.stream().filter(i -> i.document().refs().stream().anyMatch(r -> normaliseRef(r).equals(norm))).toList();
        if (!hit.isEmpty()) return hit;
        // a repository without its tag, when it names one image only through whatever tag ("app" for "app:1")
        hit = all.stream().filter(i -> i.document().refs().stream().anyMatch(r -> repository(r).equals(n)
                || repository(normaliseRef(r)).equals(repository(norm)))).toList();
        if (!hit.isEmpty()) return hit;
        String hex = n.startsWith("sha256:") ? n.substring(7) : n;
        if (hex.length() >= 4 && hex.matches("[0-9a-f]+")) {
            return all.stream().filter(i -> i.document().id().hex().startsWith(hex)
                    || (i.document().manifestDigest() != null && i.document().manifestDigest().hex().startsWith(hex))).toList();
        }
        return List.of();
    }

    /** The one image a name denotes; {@link ImageNotIndexedException} when none, IllegalArgumentException when several. */
    public synchronized IndexedImage require(String name) throws IOException {
        List<IndexedImage> found = resolve(name);
        if (found.isEmpty()) {
            throw new ImageNotIndexedException(isEmpty()
                    ? "no images indexed yet; run jdx inspect first"
                    : "image '" + name + "' is not indexed; run jdx inspect " + name + " first (jdx images lists what is)");
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException("'" + name + "' is ambiguous: it matches "
                    + String.join(", ", found.stream().map(i -> i.displayName() + " (" + i.document().id().shortHex() + ")").toList()));
        }
        return found.get(0);
    }

    /** {@code ghcr.io/a/b:1} → {@code ghcr.io/a/b}; {@code app@sha256:...} → {@code app}. */
    private static String repository(String ref) {
        int at = ref.indexOf('@');
        String r = at >= 0 ? ref.substring(0, at) : ref;
        int colon = r.lastIndexOf(':');
        return colon > r.lastIndexOf('/') ? r.substring(0, colon) : r;
    }

    /** {@code nginx} → {@code nginx:latest}, {@code docker.io/library/nginx:1} → {@code nginx:1}. */
    static String normaliseRef(String ref) {
        String r = ref;
        for (String p : List.of("docker://", "registry:", "index.docker.io/", "docker.io/", "library/")) {
            if (r.startsWith(p)) r = r.substring(p.length());
        }
        int slash = r.lastIndexOf('/');
        if (!r.contains("@") && r.indexOf(':', slash + 1) < 0) r = r + ":latest";
        return r;
    }

    /** Parses a query for the given documents; the position of a syntax error refers to {@code text}. */
    private Query parse(String text, JdxQueryParser.Target target, IndexSearcher s) throws QuerySyntaxException {
        QueryRewriter.Rewritten rw = QueryRewriter.rewrite(text);
        JdxQueryParser p = new JdxQueryParser(target, q -> {
            if (s == null) return List.of();
            try {
                return imagesFor(s, q).stream().map(IndexedImage::key).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, name -> {
            try {
                return resolve(name).stream().map(IndexedImage::key).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, q -> {
            try {
                return filesOfLayers(s, q);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            return withPositiveClause(p.parse(rw.text()));
        } catch (ParseException e) {
            throw syntaxError(text, rw, e);
        }
    }

    /**
     * A query on layer-level fields (diff_id, layer_digest, chain_id, manifest) turned into one on file documents:
     * per matching layer position, that layer of the matching images.
     */
    private static Query filesOfLayers(IndexSearcher s, Query layerQuery) throws IOException {
        if (s == null) return new org.apache.lucene.search.MatchNoDocsQuery("no index");
        Query q = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(IndexFields.KIND, IndexFields.KIND_LAYER)), BooleanClause.Occur.FILTER)
                .add(layerQuery, BooleanClause.Occur.FILTER).build();
        int n = s.count(q);
        if (n == 0) return new org.apache.lucene.search.MatchNoDocsQuery("no layer matches");
        Map<Integer, List<BytesRef>> imagesByLayer = new java.util.TreeMap<>();
        StoredFields sf = s.storedFields();
        for (ScoreDoc sd : s.search(q, n).scoreDocs) {
            Document d = sf.document(sd.doc, Set.of(IndexFields.IMAGE, IndexFields.LAYER));
            imagesByLayer.computeIfAbsent(num(d, IndexFields.LAYER).intValue(), k -> new ArrayList<>())
                    .add(new BytesRef(d.get(IndexFields.IMAGE)));
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        imagesByLayer.forEach((layer, images) -> b.add(new BooleanQuery.Builder()
                .add(IndexFields.numericRange(IndexFields.LAYER, layer, layer), BooleanClause.Occur.FILTER)
                .add(new TermInSetQuery(IndexFields.IMAGE, images), BooleanClause.Occur.FILTER).build(), BooleanClause.Occur.SHOULD));
        return b.build();
    }

    /** {@code NOT user:root} alone matches nothing in Lucene; people mean "all but", so add a match-all clause. */
    private static Query withPositiveClause(Query q) {
        if (q instanceof BooleanQuery bq && !bq.clauses().isEmpty()
                && bq.clauses().stream().allMatch(c -> c.occur() == BooleanClause.Occur.MUST_NOT)) {
            BooleanQuery.Builder b = new BooleanQuery.Builder().add(new MatchAllDocsQuery(), BooleanClause.Occur.FILTER);
            for (BooleanClause c : bq.clauses()) b.add(c);
            return b.build();
        }
        return q;
    }

    private static QuerySyntaxException syntaxError(String text, QueryRewriter.Rewritten rw, ParseException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String msg = cause.getMessage() == null ? "" : cause.getMessage();
        int column = -1;
        String found = null;
        if (cause instanceof ParseException pe && pe.currentToken != null && pe.currentToken.next != null) {
            column = pe.currentToken.next.beginColumn;
            found = pe.currentToken.next.kind == 0 ? null : pe.currentToken.next.image;
        } else if (cause instanceof TokenMgrError) {
            Matcher m = COLUMN.matcher(msg);
            if (m.find()) column = Integer.parseInt(m.group(1));
        }
        if (column < 0) {
            // a message of ours (unknown field, bad size) raised from inside the parser: it names the culprit
            String own = msg.startsWith("Cannot parse") && msg.indexOf("': ") > 0 ? msg.substring(msg.indexOf("': ") + 3) : msg;
            int pos = -1;
            Matcher f = Pattern.compile("^(?:unknown field )?'([^':]+)").matcher(own);
            if (f.find()) pos = text.indexOf(f.group(1));
            return new QuerySyntaxException("bad query" + (pos >= 0 ? " at position " + (pos + 1) : "") + ": " + firstLine(own), pos);
        }
        // Lucene's FastCharStream counts columns from 0; the lexer's TokenMgrError from 1
        int pos = rw.originalOffset(cause instanceof TokenMgrError ? column - 1 : column, text.length());
        String what;
        int quote = unclosedQuote(text);
        if (cause instanceof TokenMgrError && quote >= 0) {
            pos = quote;
            what = "unclosed quote";
        } else if (cause instanceof TokenMgrError) {
            what = pos >= text.length() ? "unexpected end of query" : "unexpected character '" + text.charAt(pos) + "'";
        } else if (found == null || pos >= text.length()) {
            pos = Math.min(pos, text.length());
            what = "unexpected end of query";
        } else {
            Matcher m = ENCOUNTERED.matcher(msg);
            what = "unexpected '" + (found.isEmpty() && m.find() ? m.group(1) : found) + "'";
        }
        return new QuerySyntaxException("bad query at position " + (pos + 1) + ": " + what + " in: " + text, pos);
    }

    /** The offset of a quote that is never closed, or -1. */
    private static int unclosedQuote(String text) {
        int open = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') i++;
            else if (c == '"') open = open < 0 ? i : -1;
        }
        return open;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    /** Checks a query's syntax without running it (throws what {@link #search} would). */
    public synchronized void validate(String query) throws IOException, QuerySyntaxException {
        IndexSearcher s = searcher();
        if (query != null && !query.isBlank()) parse(query, JdxQueryParser.Target.FILES, s);
    }

    /** Runs a file search. An empty or missing index gives no hits. */
    public synchronized SearchResult<FileHit> search(FileQuery fq) throws IOException, QuerySyntaxException {
        IndexSearcher s = searcher();
        if (s == null) {
            if (fq.query() != null && !fq.query().isBlank()) parse(fq.query(), JdxQueryParser.Target.FILES, null);
            return new SearchResult<>(List.of(), 0, false);
        }
        Query q;
        try {
            q = fileQuery(fq, s);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Sort sort = fq.sort() == FileQuery.Sort.SIZE
                ? new Sort(new SortField(IndexFields.SIZE, SortField.Type.LONG, true),
                        pathSort())
                : new Sort(pathSort(),
                        new SortField(IndexFields.LAYER, SortField.Type.INT));
        TopDocs td = s.search(q, fq.limit(), sort);
        List<FileHit> hits = hits(s, td.scoreDocs);
        // the collector stops counting exactly after 1,000 hits; a count query is cheap and gives the real total
        long total = td.totalHits.relation() == TotalHits.Relation.EQUAL_TO ? td.totalHits.value() : s.count(q);
        return new SearchResult<>(hits, total, false);
    }

    private Query fileQuery(FileQuery fq, IndexSearcher s) throws IOException, QuerySyntaxException {
        BooleanQuery.Builder b = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(IndexFields.KIND, IndexFields.KIND_FILE)), BooleanClause.Occur.FILTER);
        if (fq.query() != null && !fq.query().isBlank()) b.add(parse(fq.query(), JdxQueryParser.Target.FILES, s), BooleanClause.Occur.MUST);
        if (fq.nameGlob() != null) b.add(glob(IndexFields.NAME, fq.nameGlob()), BooleanClause.Occur.FILTER);
        if (fq.pathGlob() != null) b.add(PathQueries.wildcard(fq.pathGlob()), BooleanClause.Occur.FILTER);
        if (fq.minSize() != null) {
            b.add(IndexFields.numericRange(IndexFields.SIZE, fq.minSize() == Long.MAX_VALUE ? Long.MAX_VALUE : fq.minSize() + 1,
                    Long.MAX_VALUE), BooleanClause.Occur.FILTER);
        }
        if (fq.image() != null) b.add(new TermQuery(new Term(IndexFields.IMAGE, require(fq.image()).key())), BooleanClause.Occur.FILTER);
        if (fq.layer() != null) b.add(IndexFields.numericRange(IndexFields.LAYER, fq.layer(), fq.layer()), BooleanClause.Occur.FILTER);
        if (fq.finalOnly()) b.add(FileAttributes.finalOnly(), BooleanClause.Occur.FILTER);
        if (fq.setuid()) b.add(FileAttributes.setuidOrSetgid(), BooleanClause.Occur.FILTER);
        if (fq.sha256() != null) {
            b.add(IndexFields.sha256Query(fq.sha256()), BooleanClause.Occur.FILTER);
        }
        return b.build();
    }

    /** A shell-style glob ({@code *}, {@code ?}; backslash escapes) as a Lucene wildcard query; no wildcard = exact. */
    private static Query glob(String field, String glob) {
        if (glob.indexOf('*') < 0 && glob.indexOf('?') < 0 && glob.indexOf('\\') < 0) {
            return new TermQuery(new Term(field, glob));
        }
        return new WildcardQuery(new Term(field, glob));
    }

    /** Sorting file documents by path: their record starts with it (see {@link FileRecord}). */
    private static SortField pathSort() {
        return new SortField(IndexFields.ENTRY, SortField.Type.STRING_VAL);
    }

    /** The hits of file documents, read from their doc values (file documents have no stored fields). */
    private List<FileHit> hits(IndexSearcher s, ScoreDoc[] docs) throws IOException {
        Map<String, String> names = new HashMap<>();
        for (IndexedImage i : images()) names.put(i.key(), i.displayName());
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        // doc values are read forwards: visit the hits in document order, keep them in the order given
        Integer[] order = new Integer[docs.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingInt(i -> docs[i].doc));
        FileHit[] out = new FileHit[docs.length];
        int leafIndex = -1;
        LeafReaderContext leaf = null;
        BinaryDocValues records = null;
        SortedDocValues images = null;
        for (int i : order) {
            int doc = docs[i].doc;
            int li = ReaderUtil.subIndex(doc, leaves);
            if (li != leafIndex) {
                leafIndex = li;
                leaf = leaves.get(li);
                records = DocValues.getBinary(leaf.reader(), IndexFields.ENTRY);
                images = DocValues.getSorted(leaf.reader(), IndexFields.IMAGE);
            }
            int d = doc - leaf.docBase;
            if (!records.advanceExact(d) || !images.advanceExact(d)) {
                throw new IOException("file document " + doc + " of the index has no record; rebuild it with jdx index rm and inspect");
            }
            String key = images.lookupOrd(images.ordValue()).utf8ToString();
            out[i] = FileRecord.read(records.binaryValue(), key, names.getOrDefault(key, key));
        }
        return Arrays.asList(out);
    }


    private static Number num(Document d, String field) {
        Number n = d.getField(field) == null ? null : d.getField(field).numericValue();
        return n == null ? 0 : n;
    }

    // ------------------------------------------------------------------------------------------------ cross-image

    /** Image documents matching a query over image fields ({@code user:root}, {@code port:80/tcp}). */
    public synchronized List<IndexedImage> imagesMatching(String query) throws IOException, QuerySyntaxException {
        IndexSearcher s = searcher();
        if (s == null) {
            if (query != null && !query.isBlank()) parse(query, JdxQueryParser.Target.IMAGES, null);
            return List.of();
        }
        if (query == null || query.isBlank()) return images();
        Query q;
        try {
            q = parse(query, JdxQueryParser.Target.IMAGES, s);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        List<IndexedImage> out = new ArrayList<>(imagesFor(s, q));
        out.sort(Comparator.comparing(IndexedImage::displayName));
        return out;
    }

    /** The images holding files that match, with those files (up to 100,000 hits in all), by image name. */
    public synchronized List<ImageFiles> whichImages(FileQuery fq) throws IOException, QuerySyntaxException {
        SearchResult<FileHit> r = search(fq.withLimit(MAX_GROUPED_HITS).withSort(FileQuery.Sort.PATH));
        Map<String, List<FileHit>> byImage = new LinkedHashMap<>();
        for (FileHit h : r.hits()) byImage.computeIfAbsent(h.imageKey(), k -> new ArrayList<>()).add(h);
        List<ImageFiles> out = new ArrayList<>();
        for (IndexedImage i : images()) {
            List<FileHit> hs = byImage.get(i.key());
            if (hs != null) out.add(new ImageFiles(i, hs));
        }
        return out;
    }

    /** The images with an entry at exactly this path (only where it is visible in the final filesystem if asked). */
    public List<ImageFiles> imagesContainingPath(String path, boolean finalOnly) throws IOException {
        try {
            return whichImages(new FileQuery(null, null, escapeGlob(normalisePath(path)), null, null, null, finalOnly,
                    false, null, 1, FileQuery.Sort.PATH));
        } catch (QuerySyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The images with a file of this content (sha256 hex, with or without {@code sha256:}). */
    public List<ImageFiles> imagesContainingSha256(String sha256, boolean finalOnly) throws IOException {
        try {
            return whichImages(new FileQuery(null, null, null, null, null, null, finalOnly, false, sha256, 1,
                    FileQuery.Sort.PATH));
        } catch (QuerySyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The images having a layer with this diff_id, chain id or blob digest. */
    public synchronized List<IndexedImage> imagesWithLayer(String digest) throws IOException {
        IndexSearcher s = searcher();
        if (s == null) return List.of();
        String d = digest.trim();
        Query q = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(IndexFields.DIFF_ID, d)), BooleanClause.Occur.SHOULD)
                .add(new TermQuery(new Term(IndexFields.CHAIN_ID, d)), BooleanClause.Occur.SHOULD)
                .add(new TermQuery(new Term(IndexFields.LAYER_DIGEST, d)), BooleanClause.Occur.SHOULD).build();
        List<IndexedImage> out = new ArrayList<>(imagesFor(s, q));
        out.sort(Comparator.comparing(IndexedImage::displayName));
        return out;
    }

    /**
     * The other images sharing at least one layer (same diff_id) with this one, most shared bottom layers first.
     */
    public synchronized List<ImageOverlap> imagesSharingLayers(String imageKey) throws IOException {
        IndexSearcher s = searcher();
        if (s == null) return List.of();
        IndexedImage me = imageByKey(s, imageKey);
        List<String> diffIds = me.document().layers().stream().map(ImageDocument.LayerInfo::diffId)
                .filter(java.util.Objects::nonNull).map(Digest::toString).toList();
        if (diffIds.isEmpty()) return List.of();
        List<Digest> myChain = me.document().chainIds();
        List<ImageOverlap> out = new ArrayList<>();
        for (IndexedImage other : imagesFor(s, new TermInSetQuery(IndexFields.DIFF_ID, diffIds.stream().map(BytesRef::new).toList()))) {
            if (other.key().equals(imageKey)) continue;
            Set<String> theirs = new HashSet<>();
            for (ImageDocument.LayerInfo l : other.document().layers()) if (l.diffId() != null) theirs.add(l.diffId().toString());
            List<String> shared = new ArrayList<>(new LinkedHashSet<>(diffIds.stream().filter(theirs::contains).toList()));
            List<Digest> chain = other.document().chainIds();
            int common = 0;
            while (common < myChain.size() && common < chain.size() && myChain.get(common).equals(chain.get(common))) common++;
            out.add(new ImageOverlap(other, shared, common));
        }
        out.sort(Comparator.comparingInt(ImageOverlap::commonChainLength).reversed()
                .thenComparing(Comparator.comparingInt((ImageOverlap o) -> o.sharedDiffIds().size()).reversed())
                .thenComparing(o -> o.image().displayName()));
        return out;
    }

    /**
     * The base image of an image as far as the index knows: the indexed image with the most layers whose whole
     * stack (same chain ids) is the bottom of this image's stack, with fewer layers than it.
     */
    public synchronized Optional<BaseImageMatch> baseImageOf(String imageKey) throws IOException {
        IndexSearcher s = searcher();
        if (s == null) return Optional.empty();
        return baseImageOf(s, imageKey, imageByKey(s, imageKey).document().chainIds());
    }

    /**
     * The same question for an image that need not be indexed yet (its layers are known from its config), so
     * {@code jdx inspect} can ask before it analyses and indexes the image once.
     */
    public synchronized Optional<BaseImageMatch> baseImageOf(ImageDocument image) throws IOException {
        IndexSearcher s = searcher();
        if (s == null) return Optional.empty();
        return baseImageOf(s, image.key(), image.chainIds());
    }

    private Optional<BaseImageMatch> baseImageOf(IndexSearcher s, String imageKey, List<Digest> chain) throws IOException {
        if (chain.size() < 2) return Optional.empty();
        List<BytesRef> candidates = chain.subList(0, chain.size() - 1).stream().map(d -> new BytesRef(d.toString())).toList();
        BaseImageMatch best = null;
        for (IndexedImage other : imagesFor(s, new TermInSetQuery(IndexFields.TOP_CHAIN, candidates))) {
            if (other.key().equals(imageKey)) continue;
            List<Digest> theirs = other.document().chainIds();
            int n = theirs.size();
            if (n == 0 || n >= chain.size() || !chain.get(n - 1).equals(theirs.get(n - 1))) continue;
            if (best == null || n > best.sharedLayers()
                    || n == best.sharedLayers() && other.displayName().compareTo(best.base().displayName()) < 0) {
                best = new BaseImageMatch(other, n, theirs.get(n - 1).toString());
            }
        }
        return Optional.ofNullable(best);
    }

    private IndexedImage imageByKey(IndexSearcher s, String key) throws IOException {
        List<IndexedImage> l = imagesFor(s, new TermQuery(new Term(IndexFields.ID, "image:" + key)));
        if (l.isEmpty()) throw new ImageNotIndexedException("image " + key + " is not indexed; run jdx inspect first");
        return l.get(0);
    }

    // ------------------------------------------------------------------------------------------------ listing

    /**
     * The entries at and under a path of an image: of the final filesystem when {@code layer} is null, else of that
     * layer's tar (whiteouts included). {@code recursive} lists every descendant, else the direct children.
     *
     * @throws ImageNotIndexedException when the path exists neither as an entry nor as a directory with entries
     */
    public synchronized Listing list(String imageKey, String path, Integer layer, boolean recursive) throws IOException {
        IndexSearcher s = searcher();
        if (s == null) throw new ImageNotIndexedException("no images indexed yet; run jdx inspect first");
        String p = normalisePath(path);
        BooleanQuery.Builder base = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(IndexFields.KIND, IndexFields.KIND_FILE)), BooleanClause.Occur.FILTER)
                .add(new TermQuery(new Term(IndexFields.IMAGE, imageKey)), BooleanClause.Occur.FILTER);
        if (layer == null) base.add(FileAttributes.finalOnly(), BooleanClause.Occur.FILTER);
        else base.add(IndexFields.numericRange(IndexFields.LAYER, layer, layer), BooleanClause.Occur.FILTER);
        Query filter = base.build();
        List<FileHit> self = all(s, and(filter, PathQueries.exact(p)));
        // A layer can have several entries for the path: written twice (the first is shadowed by the second), or a
        // whiteout of the layers' below beside the layer's own new entry. The path is the entry that counts.
        FileHit me = null;
        for (FileHit h : self) if (me == null || weight(h) >= weight(me)) me = h;
        if (me == null && !p.equals("/")) me = implied(s, filter, p);
        List<FileHit> entries = List.of();
        if (me == null || me.isDirectory() || me.type().equals("opaque")) {
            entries = all(s, and(filter, recursive ? IndexFields.dirQuery(p) : new TermQuery(new Term(IndexFields.PARENT, p))));
            entries = withImpliedDirectories(s, filter, p, entries, recursive);
        }
        if (me == null && entries.isEmpty() && !p.equals("/")) {
            throw new ImageNotIndexedException(p + ": no such file or directory in "
                    + (layer == null ? "the final filesystem" : "layer " + layer));
        }
        return new Listing(p, me, entries);
    }

    /**
     * Which of one layer's entries for a path {@code ls} shows: an entry over a marker; of two writes, the second
     * (the first is shadowed by its own layer).
     */
    private static int weight(FileHit h) {
        if (h.type().equals("whiteout") || h.type().equals("opaque")) return 1;
        return h.shadowedBy() != null && h.shadowedBy() == h.layer() ? 2 : 3;
    }

    /** {@code dir} as a directory no entry declares, when some entry of the listing's filter lies under it; else null. */
    private FileHit implied(IndexSearcher s, Query filter, String dir) throws IOException {
        TopDocs td = s.search(and(filter, PathQueries.under(dir)), 1,
                new Sort(new SortField(IndexFields.LAYER, SortField.Type.INT)));
        return td.scoreDocs.length == 0 ? null : ImpliedDirectories.hit(dir, hits(s, td.scoreDocs).get(0));
    }

    /** The listing's entries with the directories no entry declares added in path order (see {@link ImpliedDirectories}). */
    private List<FileHit> withImpliedDirectories(IndexSearcher s, Query filter, String dir, List<FileHit> entries,
                                                 boolean recursive) throws IOException {
        List<FileHit> extra;
        if (recursive) {
            extra = ImpliedDirectories.missingAncestors(dir, entries);
        } else {
            Set<String> declared = new HashSet<>();
            for (FileHit h : entries) declared.add(h.name());
            extra = new ArrayList<>();
            for (String child : ImpliedDirectories.childCandidates(s.getIndexReader(), dir)) {
                if (declared.contains(child)) continue;
                FileHit h = implied(s, filter, dir.equals("/") ? "/" + child : dir + "/" + child);
                if (h != null) extra.add(h);
            }
        }
        if (extra.isEmpty()) return entries;
        List<FileHit> all = new ArrayList<>(entries);
        all.addAll(extra);
        // the index's path order: UTF-8 bytes (a stable sort keeps each path's layers in order)
        all.sort(Comparator.comparing(h -> new BytesRef(h.path())));
        return all;
    }

    private static Query and(Query a, Query b) {
        return new BooleanQuery.Builder().add(a, BooleanClause.Occur.FILTER).add(b, BooleanClause.Occur.FILTER).build();
    }

    private List<FileHit> all(IndexSearcher s, Query q) throws IOException {
        int n = s.count(q);
        if (n == 0) return List.of();
        TopDocs td = s.search(q, n, new Sort(pathSort(),
                new SortField(IndexFields.LAYER, SortField.Type.INT)));
        return hits(s, td.scoreDocs);
    }

    static String normalisePath(String path) {
        if (path == null || path.isBlank()) return "/";
        String p = path.trim();
        if (!p.startsWith("/")) p = "/" + p;
        while (p.length() > 1 && p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p.replaceAll("/+", "/");
    }

    private static String escapeGlob(String s) {
        return s.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?");
    }

    // ------------------------------------------------------------------------------------------------ stats

    /** Document counts and size on disk. */
    public synchronized IndexStats stats() throws IOException {
        IndexSearcher s = searcher();
        long bytes = 0;
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) if (Files.isRegularFile(f)) bytes += Files.size(f);
            }
        }
        if (s == null) return new IndexStats(dir, 0, 0, 0, 0, 0, bytes, 0);
        DirectoryReader r = (DirectoryReader) s.getIndexReader();
        return new IndexStats(dir, count(s, IndexFields.KIND_IMAGE), count(s, IndexFields.KIND_LAYER),
                count(s, IndexFields.KIND_FILE), r.numDocs(), r.numDeletedDocs(), bytes, r.leaves().size());
    }

    private static long count(IndexSearcher s, String kind) throws IOException {
        return s.count(new TermQuery(new Term(IndexFields.KIND, kind)));
    }

    @Override
    public synchronized void close() throws IOException {
        if (reader != null) reader.close();
        reader = null;
        imagesOfReader = null;
        if (directory != null) directory.close();
        directory = null;
    }
}
