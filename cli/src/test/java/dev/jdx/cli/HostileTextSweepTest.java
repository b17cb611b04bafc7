package dev.jdx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdx.fixtures.ImageBuilder;
import dev.jdx.fixtures.LayerBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random text where users type text: Dockerfiles and .dockerignore files for {@code jdx lint}, queries, globs and
 * sizes for {@code jdx search}. Each is built from the tokens those languages are made of (quotes, escapes, line
 * continuations, heredocs, variables, brackets, ranges, wildcards, units), so that it reaches deep into the parsers.
 * Every run must end in a documented exit code (0, 1 for findings at or above --fail-on, 2 for a bad query or
 * option, 3 for an unreadable input) and, when it fails, with exactly one line {@code jdx: ...} and no stack trace.
 * Fixed seeds: the message of a failed assertion holds the input, to paste into a test of its own.
 */
class HostileTextSweepTest {
    @TempDir
    static Path dir;
    private static Path index;

    @BeforeAll
    static void indexAnImage() throws IOException {
        Path img = dir.resolve("img.tar");
        ImageBuilder.image()
                .layer(LayerBuilder.layer().dir("usr/lib").file("usr/lib/libssl.so.3", 5_000, 1)
                        .file("usr/bin/passwd", "x".getBytes(), 04755).file("etc/motd", "hi\n"), "ADD rootfs.tar /")
                .layer(LayerBuilder.layer().whiteout("etc/motd").file("app/big.bin", 70_000, 2), "RUN build")
                .writeDockerArchive(img, "sweep/app:1");
        index = dir.resolve("index");
        Jdx.Result r = Jdx.run("inspect", "-q", "--index", index.toString(), img.toString());
        assertThat(r.code()).as(r.err()).isZero();
    }

    private static final String[] DOCKERFILE_TOKENS = {
            "FROM ", "FROM --platform=$BUILDPLATFORM ", "AS ", "RUN ", "CMD ", "ENTRYPOINT ", "COPY ", "ADD ", "ENV ",
            "ARG ", "LABEL ", "EXPOSE ", "USER ", "WORKDIR ", "HEALTHCHECK ", "SHELL ", "ONBUILD ", "STOPSIGNAL ",
            "VOLUME ", "MAINTAINER ", "# syntax=docker/dockerfile:1\n", "# escape=`\n", "# escape=\\\n", "# check=skip=all\n",
            "ubuntu", "alpine:3.20", "debian@sha256:" + "a".repeat(64), "scratch", "registry:5000/x/y:latest", "${BASE}",
            "${A:-b}", "${A:+b}", "$A", "${", "}", "$", "\"", "'", "\\", "\\\n", "`", "\n", "\r\n", "\t", " ", "  ",
            "[", "]", "[\"sh\", \"-c\"]", ",", "=", "==", "--from=build ", "--chown=1000:1000 ", "--mount=type=cache,target=/x ",
            "--chmod=755 ", "--link ", "--interval=5s ", "--network=none ", "<<EOF\n", "EOF\n", "<<-END\n", "END", "<<'Q'\n",
            "&&", "||", "|", ";", "curl -fsSL https://x | sh", "apt-get install -y", "apk add --no-cache", "sudo ",
            "80/tcp", "8080-8090/udp", "65536", "-1", "0:0", "root", "PASSWORD=hunter2", "*.tar.gz", "/", "./", "..",
            "ü", "\u0000", "\u202e", "#", "x".repeat(300), "0", "9999999999999999999999",
    };

    private static final String[] IGNORE_TOKENS = {
            "*", "**", "?", "[", "]", "[!a-z]", "[^0-9]", "[a-", "\\", "!", "#", "/", "./", "../", "..", ".", "a", "b/c",
            "*.log", "**/*.tmp", "node_modules", "\n", " ", "\t", "\r", "{", "}", "ü", "\u0000", "$HOME", "~",
    };

    private static final String[] QUERY_TOKENS = {
            "path:", "name:", "dir:", "ext:", "type:", "size:", "mode:", "setuid:", "uid:", "gid:", "mtime:", "sha256:",
            "link:", "status:", "final:", "layer:", "image:", "ref:", "diff_id:", "chain_id:", "nosuchfield:", "kind:",
            "/usr/lib/*", "lib*", "*ssl*", "?", "*", "libssl.so.3", ">", ">=", "<", "<=", "=", "10MB", "1.5GiB", "-1",
            "99999999999999999999", "0x10", "[", "]", "{", "}", " TO ", "1KB", "*", "(", ")", "\"", "\\", "AND ", "OR ",
            "NOT ", "&&", "||", "!", "+", "-", "~", "~2", "^2", "/", "//", "/re.*x/", " ", "file", "dir", "symlink",
            "added", "removed", "true", "false", "4755", "0777", "a".repeat(64), "sha256:" + "b".repeat(64), "ü", "\u0000",
            "2024-01-01", "now", ":", "::",
    };

    private static final String[] GLOB_TOKENS = {"*", "**", "?", "[", "]", "[!x]", "\\", "/", "a", "lib", ".so", "{", "}", ",", "ü", " "};
    private static final String[] SIZE_TOKENS = {"1", "10", "1.5", "-", "+", "KB", "MiB", "GB", "kb", "B", "e9", " ", "x", ".", "99999999999999999999"};

    private static String random(Random rnd, String[] tokens, int maxTokens) {
        StringBuilder b = new StringBuilder();
        int n = 1 + rnd.nextInt(maxTokens);
        for (int i = 0; i < n; i++) b.append(tokens[rnd.nextInt(tokens.length)]);
        return b.toString();
    }

    @Test
    @Timeout(120)
    void lintReadsAnyDockerfileAndDockerignore() throws IOException {
        Random rnd = new Random(11);
        Path ctx = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(ctx.resolve("app.py"), "print(1)\n");
        Files.createDirectories(ctx.resolve("node_modules/x"));
        Files.writeString(ctx.resolve("node_modules/x/index.js"), "1\n");
        for (int i = 0; i < 250; i++) {
            String dockerfile = random(rnd, DOCKERFILE_TOKENS, 40);
            String ignore = random(rnd, IGNORE_TOKENS, 12);
            Files.writeString(ctx.resolve("Dockerfile"), dockerfile);
            Files.writeString(ctx.resolve(".dockerignore"), ignore);
            String what = "Dockerfile " + quoted(dockerfile) + ", .dockerignore " + quoted(ignore);
            boolean json = i % 2 == 0;
            Jdx.Result r = json ? Jdx.run("lint", "--json", "--fail-on=high", ctx.toString())
                    : Jdx.run("lint", "--fail-on=high", ctx.toString());
            assertContract(r, what, List.of(0, 1, 2, 3));
        }
    }

    @Test
    @Timeout(120)
    void searchAnswersOrRefusesAnyQuery() {
        Random rnd = new Random(12);
        int refused = 0;
        for (int i = 0; i < 400; i++) {
            String query = random(rnd, QUERY_TOKENS, 8);
            Jdx.Result r = Jdx.run("search", "--index", index.toString(), "--limit=5", query);
            assertContract(r, "query " + quoted(query), List.of(0, 2));
            if (r.code() == 2) refused++;
        }
        // the token soup is mostly invalid, but not all of it: both outcomes are exercised
        assertThat(refused).isBetween(40, 360);
    }

    @Test
    @Timeout(120)
    void searchShortcutsAnswerOrRefuseAnyValue() {
        Random rnd = new Random(13);
        for (int i = 0; i < 150; i++) {
            String glob = random(rnd, GLOB_TOKENS, 6);
            String size = random(rnd, SIZE_TOKENS, 4);
            String what = "--path/--name " + quoted(glob) + " --larger-than " + size;
            Jdx.Result r = switch (i % 3) {
                case 0 -> Jdx.run("search", "--index", index.toString(), "--path", glob);
                case 1 -> Jdx.run("search", "--index", index.toString(), "--name", glob, "--final");
                default -> Jdx.run("search", "--index", index.toString(), "--larger-than", size, "--sort", "size");
            };
            assertContract(r, what, List.of(0, 2));
        }
    }

    private static final String[] POLICY_KEYS = {
            "thresholds", "minEfficiency", "maxReclaimableBytes", "maxUserReclaimableRatio", "maxImageSize", "maxLayers",
            "failOn", "checks", "disable", "severity", "JDX-I001", "exclude", "trustedRegistries", "allow", "setuid",
            "secrets", "largeWaste", "rules", "lowestEfficiency", "highestWastedBytes", "highestUserWastedPercent",
            "nosuchkey", "",
    };
    private static final String[] POLICY_VALUES = {
            "0.9", "1.5", "-1", "20MB", "20MiB", "1e99", "NaN", ".inf", "high", "none", "loud", "[]", "[JDX-I014]",
            "[\"/usr/**\"]", "[\"[\"]", "{}", "null", "~", "true", "\"x\"", "'", "\"", "&a", "*a", "!!binary AAAA",
            "!!python/object:os.system", "|", ">", "- 1", "99999999999999999999", "0x10", "disabled", "off", "",
    };

    /** A YAML-ish document: keys nested by random indentation, values of every type, and the odd broken line. */
    private static String randomPolicy(Random rnd) {
        StringBuilder b = new StringBuilder();
        int lines = 1 + rnd.nextInt(8);
        for (int i = 0; i < lines; i++) {
            b.append("  ".repeat(rnd.nextInt(3))).append(POLICY_KEYS[rnd.nextInt(POLICY_KEYS.length)]).append(':');
            if (rnd.nextInt(3) > 0) b.append(' ').append(POLICY_VALUES[rnd.nextInt(POLICY_VALUES.length)]);
            b.append(rnd.nextInt(20) == 0 ? "\t\r" : "").append('\n');
        }
        return b.toString();
    }

    @Test
    @Timeout(120)
    void aPolicyOrDiveCiFileIsAppliedOrRefusedWithItsFileAndLine() throws IOException {
        Path img = dir.resolve("img.tar");
        Random rnd = new Random(14);
        int refused = 0;
        for (int i = 0; i < 120; i++) {
            String policy = randomPolicy(rnd);
            boolean dive = i % 3 == 0;
            Path file = dir.resolve(dive ? "sweep.dive-ci" : "sweep.jdx.yaml");
            Files.writeString(file, policy);
            Jdx.Result r = Jdx.run("inspect", "--no-index", "-q", dive ? "--dive-ci" : "--policy", file.toString(), img.toString());
            String what = (dive ? ".dive-ci " : ".jdx.yaml ") + quoted(policy);
            assertContract(r, what, List.of(0, 1, 2));
            if (r.code() == 2) {
                refused++;
                assertThat(r.err()).as(what).contains(file.getFileName().toString());
            }
        }
        assertThat(refused).isBetween(20, 119);
    }

    /** The input as a Java-ish literal for the assertion message (control characters visible). */
    private static String quoted(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
                .replace("\u0000", "\\0") + '"';
    }

    private static void assertContract(Jdx.Result r, String what, List<Integer> codes) {
        assertThat(r.code()).as("%s: exit code; stderr: %s", what, r.err()).isIn(codes);
        assertThat(r.err()).as("%s: no stack trace", what).doesNotContain("Exception").doesNotContain("\tat ");
        if (r.code() >= 2) r.assertOneErrorLine(what);
    }
}
