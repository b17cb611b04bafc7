package dev.jdx.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two jdx processes on one index, and a jdx killed while writing: real second JVMs, not threads. */
class FileIndexProcessTest {
    @TempDir
    Path dir;

    private Process child(String mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ChildJvm.class.getName(), mode,
                dir.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String firstLine(Process p) throws Exception {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }

    @Test
    void aWriterInAnotherProcessMakesThisOneWaitThenTimeOutThenSucceed() throws Exception {
        Process p = child("hold");
        try {
            assertThat(firstLine(p)).isEqualTo("locked");
            ConcurrentLinkedQueue<String> told = new ConcurrentLinkedQueue<>();
            try (FileIndex index = FileIndex.open(dir, Duration.ofMillis(800), told::add)) {
                assertThatThrownBy(() -> TestImages.alpine().indexInto(index))
                        .isInstanceOf(IndexLockTimeoutException.class).hasMessageContaining("another jdx held its lock");
                assertThat(told).containsExactly(FileIndex.WAITING_MESSAGE);
                // readers never wait: the other process's committed image is visible while it holds the lock
                assertThat(index.images()).extracting(IndexedImage::displayName).containsExactly("debian:12");
            }
            try (Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
                w.write("release\n");
            }
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
            try (FileIndex index = FileIndex.open(dir, Duration.ofSeconds(5), m -> {})) {
                TestImages.alpine().indexInto(index);
                assertThat(index.images()).extracting(IndexedImage::displayName).containsExactly("alpine:3", "debian:12");
            }
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aKilledWriterLeavesTheLastCommitReadableAndTheLockFree() throws Exception {
        Process p = child("index-and-halt");
        try {
            assertThat(firstLine(p)).isEqualTo("halting");
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(137);
            try (FileIndex index = FileIndex.open(dir, Duration.ofSeconds(5), m -> {})) {
                assertThat(index.images()).extracting(IndexedImage::displayName).containsExactly("debian:12");
                // only the committed image's documents: the 50 uncommitted ones are not there
                assertThat(index.stats().fileDocuments())
                        .isEqualTo(TestImages.debian().layers().stream().mapToLong(l -> l.entries().size()).sum());
                assertThat(index.search(FileQuery.of("path:/etc/passwd")).hits()).hasSize(2);
                // the OS released the dead process's lock: writing works at once, without waiting
                TestImages.alpine().indexInto(index);
                assertThat(index.images()).extracting(IndexedImage::displayName).containsExactly("alpine:3", "debian:12");
                assertThat(index.stats().fileDocuments()).isEqualTo(
                        List.of(TestImages.debian(), TestImages.alpine()).stream()
                                .flatMap(i -> i.layers().stream()).mapToLong(l -> l.entries().size()).sum());
            }
        } finally {
            p.destroyForcibly();
        }
    }
}
