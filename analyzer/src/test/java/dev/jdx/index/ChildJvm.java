package dev.jdx.index;

import dev.jdx.fs.LayerStack;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;

/**
 * A second jdx process for the concurrency tests, run in its own JVM from the test classpath.
 *
 * <ul>
 *   <li>{@code hold DIR}: indexes debian, then holds the write lock (an open writer) until a line arrives on stdin</li>
 *   <li>{@code index-and-halt DIR}: indexes debian (committed), starts writing alpine without committing, then
 *       dies at once with {@code Runtime.halt}, as a killed jdx would</li>
 * </ul>
 */
public final class ChildJvm {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        try (FileIndex index = FileIndex.open(dir)) {
            TestImages.debian().indexInto(index);
        }
        IndexWriter w = new IndexWriter(FSDirectory.open(dir), new IndexWriterConfig().setCommitOnClose(false));
        switch (args[0]) {
            case "hold" -> {
                System.out.println("locked");
                System.out.flush();
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                w.rollback();
            }
            case "index-and-halt" -> {
                TestImages.TestImage a = TestImages.alpine();
                // documents buffered and flushed to segment files, but never committed
                for (int i = 0; i < 50; i++) {
                    w.addDocument(java.util.List.of(new org.apache.lucene.document.StringField(IndexFields.KIND,
                            IndexFields.KIND_FILE, org.apache.lucene.document.Field.Store.YES)));
                }
                w.flush();
                LayerStack.build(a.layers());
                System.out.println("halting");
                System.out.flush();
                Runtime.getRuntime().halt(137);
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
