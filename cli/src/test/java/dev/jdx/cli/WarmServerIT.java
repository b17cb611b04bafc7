package dev.jdx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdx.fixtures.ImageBuilder;
import dev.jdx.fixtures.LayerBuilder;
import dev.jdx.fixtures.Processes;
import dev.jdx.fixtures.RealRegistry;
import dev.jdx.fixtures.Requirements;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm server as the {@code ./jdx} launcher uses it: real launcher, real server and client JVMs, a real Unix socket.
 * Runs on a 36 MB image, above the launcher's 32 MB line for long runs (only those are served warm). Like
 * {@link LauncherIT}, the launcher runs from a temporary checkout linked to the built jar.
 */
class WarmServerIT {
    private static final Path REPO = Requirements.repoRoot();

    @TempDir
    static Path images;
    private static Path big;

    @TempDir
    Path tmp;
    private Path launcher;
    private Path runtime;
    private final List<Process> started = new ArrayList<>();

    record Result(int code, String out, String err) {}

    @BeforeAll
    static void bigImage() throws IOException {
        Requirements.require(Files.isRegularFile(REPO.resolve("cli/target/jdx.jar")), "cli/target/jdx.jar (mvn package)");
        byte[] data = new byte[36 << 20];
        new Random(7).nextBytes(data);
        big = images.resolve("big.tar");
        ImageBuilder.image()
                .layer(LayerBuilder.layer().dir("/opt").file("/opt/blob.bin", data).file("/etc/os-release", "ID=warm\n"), "ADD blob /opt")
                .layer(LayerBuilder.layer().file("/opt/notes.txt", "second layer\n"), "ADD notes /opt")
                .writeDockerArchive(big, "warm/big:1");
    }

    @BeforeEach
    void checkout() throws IOException {
        Path target = Files.createDirectories(tmp.resolve("checkout/cli/target"));
        launcher = tmp.resolve("checkout/jdx");
        Files.copy(REPO.resolve("jdx"), launcher);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(target.resolve("jdx.jar"), REPO.resolve("cli/target/jdx.jar"));
        Files.createSymbolicLink(target.resolve("lib"), REPO.resolve("cli/target/lib"));
        Requirements.require(Files.isRegularFile(REPO.resolve("cli/target/jdx-warm-client.jar")), "cli/target/jdx-warm-client.jar (mvn package)");
        Files.createSymbolicLink(target.resolve("jdx-warm-client.jar"), REPO.resolve("cli/target/jdx-warm-client.jar"));
        runtime = Files.createDirectories(tmp.resolve("run"));
    }

    @AfterEach
    void stopServers() {
        String dir = runtime.toString();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("-Djdx.warm.socket=" + dir)).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
        started.forEach(Process::destroyForcibly);
    }

    private ProcessBuilder builder(Path cwd, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("JDX_JAVA_OPTS");
        pb.environment().remove("CI"); // the gate of CI mode would fail the image
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        pb.environment().put("XDG_RUNTIME_DIR", runtime.toString());
        pb.environment().put("JDX_WARM", "1");
        pb.environment().putAll(env);
        return pb;
    }

    private Result run(Path cwd, Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = builder(cwd, env, args);
        Path out = Files.createTempFile(tmp, "out", ".txt"), err = Files.createTempFile(tmp, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        started.add(p);
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            throw new AssertionError("jdx " + String.join(" ", args) + " did not finish in 180 s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private Result run(Map<String, String> env, String... args) throws Exception {
        return run(tmp, env, args);
    }

    private Path serverDir() throws IOException {
        return runtime.resolve("jdx-warm-" + Files.getAttribute(runtime, "unix:uid")); // the launcher's $(id -u)
    }

    private List<Path> sockets() throws IOException {
        if (!Files.isDirectory(serverDir())) return List.of();
        try (Stream<Path> s = Files.list(serverDir())) {
            return s.filter(p -> p.toString().endsWith(".sock")).toList();
        }
    }

    private String serverLog() throws IOException {
        List<Path> socks = sockets();
        assertThat(socks).as("server sockets").hasSize(1);
        return Files.readString(Path.of(socks.get(0).toString().replaceFirst("\\.sock$", ".log")));
    }

    private static long count(String text, String needle) {
        return text.lines().filter(l -> l.contains(needle)).count();
    }

    @Test
    void warmRunsAnswerExactlyAsAFreshProcessAndPassExitCodesAndStreamsThrough() throws Exception {
        // the reference: a run in its own JVM (it also writes the class-data archive, before which nothing is served warm)
        Result cold = run(Map.of("JDX_WARM", "0"), "inspect", "--index", tmp.resolve("idx").toString(), "--json", tmp.resolve("cold.json").toString(), big.toString());
        assertThat(cold.code()).as("%s", cold).isZero();
        assertThat(sockets()).isEmpty();

        Result first = run(Map.of(), "inspect", "--index", tmp.resolve("idx").toString(), "--json", tmp.resolve("warm1.json").toString(), big.toString());
        Result second = run(Map.of(), "inspect", "--index", tmp.resolve("idx").toString(), "--json", tmp.resolve("warm2.json").toString(), big.toString());
        for (Result r : List.of(first, second)) {
            assertThat(r.code()).as("%s", r).isZero();
            assertThat(r.out()).isEqualTo(cold.out());
            assertThat(r.err()).isEqualTo(cold.err());
        }
        assertThat(cold.out()).contains("warm/big:1");
        byte[] reference = Files.readAllBytes(tmp.resolve("cold.json"));
        assertThat(Files.readAllBytes(tmp.resolve("warm1.json"))).isEqualTo(reference);
        assertThat(Files.readAllBytes(tmp.resolve("warm2.json"))).isEqualTo(reference);
        // one server, which served both
        String log = serverLog();
        assertThat(count(log, "serving on")).isEqualTo(1);
        assertThat(log).contains("request 1 (inspect): exit 0").contains("request 2 (inspect): exit 0");
        // G1, which hands the heap of a finished run back, instead of the parallel collector of a long run
        String server = ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                .filter(c -> c.contains("-Djdx.warm.socket=" + runtime)).findFirst().orElseThrow();
        assertThat(server).contains("-XX:+UseG1GC").doesNotContain("UseParallelGC").contains("-XX:FreqInlineSize=50")
                .doesNotContain("MaxNodeLimit,");

        // a usage error: exit 2, the message on stderr, nothing on stdout
        Result usage = run(Map.of(), "inspect", "--no-such-option", big.toString());
        assertThat(usage.code()).isEqualTo(ExitCode.USAGE);
        assertThat(usage.out()).isEmpty();
        assertThat(usage.err()).contains("--no-such-option");
        // a failed gate: exit 1 and its report on stdout, as in a process of its own
        Result gateCold = run(Map.of("JDX_WARM", "0"), "inspect", "--no-index", "--fail-on", "info", big.toString());
        Result gateWarm = run(Map.of(), "inspect", "--no-index", "--fail-on", "info", big.toString());
        assertThat(gateCold.code()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(gateWarm.code()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(gateWarm.out()).isEqualTo(gateCold.out());
        assertThat(serverLog()).contains("request 3 (inspect): exit 2").contains("request 4 (inspect): exit 1");

        // stdout closed by its reader (jdx inspect ... | head): the run goes on and keeps its exit code, as in its own JVM
        for (String warm : List.of("0", "1")) {
            Process p = builder(tmp, Map.of("JDX_WARM", warm), "inspect", "--no-index", big.toString()).start();
            p.getInputStream().close();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("JDX_WARM=%s: %s", warm, new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        }
        assertThat(serverLog()).contains("request 5 (inspect): exit 0");

        // JDX_WARM=0 never goes to the server, and runs that are short anyway never do
        assertThat(run(Map.of("JDX_WARM", "0"), "inspect", "-q", "--no-index", big.toString()).code()).isZero();
        assertThat(run(Map.of(), "--version").code()).isZero();
        assertThat(count(serverLog(), "request ")).isEqualTo(5);

        // the client runs from its own jar; without it (a build older than the launcher) from jdx.jar, as before
        Files.delete(launcher.resolveSibling("cli/target/jdx-warm-client.jar"));
        Result fromJdxJar = run(Map.of(), "inspect", "--index", tmp.resolve("idx").toString(), "--json", tmp.resolve("warm3.json").toString(), big.toString());
        assertThat(fromJdxJar.code()).as("%s", fromJdxJar).isZero();
        assertThat(Files.readAllBytes(tmp.resolve("warm3.json"))).isEqualTo(reference);
        assertThat(serverLog()).contains("request 6 (inspect): exit 0");
    }

    @Test
    void eachWorkingDirectoryAndEnvironmentGetsItsOwnServer() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a")), b = Files.createDirectories(tmp.resolve("b"));
        Files.createSymbolicLink(a.resolve("image.tar"), big);
        Files.copy(big, b.resolve("image.tar"));
        Map<String, String> five = Map.of("JDX_WARM_MAX", "5");
        assertThat(run(a, Map.of("JDX_WARM", "0"), "inspect", "-q", "--index", tmp.resolve("idx").toString(), "image.tar").code()).isZero();
        // a relative path means the working directory's file: a server started elsewhere would read another one
        assertThat(run(a, five, "inspect", "-q", "--no-index", "image.tar").code()).isZero();
        assertThat(run(b, five, "inspect", "-q", "--no-index", "image.tar").code()).isZero();
        assertThat(sockets()).hasSize(2);
        assertThat(run(a, Map.of("JDX_WARM_MAX", "5", "JDX_SOME_SETTING", "x"), "inspect", "-q", "--no-index", "image.tar").code()).isZero();
        assertThat(sockets()).hasSize(3);
        // the same directory and environment again: no new server
        assertThat(run(b, five, "inspect", "-q", "--no-index", "image.tar").code()).isZero();
        assertThat(sockets()).hasSize(3);
    }

    @Test
    void beyondTheLimitTheLeastRecentlyUsedIdleServerExits() throws Exception {
        assertThat(run(Map.of("JDX_WARM", "0"), "inspect", "-q", "--index", tmp.resolve("idx").toString(), big.toString()).code()).isZero();
        assertThat(run(Map.of("RUN", "1"), "inspect", "-q", "--no-index", big.toString()).code()).isZero();
        Path first = sockets().get(0);
        assertThat(run(Map.of("RUN", "2"), "inspect", "-q", "--no-index", big.toString()).code()).isZero();
        assertThat(run(Map.of("RUN", "1"), "inspect", "-q", "--no-index", big.toString()).code()).isZero(); // used again
        List<Path> two = sockets();
        assertThat(two).hasSize(2).contains(first);
        assertThat(run(Map.of("RUN", "3"), "inspect", "-q", "--no-index", big.toString()).code()).isZero();
        // the default limit is two: the server of RUN=2, used least recently, goes
        long deadline = System.currentTimeMillis() + 30_000;
        while (sockets().size() > 2 && System.currentTimeMillis() < deadline) Thread.sleep(100);
        List<Path> after = sockets();
        assertThat(after).hasSize(2).contains(first);
        Path gone = two.stream().filter(p -> !p.equals(first)).findFirst().orElseThrow();
        assertThat(after).doesNotContain(gone);
        assertThat(Files.readString(Path.of(gone.toString().replaceFirst("\\.sock$", ".log")))).contains("the least recently used exits");
    }

    @Test
    void aBusyServerLeavesTheRunToItsOwnProcessAndAClientThatGoesAwayStopsTheServer() throws Exception {
        assertThat(run(Map.of("JDX_WARM", "0"), "inspect", "-q", "--index", tmp.resolve("idx").toString(), big.toString()).code()).isZero();
        // a pull that waits for its password on stdin keeps the server busy for as long as this test likes
        Process waiting = builder(tmp, Map.of(), "pull", "--username", "u", "--password-stdin", "127.0.0.1:9/x/y:1",
                "-o", tmp.resolve("pulled").toString()).redirectErrorStream(true).start();
        started.add(waiting);
        awaitLogLine("serving on");
        Thread.sleep(1500); // the request reaches the server and blocks on stdin
        assertThat(waiting.isAlive()).isTrue();

        Result meanwhile = run(Map.of(), "inspect", "-q", "--no-index", big.toString());
        assertThat(meanwhile.code()).as("%s", meanwhile).isZero();
        assertThat(serverLog()).doesNotContain("request 2");

        // Ctrl-C in the client's terminal stops the client; the server then exits as that jdx process would have
        Optional<ProcessHandle> client = waiting.toHandle().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains("WarmClient")).orElse(false)).findFirst();
        assertThat(client).isPresent();
        client.get().destroy();
        assertThat(waiting.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long deadline = System.currentTimeMillis() + 30_000;
        while (!sockets().isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(100);
        assertThat(sockets()).as("the server removes its socket when it exits").isEmpty();
        try (Stream<Path> logs = Files.list(serverDir())) {
            String log = Files.readString(logs.filter(p -> p.toString().endsWith(".log")).findFirst().orElseThrow());
            assertThat(log).contains("request 1: the client went away");
        }
        // the next run starts a new server
        assertThat(run(Map.of(), "inspect", "-q", "--no-index", big.toString()).code()).isZero();
        assertThat(serverLog()).contains("request 1 (inspect): exit 0");
    }

    @Test
    void standardInputReachesTheCommandOnlyWhenItReadsIt() throws Exception {
        Requirements.tool("skopeo");
        Path layout = tmp.resolve("layout");
        ImageBuilder.image().layer(LayerBuilder.layer().file("/etc/os-release", "ID=warm\n"), "ADD os-release /etc").writeOciLayout(layout, "1");
        try (RealRegistry registry = RealRegistry.builder().htpasswd("puller", "warm-pass-7").start()) {
            Processes.skopeo("copy", "--quiet", "--dest-tls-verify=false", "--dest-creds", "puller:warm-pass-7",
                    "oci:" + layout + ":1", registry.docker("private/app:1"));
            assertThat(run(Map.of("JDX_WARM", "0"), "inspect", "-q", "--index", tmp.resolve("idx").toString(), big.toString()).code()).isZero();
            Path out = tmp.resolve("app.tar");
            Process p = builder(tmp, Map.of(), "pull", "--username", "puller", "--password-stdin", "--no-cache",
                    registry.host() + "/private/app:1", "-o", out.toString(), "--format", "docker-archive").start();
            started.add(p);
            try (OutputStream stdin = p.getOutputStream()) {
                stdin.write("warm-pass-7\n".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(err).isZero();
            assertThat(out).isRegularFile();
            assertThat(serverLog()).contains("request 1 (pull): exit 0");
            // and it is the same image as a pull in a process of its own
            Path coldOut = tmp.resolve("cold.tar");
            Map<String, String> env = new HashMap<>(Map.of("JDX_WARM", "0"));
            Process c = builder(tmp, env, "pull", "--username", "puller", "--password-stdin", "--no-cache",
                    registry.host() + "/private/app:1", "-o", coldOut.toString(), "--format", "docker-archive").start();
            try (OutputStream stdin = c.getOutputStream()) {
                stdin.write("warm-pass-7\n".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(c.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(c.exitValue()).isZero();
            // the archives' own tar headers carry the time of writing, so compare what they hold
            Result warmImage = run(Map.of("JDX_WARM", "0"), "inspect", "--no-index", "--json", "-", out.toString());
            Result coldImage = run(Map.of("JDX_WARM", "0"), "inspect", "--no-index", "--json", "-", coldOut.toString());
            assertThat(warmImage.code()).isZero();
            assertThat(warmImage.out()).contains("sha256:").contains(out.toString());
            assertThat(warmImage.out().replace(out.toString(), "IMAGE")).isEqualTo(coldImage.out().replace(coldOut.toString(), "IMAGE"));
        }
    }

    @Test
    void serverStatusListsTheServersAndStopStopsThem() throws Exception {
        assertThat(run(Map.of("JDX_WARM", "0"), "inspect", "-q", "--index", tmp.resolve("idx").toString(), big.toString()).code()).isZero();
        assertThat(run(Map.of(), "server", "status").out()).contains("no warm jdx server is running");
        assertThat(run(Map.of(), "inspect", "-q", "--no-index", big.toString()).code()).isZero();
        long pid = ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains("-Djdx.warm.socket=" + runtime)).orElse(false))
                .findFirst().orElseThrow().pid();
        Result status = run(Map.of(), "server", "status");
        assertThat(status.code()).isZero();
        assertThat(status.out()).contains("PID").containsPattern("(?m)^" + pid + "\\s+1\\s+\\d+s\\s+\\d+ MiB\\s+" + java.util.regex.Pattern.quote(tmp.toString()) + "$");

        Result stop = run(Map.of(), "server", "stop");
        assertThat(stop.out()).contains("stopped 1 warm jdx server");
        long deadline = System.currentTimeMillis() + 30_000;
        while (!sockets().isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(100);
        assertThat(sockets()).isEmpty();
        Optional<ProcessHandle> server = ProcessHandle.of(pid);
        if (server.isPresent()) server.get().onExit().get(30, TimeUnit.SECONDS); // the socket goes first, in a shutdown hook
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(run(Map.of(), "server", "status").out()).contains("no warm jdx server is running");
    }

    /**
     * A server that exits removes its socket in a shutdown hook and releases its lock only when its JVM ends. A run
     * started in between (right after Ctrl-C) must still get a server: the new one waits for the lock. The test holds
     * the lock itself, with no socket, for a second.
     */
    @Test
    void aNewServerWaitsForTheLockOfOneThatIsExiting() throws Exception {
        assertThat(run(Map.of("JDX_WARM", "0"), "inspect", "-q", "--index", tmp.resolve("idx").toString(), big.toString()).code()).isZero();
        assertThat(run(Map.of(), "inspect", "-q", "--no-index", big.toString()).code()).isZero();
        Path lockFile = Path.of(sockets().get(0) + ".lock");
        assertThat(run(Map.of(), "server", "stop").out()).contains("stopped 1 warm jdx server");
        long deadline = System.currentTimeMillis() + 30_000;
        while (!sockets().isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(100);
        assertThat(sockets()).isEmpty();
        Process next;
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(lockFile, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.channels.FileLock held = ch.lock(); // waits for the stopped server's JVM to end
            next = builder(tmp, Map.of(), "inspect", "-q", "--no-index", big.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            started.add(next);
            Thread.sleep(1000); // the launcher has started a server, which finds the lock held and no socket
            held.release();
        }
        assertThat(next.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(next.exitValue()).isZero();
        assertThat(serverLog()).contains("request 1 (inspect): exit 0").doesNotContain("another server holds");
    }

    @Test
    void anIdleServerExits() throws Exception {
        assertThat(run(Map.of("JDX_WARM", "0"), "inspect", "-q", "--index", tmp.resolve("idx").toString(), big.toString()).code()).isZero();
        assertThat(run(Map.of("JDX_WARM_IDLE", "1"), "inspect", "-q", "--no-index", big.toString()).code()).isZero();
        long deadline = System.currentTimeMillis() + 30_000;
        while (!sockets().isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(100);
        assertThat(sockets()).isEmpty();
        try (Stream<Path> logs = Files.list(serverDir())) {
            String log = Files.readString(logs.filter(p -> p.toString().endsWith(".log")).findFirst().orElseThrow());
            assertThat(log).contains("request 1 (inspect): exit 0").contains("idle; exiting after 1 request(s)");
        }
    }

    @Test
    void aServerExitsWhenALibraryIsRebuilt() throws Exception {
        // lib/ as a build leaves it after a change in analyzer/ only: that library newer, jdx.jar untouched
        Path analyzer = LauncherIT.ownAnalyzerLibrary(launcher.resolveSibling("cli/target/lib"));
        assertThat(run(Map.of("JDX_WARM", "0"), "inspect", "-q", "--index", tmp.resolve("idx").toString(), big.toString()).code()).isZero();
        assertThat(run(Map.of(), "inspect", "-q", "--no-index", big.toString()).code()).isZero();
        assertThat(sockets()).hasSize(1);
        Path log = Path.of(sockets().get(0).toString().replaceFirst("\\.sock$", ".log"));
        Files.setLastModifiedTime(analyzer, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 1_000));
        long deadline = System.currentTimeMillis() + 30_000;
        while (!sockets().isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(100);
        assertThat(sockets()).isEmpty();
        assertThat(Files.readString(log)).contains("request 1 (inspect): exit 0").contains("changed; exiting after 1 request(s)");
    }

    private void awaitLogLine(String needle) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            List<Path> socks = sockets();
            if (socks.size() == 1) {
                Path log = Path.of(socks.get(0).toString().replaceFirst("\\.sock$", ".log"));
                if (Files.isRegularFile(log) && Files.readString(log).contains(needle)) return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no server logged '" + needle + "' in 60 s");
    }
}
