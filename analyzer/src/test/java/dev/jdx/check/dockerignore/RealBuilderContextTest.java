package dev.jdx.check.dockerignore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdx.fixtures.Requirements;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ground truth for the context walkers: builds {@code FROM scratch} + {@code COPY . /ctx/} with the real legacy
 * builder (dockerd 20.10, {@code DOCKER_BUILDKIT=0}) and with Buildah, and compares the files of the resulting
 * layer with {@link BuildContext#list} for that builder.
 */
@Tag("real-tools")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealBuilderContextTest {
    private static final String DOCKERFILE = "FROM scratch\nCOPY . /ctx/\n";

    private Path work;
    private Process dockerd;
    private Path dockerSock;
    private Path dockerClient;

    /** A context: its files (path to content) and ignore-file content (null for none). */
    record Case(String name, Map<String, String> files, String dockerignore, String containerignore) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Map<String, String> files(String... paths) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String p : paths) m.put(p, "content of " + p + "\n");
        m.put("Dockerfile", DOCKERFILE);
        return m;
    }

    static Stream<Arguments> cases() {
        String[] tree = {"a.txt", "b.log", "README.md", "dir/c.txt", "dir/d.log", "dir/sub/e.txt", "dir/sub/f.log",
                "dir/keep/k.txt", "dir/keep/k.log", ".env", "app/.env", "app/src/main.py", "app/src/util.py",
                "node_modules/x/index.js", "web/node_modules/y/index.js", "cache/keep", "cache/a/b/c", "x/cache/z",
                "odd+name.txt", "weird (1).txt"};
        List<Case> cases = List.of(
                new Case("no ignore file", files(tree), null, null),
                new Case("top-level star", files(tree), "*.log\n", null),
                new Case("double star", files(tree), "**/*.log\n**/.env\n", null),
                new Case("directory re-included by a literal exception", files(tree), "dir\n!dir/keep\n", null),
                new Case("exception of a file in an excluded directory", files(tree), "dir\n!dir/sub/e.txt\n", null),
                new Case("wildcard exception in an excluded directory", files(tree), "dir\napp\n!**/*.txt\n!*/*.py\n", null),
                new Case("everything but src", files(tree), "*\n!app/src\n!Dockerfile\n", null),
                new Case("Dockerfile and ignore file excluded", files(tree), "Dockerfile\n.dockerignore\n.env\n", null),
                new Case("cleaned patterns", files(tree), "/a.txt\ndir/sub/\n./README.md\napp/../b.log\n", null),
                new Case("inline comment is part of the pattern", files(tree), "a.txt # not a comment\n# b.log\n  # c\n", null),
                new Case("node_modules anywhere", files(tree), "**/node_modules\n!web/node_modules/y\n", null),
                new Case("double-star pattern below an unpruned directory", files(tree), "**/cache\n!cache/keep\n", null),
                new Case("last match wins", files(tree), "*.txt\n!a.txt\na.txt\n!dir/c.txt\n", null),
                new Case("regex characters in names", files(tree), "odd+name.txt\nweird (1).txt\n", null),
                new Case("containerignore wins for buildah", files(tree), "*.log\n", "*.txt\n"),
                new Case("classes and question marks", files(tree), "[ab].txt\n?.log\ndir/*/e.txt\n", null),
                new Case("BOM and CRLF", files(tree), "\uFEFF*.log\r\n!b.log\r\n\r\n", null),
                new Case("everything but python via wildcard exceptions", files(tree), "**\n!**/*.py\n!Dockerfile\n", null),
                new Case("escapes and surrounding spaces", files(tree), "weird\\ (1).txt\n   a.txt   \n!  README.md\n*.md\n", null));
        List<Case> all = new ArrayList<>(cases);
        all.addAll(randomCases(tree));
        return all.stream().map(Arguments::of);
    }

    private static final String[] PATTERNS = {
            "*.log", "**/*.txt", "dir", "dir/*", "!dir/keep", "!**/*.py", "app/**", "**/node_modules", "[a-c]*",
            "?.txt", "!a.txt", "*", "!Dockerfile", "cache/", "/x", "./dir/sub", "dir/../a.txt", "**", "!*/*.txt",
            "web/**/y", "!web/node_modules", "**/.env", "!app/.env", "dir/**/*.log", "!dir/sub", "*/src", "!cache",
            "**/cache/**", "README*", "!**/keep", "app/src/*.py", "[!a]*.txt", "x/*/z",
    };

    /** Random ignore files over the same tree (fixed seeds; -Djdx.sweep.seeds=N for more): 1 to 6 lines of {@link #PATTERNS}. */
    private static List<Case> randomCases(String[] tree) {
        List<Case> out = new ArrayList<>();
        for (int seed = 0; seed < Integer.getInteger("jdx.sweep.seeds", 12); seed++) {
            java.util.Random r = new java.util.Random(seed);
            StringBuilder ignore = new StringBuilder();
            for (int i = 1 + r.nextInt(6); i > 0; i--) ignore.append(PATTERNS[r.nextInt(PATTERNS.length)]).append('\n');
            out.add(new Case("random " + seed + ": " + ignore.toString().trim().replace('\n', ' '), files(tree), ignore.toString(), null));
        }
        return out;
    }

    private Path makeContext(Case c) throws IOException {
        Path dir = Files.createTempDirectory(work, "ctx");
        for (var e : c.files().entrySet()) {
            Path p = dir.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, e.getValue());
        }
        if (c.dockerignore() != null) Files.writeString(dir.resolve(".dockerignore"), c.dockerignore());
        if (c.containerignore() != null) Files.writeString(dir.resolve(".containerignore"), c.containerignore());
        return dir;
    }

    private synchronized void ensureWork() throws IOException {
        if (work == null) work = Files.createTempDirectory(Path.of("/tmp"), "jdxgt");
    }

    @ParameterizedTest(name = "[{index}] legacy: {0}")
    @MethodSource("cases")
    void legacyBuilderSendsWhatJdxLists(Case c) throws Exception {
        Path dockerd = Requirements.tool("dockerd");
        Requirements.require(dockerd != null && Files.isExecutable(dockerd.resolveSibling("docker"))
                        || Files.isExecutable(Path.of("/usr/bin/docker")),
                "the docker 20.10 client (Debian docker.io) is not installed");
        ensureWork();
        startDockerd(dockerd);
        Path ctx = makeContext(c);
        String tag = "jdxgt:" + Math.abs(c.name().hashCode());
        run(Map.of("DOCKER_BUILDKIT", "0"), dockerClient.toString(), "-H", "unix://" + dockerSock, "build", "-q", "-t", tag, ctx.toString());
        Path tar = work.resolve("legacy-" + Math.abs(c.name().hashCode()) + ".tar");
        run(Map.of(), dockerClient.toString(), "-H", "unix://" + dockerSock, "save", "-o", tar.toString(), tag);
        assertThat(layerFiles(tar)).as(c.name())
                .containsExactlyElementsOf(new TreeSet<>(BuildContext.list(ctx, null, Builder.LEGACY).copyablePaths()));
    }

    /**
     * dockerd 20.10 embeds BuildKit v0.8, whose fsutil still used docker 20.10's fileutils: it walks like the legacy
     * builder (prunes, one-parent {@code Matches}, only {@code .$} escaped). jdx's {@code buildkit} mode models current
     * BuildKit (moby/patternmatcher), which no tool on these machines runs, so this pins the old behaviour instead.
     */
    @ParameterizedTest(name = "[{index}] buildkit (dockerd 20.10): {0}")
    @MethodSource("cases")
    void dockerdBuildkitSendsWhatJdxLists(Case c) throws Exception {
        Path dockerd = Requirements.tool("dockerd");
        ensureWork();
        startDockerd(dockerd);
        Path ctx = makeContext(c);
        String tag = "jdxgtbk:" + Math.abs(c.name().hashCode());
        run(Map.of("DOCKER_BUILDKIT", "1"), dockerClient.toString(), "-H", "unix://" + dockerSock, "build", "-q", "-t", tag, ctx.toString());
        Path tar = work.resolve("buildkit-" + Math.abs(c.name().hashCode()) + ".tar");
        run(Map.of(), dockerClient.toString(), "-H", "unix://" + dockerSock, "save", "-o", tar.toString(), tag);
        assertThat(layerFiles(tar)).as(c.name())
                .containsExactlyElementsOf(new TreeSet<>(BuildContext.list(ctx, null, Builder.LEGACY).copyablePaths()));
    }

    @ParameterizedTest(name = "[{index}] buildah: {0}")
    @MethodSource("cases")
    void buildahSendsWhatJdxLists(Case c) throws Exception {
        Path buildah = Requirements.tool("buildah");
        ensureWork();
        Path ctx = makeContext(c);
        Path root = work.resolve("buildah-root");
        Path runroot = work.resolve("buildah-runroot");
        String tag = "localhost/jdxgt:" + Math.abs(c.name().hashCode());
        List<String> base = List.of(buildah.toString(), "--storage-driver", "vfs", "--root", root.toString(), "--runroot", runroot.toString());
        List<String> bud = new ArrayList<>(base);
        bud.addAll(List.of("bud", "--isolation", "chroot", "--pull=never", "-q", "-t", tag, ctx.toString()));
        run(Map.of(), bud.toArray(String[]::new));
        Path tar = work.resolve("buildah-" + Math.abs(c.name().hashCode()) + ".tar");
        List<String> push = new ArrayList<>(base);
        push.addAll(List.of("push", "-q", tag, "docker-archive:" + tar + ":" + tag));
        run(Map.of(), push.toArray(String[]::new));
        assertThat(layerFiles(tar)).as(c.name())
                .containsExactlyElementsOf(new TreeSet<>(BuildContext.list(ctx, null, Builder.BUILDAH).copyablePaths()));
    }

    /** The non-directory entries under {@code ctx/} in the last layer of a docker-archive, relative to it. */
    static TreeSet<String> layerFiles(Path archive) throws IOException {
        Map<String, byte[]> small = new LinkedHashMap<>();
        Path layersDir = Files.createTempDirectory(archive.getParent(), "layers");
        try (TarArchiveInputStream tin = new TarArchiveInputStream(Files.newInputStream(archive))) {
            TarArchiveEntry e;
            while ((e = tin.getNextEntry()) != null) {
                if (e.isDirectory()) continue;
                if (e.isSymbolicLink()) {
                    small.put(e.getName(), ("@link:" + e.getLinkName()).getBytes(StandardCharsets.UTF_8));
                    continue;
                }
                Path out = layersDir.resolve(Integer.toString(small.size()));
                Files.copy(tin, out);
                small.put(e.getName(), ("@file:" + out).getBytes(StandardCharsets.UTF_8));
            }
        }
        JsonNode manifest = new ObjectMapper().readTree(resolve(small, "manifest.json", layersDir));
        JsonNode layers = manifest.get(0).get("Layers");
        String last = layers.get(layers.size() - 1).asText();
        TreeSet<String> files = new TreeSet<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(Path.of(resolvePath(small, last, layersDir))));
             InputStream in = maybeGunzip(raw);
             TarArchiveInputStream tin = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tin.getNextEntry()) != null) {
                String name = e.getName().replaceFirst("^\\./", "").replaceFirst("/$", "");
                if (e.isDirectory() || !name.startsWith("ctx/")) continue;
                files.add(name.substring("ctx/".length()));
            }
        }
        return files;
    }

    private static InputStream maybeGunzip(InputStream in) throws IOException {
        in.mark(2);
        int a = in.read(), b = in.read();
        in.reset();
        return a == 0x1f && b == 0x8b ? new GzipCompressorInputStream(in) : in;
    }

    private static byte[] resolve(Map<String, byte[]> entries, String name, Path dir) throws IOException {
        return Files.readAllBytes(Path.of(resolvePath(entries, name, dir)));
    }

    private static String resolvePath(Map<String, byte[]> entries, String name, Path dir) {
        for (int hops = 0; hops < 5; hops++) {
            byte[] v = entries.get(name);
            if (v == null) throw new AssertionError("archive has no entry " + name + " (entries: " + entries.keySet() + ")");
            String s = new String(v, StandardCharsets.UTF_8);
            if (s.startsWith("@file:")) return s.substring(6);
            String target = s.substring(6);
            name = target.startsWith("/") ? target.substring(1) : Path.of(name).resolveSibling(target).normalize().toString();
        }
        throw new AssertionError("symlink loop at " + name);
    }

    private synchronized void startDockerd(Path dockerd) throws Exception {
        if (dockerd == null || this.dockerd != null) return;
        Path client = dockerd.resolveSibling("docker");
        dockerClient = Files.isExecutable(client) ? client : Path.of("/usr/bin/docker");
        Path w = work.resolve("d");
        Files.createDirectories(w);
        dockerSock = w.resolve("docker.sock");
        ProcessBuilder pb = new ProcessBuilder(dockerd.toString(), "--host", "unix://" + dockerSock,
                "--data-root", w.resolve("data").toString(), "--exec-root", w.resolve("exec").toString(),
                "--pidfile", w.resolve("docker.pid").toString(), "--storage-driver", "vfs", "--iptables=false",
                "--ip6tables=false", "--bridge=none", "--default-ulimit", "nofile=1024:1024",
                "--default-ulimit", "nproc=1024:1024");
        pb.redirectErrorStream(true).redirectOutput(w.resolve("dockerd.log").toFile());
        this.dockerd = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!this.dockerd.isAlive()) throw new AssertionError("dockerd exited: " + Files.readString(w.resolve("dockerd.log")));
            if (Files.exists(dockerSock)) {
                Process p = new ProcessBuilder(dockerClient.toString(), "-H", "unix://" + dockerSock, "version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor() == 0) return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("dockerd did not answer within 30 s: " + Files.readString(w.resolve("dockerd.log")));
    }

    @AfterAll
    void stop() throws Exception {
        if (dockerd != null) {
            // stop exactly the daemon this test started
            dockerd.destroy();
            if (!dockerd.waitFor(20, TimeUnit.SECONDS)) {
                dockerd.destroyForcibly();
                dockerd.waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (work != null) {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String run(Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", cmd));
        }
        String s = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) throw new AssertionError(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + s);
        return s;
    }
}
