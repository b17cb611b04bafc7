package dev.jdx.index;

import com.sun.management.OperatingSystemMXBean;
import dev.jdx.fs.LayerScanner;
import dev.jdx.fs.LayerStack;
import dev.jdx.fs.ScanOptions;
import dev.jdx.fs.ScanResult;
import dev.jdx.image.Image;
import dev.jdx.image.Verification;
import dev.jdx.image.source.ImageSelection;
import dev.jdx.image.source.ImageSource;
import dev.jdx.image.source.ImageSources;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What indexing one real image costs, apart from the scan (not a unit test: it asserts nothing about time). Scans the
 * image once, then indexes it several times into fresh directories and prints process CPU seconds and wall seconds
 * per run: stable enough on a noisy machine to compare field layouts.
 *
 * <p>Run: {@code mvn -B -q -pl analyzer -am test -Dtest=IndexCostBench -Djdx.bench=true
 * -Djdx.bench.image=bench/target/M/docker-gzip.tar -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "jdx.bench", matches = "true")
class IndexCostBench {
    @Test
    void indexOneImage() throws Exception {
        String spec = System.getProperty("jdx.bench.image");
        Path root = Path.of(System.getenv().getOrDefault("JDX_REPO_ROOT", "..")).toAbsolutePath().normalize();
        String image = Path.of(spec).isAbsolute() ? spec : root.resolve(spec).toString();
        int runs = Integer.getInteger("jdx.bench.runs", 5);
        ScanResult scan;
        Image img;
        try (ImageSource src = ImageSources.open(image)) {
            img = src.resolve(new ImageSelection(null, null, Verification.strict()));
            scan = new LayerScanner(ScanOptions.defaults()).scan(img, Verification.strict());
        }
        LayerStack stack = LayerStack.build(scan.layers());
        long entries = scan.layers().stream().mapToLong(l -> l.entries().size()).sum();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[] cpu = new double[runs], wall = new double[runs];
        for (int i = 0; i < runs; i++) {
            Path dir = Files.createTempDirectory("jdx-index-cost");
            System.gc();
            long c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
            try (FileIndex index = FileIndex.open(dir)) {
                index.index(ImageDocument.of(img), stack);
            }
            cpu[i] = (os.getProcessCpuTime() - c0) / 1e9;
            wall[i] = (System.nanoTime() - t0) / 1e9;
            long bytes;
            try (Stream<Path> files = Files.walk(dir)) {
                bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            }
            System.out.printf("run %d: %,d entries, cpu %.2f s, wall %.2f s, %.1f bytes/entry%n", i, entries, cpu[i], wall[i],
                    bytes / (double) entries);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        // the first runs include the JIT compiling Lucene's indexing chain (what a one-shot jdx pays); the median is
        // taken over the later, compiled runs
        double cold = cpu[0];
        int warm = Math.min(3, runs - 1);
        double[] c = Arrays.copyOfRange(cpu, warm, runs), w = Arrays.copyOfRange(wall, warm, runs);
        Arrays.sort(c);
        Arrays.sort(w);
        System.out.printf("IndexCostBench %s: first run cpu %.2f s; later runs median cpu %.2f s (%.0f entries/cpu-s), "
                + "median wall %.2f s%n", spec, cold, c[c.length / 2], entries / c[c.length / 2], w[w.length / 2]);
    }
}
