package dev.jdx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdx.fixtures.Requirements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./jdx} launcher as a user runs it, after {@code mvn package} (an integration test: failsafe runs it in
 * {@code verify}, when cli/target/jdx.jar exists). The launcher is copied into a temporary checkout whose
 * cli/target links to the built jar and libraries, so its class-data archive is its own and the real one is untouched.
 */
class LauncherIT {
    private static final Path REPO = Requirements.repoRoot();
    private static final Pattern TIER = Pattern.compile("intx TieredStopAtLevel\\s+=\\s+(\\d)");

    @TempDir
    Path tmp;
    private Path launcher;
    private Path jsa;
    private Path demo;

    record Result(int code, String out, String err) {}

    @BeforeEach
    void checkout() throws IOException {
        Path jar = REPO.resolve("cli/target/jdx.jar");
        demo = REPO.resolve("fixtures/target/demo/jdx-demo.tar");
        Requirements.require(Files.isRegularFile(jar), "cli/target/jdx.jar (mvn package)");
        Requirements.require(Files.isRegularFile(demo), "the demo image fixtures/target/demo/jdx-demo.tar (mvn package)");
        Path target = Files.createDirectories(tmp.resolve("checkout/cli/target"));
        launcher = tmp.resolve("checkout/jdx");
        Files.copy(REPO.resolve("jdx"), launcher);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(target.resolve("jdx.jar"), jar);
        Files.createSymbolicLink(target.resolve("lib"), REPO.resolve("cli/target/lib"));
        jsa = target.resolve("jdx.jsa");
    }

    /**
     * Replaces a checkout's {@code lib} (a link to the build's) with a directory of links to the build's libraries
     * except the analyzer's, which is copied: lib/ as a build leaves it after a change in analyzer/ only, once the
     * test makes that copy newer. Returns the copy.
     */
    static Path ownAnalyzerLibrary(Path lib) throws IOException {
        Files.delete(lib);
        Files.createDirectory(lib);
        Path analyzer = null;
        try (Stream<Path> jars = Files.list(REPO.resolve("cli/target/lib"))) {
            for (Path j : jars.toList()) {
                if (j.getFileName().toString().startsWith("jdx-analyzer")) analyzer = Files.copy(j, lib.resolve(j.getFileName()));
                else Files.createSymbolicLink(lib.resolve(j.getFileName()), j);
            }
        }
        assertThat(analyzer).as("the analyzer library in cli/target/lib").isNotNull();
        return analyzer;
    }

    private Result run(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        // a user's environment: no JAVA_HOME, the system java (17 here) first on PATH; the launcher must find >= 21
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("JDX_JAVA_OPTS");
        // not CI mode: there the gate fails the demo image (exit 1) for its findings, which is not what this tests
        pb.environment().remove("CI");
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        pb.environment().putAll(env);
        Path out = tmp.resolve("out.txt"), err = tmp.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jdx " + String.join(" ", args) + " did not finish in 180 s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private List<Path> archiveLeftovers() throws IOException {
        try (Stream<Path> s = Files.list(jsa.getParent())) {
            return s.filter(f -> f.getFileName().toString().startsWith("jdx.jsa.")).toList();
        }
    }

    @Test
    void findsAJdk21WithoutJavaHomeAndKeepsTheArchiveOnlyFromACompleteIndexingInspect() throws Exception {
        Result version = run(Map.of(), "--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).contains("jdx");

        // runs that load too few classes leave no archive behind (it would be used for good)
        assertThat(run(Map.of(), "inspect", "--help").code()).isZero();
        Result missing = run(Map.of(), "inspect", tmp.resolve("nosuch.tar").toString());
        assertThat(missing.code()).isEqualTo(ExitCode.INPUT);
        assertThat(missing.err()).contains("nosuch.tar");
        assertThat(run(Map.of(), "inspect", "-q", "--no-index", demo.toString()).code()).isZero();
        assertThat(jsa).doesNotExist();
        assertThat(archiveLeftovers()).isEmpty();

        // the first indexing inspect that gets through writes it
        assertThat(run(Map.of(), "inspect", "-q", "--index", tmp.resolve("idx").toString(), demo.toString()).code()).isZero();
        assertThat(jsa).isRegularFile();
        assertThat(archiveLeftovers()).isEmpty();

        // and later runs map their classes from it
        Result mapped = run(Map.of("JDX_JAVA_OPTS", "-Xlog:class+load=info"), "--version");
        assertThat(mapped.code()).isZero();
        assertThat(mapped.out()).containsPattern("dev\\.jdx\\.cli\\.Main source: shared objects file");
    }

    /** A JDK as the launcher sees one: bin/java (here a script that names itself) and the release file's version. */
    private Path fakeJdk(String name, String version) throws IOException {
        Path home = Files.createDirectories(tmp.resolve(name + "/bin"));
        Path java = home.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho fake-java-" + name + "\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(tmp.resolve(name + "/release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\nOS_NAME=\"Linux\"\n");
        return home.getParent();
    }

    /** JAVA_HOME first, taken when its release file says 21 or later (also as "24-ea"), passed over for 17 or "1.8". */
    @Test
    void takesJavaHomeOnlyWhenItsReleaseFileSays21OrLater() throws Exception {
        assertThat(run(Map.of("JAVA_HOME", fakeJdk("ea", "24-ea").toString()), "--version").out()).contains("fake-java-ea");
        assertThat(run(Map.of("JAVA_HOME", fakeJdk("old", "1.8.0_392").toString()), "--version").out())
                .doesNotContain("fake-java").contains("jdx");
        assertThat(run(Map.of("JAVA_HOME", fakeJdk("seventeen", "17.0.15").toString()), "--version").out())
                .doesNotContain("fake-java").contains("jdx");
    }

    @Test
    void aLibraryRebuiltAfterTheArchiveMakesItStaleAndTheNextIndexingInspectWritesItAgain() throws Exception {
        Path analyzer = ownAnalyzerLibrary(jsa.resolveSibling("lib"));
        Path idx = tmp.resolve("idx");
        assertThat(run(Map.of(), "inspect", "-q", "--index", idx.toString(), demo.toString()).code()).isZero();
        assertThat(jsa).isRegularFile();

        Files.setLastModifiedTime(analyzer, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(jsa).toMillis() + 10));
        // the JVM would refuse the archive now (the class path changed); the launcher drops it
        assertThat(run(Map.of(), "--version").code()).isZero();
        assertThat(jsa).doesNotExist();
        // and the next indexing inspect writes one that later runs use
        assertThat(run(Map.of(), "inspect", "-q", "--index", idx.toString(), demo.toString()).code()).isZero();
        assertThat(jsa).isRegularFile();
        Result mapped = run(Map.of("JDX_JAVA_OPTS", "-Xlog:class+load=info"), "--version");
        assertThat(mapped.out()).containsPattern("dev\\.jdx\\.cli\\.Main source: shared objects file");
    }

    @Test
    void shortRunsUseC1OnlyAndTheSerialCollectorLargeInspectsKeepC2AndTheParallelOne() throws Exception {
        Map<String, String> flags = Map.of("JDX_JAVA_OPTS", "-XX:+PrintFlagsFinal");
        Result version = run(flags, "--version");
        assertThat(tier(version)).isEqualTo(1);
        assertThat(flag(version, "UseSerialGC")).isTrue();
        assertThat(tier(run(flags, "search", "--index", tmp.resolve("idx").toString(), "name:x"))).isEqualTo(1);
        assertThat(tier(run(flags, "inspect", "-q", "--no-index", demo.toString()))).isEqualTo(1);
        Path big = largeArchive();
        Result large = run(flags, "inspect", "-q", "--no-index", big.toString());
        assertThat(tier(large)).isEqualTo(4);
        assertThat(flag(large, "UseParallelGC")).isTrue();
        assertThat(large.out()).containsPattern("FreqInlineSize\\s+=\\s+50\\b").containsPattern("InlineSmallCode\\s+=\\s+500\\b");
        // JDX_JAVA_OPTS comes last and wins; a collector named there replaces the launcher's (the JVM refuses two)
        assertThat(tier(run(Map.of("JDX_JAVA_OPTS", "-XX:+PrintFlagsFinal -XX:TieredStopAtLevel=4"), "--version"))).isEqualTo(4);
        Result g1 = run(Map.of("JDX_JAVA_OPTS", "-XX:+PrintFlagsFinal -XX:+UseG1GC"), "--version");
        assertThat(g1.code()).as("%s", g1).isZero();
        assertThat(flag(g1, "UseG1GC")).isTrue();
        assertThat(flag(g1, "UseSerialGC")).isFalse();
    }

    @Test
    void aOneShotLargeInspectLeavesLuceneSegmentWritingToC1AndSaysNothingAboutIt() throws Exception {
        Path big = largeArchive();
        Map<String, String> flags = Map.of("JDX_JAVA_OPTS", "-XX:+PrintFlagsFinal");
        String large = run(flags, "inspect", "-q", "--no-index", big.toString()).out();
        for (String pkg : List.of("org/apache/lucene/codecs/", "org/apache/lucene/util/packed/")) {
            assertThat(large).containsPattern("CompileCommand\\s+\\+?= MaxNodeLimit," + Pattern.quote(pkg) + "\\*\\.\\*,1\\b");
        }
        assertThat(large).containsPattern("CompileCommand\\s+= quiet\\b");
        // not for a short run (C1 only) nor for the warm server (it pays C2 back)
        assertThat(run(flags, "--version").out()).doesNotContain("MaxNodeLimit,");
        // the JVM says nothing about the commands: the 40 MB of zeros is not an image, so stdout stays empty and
        // stderr holds jdx's one error line
        Result quiet = run(Map.of(), "inspect", "-q", "--no-index", big.toString());
        assertThat(quiet.code()).as("%s", quiet).isEqualTo(3);
        assertThat(quiet.out()).isEmpty();
        assertThat(quiet.err().lines().toList()).as("%s", quiet).singleElement(InstanceOfAssertFactories.STRING)
                .startsWith("jdx: ");
    }

    /**
     * A 40 MB archive, above the launcher's 32 MB line for a short run (sparse: its content does not matter, the
     * flags are printed before it is read, and it is no image).
     */
    private Path largeArchive() throws IOException {
        Path big = tmp.resolve("big.tar");
        try (var f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(40L << 20);
        }
        return big;
    }

    /** Whether the boolean flag is true in -XX:+PrintFlagsFinal output. */
    private static boolean flag(Result r, String name) {
        return Pattern.compile("\\b" + name + "\\s+= true\\b").matcher(r.out()).find();
    }

    private static int tier(Result r) {
        Matcher m = TIER.matcher(r.out());
        assertThat(m.find()).as("TieredStopAtLevel in the flags printed by %s", r).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
