package dev.jdx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C while an image streams from a daemon leaves no spool file behind. A real daemon exports small images too
 * fast to interrupt, so this fault (an export that stalls halfway) comes from a tiny unix-socket server; jdx runs
 * as a separate JVM that receives a real SIGINT.
 */
class DaemonInterruptTest {
    private static final String ID = "sha256:" + "ab".repeat(32);

    @Test
    @Timeout(120)
    void interruptedExportLeavesNoTemporaryFile(@TempDir Path tmp) throws Exception {
        Path sock = Path.of("/tmp", "jdx-int-" + ProcessHandle.current().pid() + ".sock");
        Files.deleteIfExists(sock);
        Path tmpdir = Files.createDirectories(tmp.resolve("tmp"));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            Thread t = new Thread(() -> serve(server), "stalling-daemon");
            t.setDaemon(true);
            t.start();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-Djava.io.tmpdir=" + tmpdir, "-cp", System.getProperty("java.class.path"),
                    "dev.jdx.cli.Main", "inspect", "-q", "--no-index", "docker-daemon:app:1")
                    .redirectErrorStream(true);
            pb.environment().put("DOCKER_HOST", "unix://" + sock);
            Process p = pb.start();
            // wait until the export is being spooled
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (spools(tmpdir).isEmpty() && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(spools(tmpdir)).as("the spool file exists while the export streams").isNotEmpty();
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("jdx stops on SIGINT").isTrue();
            p.getInputStream().readAllBytes();
            assertThat(spools(tmpdir)).as("no spool file left after Ctrl-C").isEmpty();
        } finally {
            Files.deleteIfExists(sock);
        }
    }

    private static List<Path> spools(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().startsWith("jdx-daemon-")).toList();
        }
    }

    /** Answers like Docker (API 1.41) and stalls forever halfway through {@code images/app:1/get}. */
    private static void serve(ServerSocketChannel server) {
        try {
            while (true) {
                SocketChannel c = server.accept();
                Thread h = new Thread(() -> handle(c), "stalling-daemon-conn");
                h.setDaemon(true);
                h.start();
            }
        } catch (IOException e) {
            // closed: the test is over
        }
    }

    private static void handle(SocketChannel c) {
        try (c) {
            InputStream in = Channels.newInputStream(c);
            while (true) {
                String line = readLine(in);
                if (line == null) return;
                while (true) {
                    String header = readLine(in);
                    if (header == null || header.isEmpty()) break;
                }
                if (line.contains("/images/") && line.contains("/get")) {
                    write(c, "HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\nTransfer-Encoding: chunked\r\n\r\n");
                    byte[] chunk = new byte[64 * 1024];
                    write(c, Integer.toHexString(chunk.length) + "\r\n");
                    c.write(ByteBuffer.wrap(chunk));
                    write(c, "\r\n");
                    Thread.sleep(Long.MAX_VALUE); // the export stalls: only Ctrl-C ends it
                }
                String body = line.contains("/version") ? "{\"Version\":\"20.10.24\",\"ApiVersion\":\"1.41\",\"MinAPIVersion\":\"1.12\"}"
                        : line.contains("/images/") ? "{\"Id\":\"" + ID + "\",\"RepoTags\":[\"app:1\"]}" : "OK";
                write(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nApi-Version: 1.41\r\nContent-Length: "
                        + body.length() + "\r\n\r\n" + body);
            }
        } catch (IOException | InterruptedException e) {
            // client gone
        }
    }

    private static void write(SocketChannel c, String s) throws IOException {
        c.write(ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int ch;
        while ((ch = in.read()) >= 0) {
            if (ch == '\n') break;
            if (ch != '\r') b.write(ch);
        }
        if (ch < 0 && b.size() == 0) return null;
        return b.toString(StandardCharsets.US_ASCII);
    }
}
