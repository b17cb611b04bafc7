package dev.jdx.check.dockerignore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BuildContextTest {
    @TempDir Path dir;

    private void tree(String... paths) throws IOException {
        for (String p : paths) {
            Path f = dir.resolve(p);
            Files.createDirectories(f.getParent());
            Files.writeString(f, p);
        }
        if (!Files.exists(dir.resolve("Dockerfile"))) Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\nCOPY . /\n");
    }

    private List<String> paths(Builder b) throws IOException {
        return BuildContext.list(dir, null, b).copyablePaths();
    }

    @ParameterizedTest(name = "[{index}] {0} / {1}")
    @CsvSource(delimiter = ';', textBlock = """
            # ignore file;               builder;   files COPY sees (besides Dockerfile and .dockerignore)
            'dir\n!**/*.txt';            legacy;    a.txt b.log
            'dir\n!**/*.txt';            buildkit;  a.txt b.log dir/c.txt dir/sub/e.txt
            'dir\n!**/*.txt';            buildah;   a.txt b.log
            'dir\n!dir/sub';             legacy;    a.txt b.log dir/sub/e.txt dir/sub/f.log
            'dir\n!dir/sub';             buildkit;  a.txt b.log dir/sub/e.txt dir/sub/f.log
            '*.log';                     legacy;    a.txt dir/c.txt dir/d.log dir/sub/e.txt dir/sub/f.log
            '**/*.log';                  buildkit;  a.txt dir/c.txt dir/sub/e.txt
            '*\n!dir/*.txt';             legacy;    dir/c.txt
            '*\n!dir/*.txt';             buildkit;  dir/c.txt
            """)
    void walkersDiffer(String ignore, String builder, String expected) throws IOException {
        tree("a.txt", "b.log", "dir/c.txt", "dir/d.log", "dir/sub/e.txt", "dir/sub/f.log");
        Files.writeString(dir.resolve(".dockerignore"), ignore.replace("\\n", "\n"));
        List<String> got = paths(Builder.parse(builder)).stream().filter(p -> !p.equals("Dockerfile") && !p.equals(".dockerignore")).toList();
        assertThat(got).containsExactly(expected.split(" "));
    }

    @Test
    void buildkitPrefersTheDockerfilesOwnIgnoreFile() throws IOException {
        tree("a.txt", "b.log", "docker/app.Dockerfile");
        Files.writeString(dir.resolve(".dockerignore"), "b.log\n");
        Files.writeString(dir.resolve("docker/app.Dockerfile.dockerignore"), "a.txt\n");
        Path df = dir.resolve("docker/app.Dockerfile");
        ContextListing bk = BuildContext.list(dir, df, Builder.BUILDKIT);
        assertThat(bk.ignoreFile()).isEqualTo("docker/app.Dockerfile.dockerignore");
        assertThat(bk.copyablePaths()).contains("b.log").doesNotContain("a.txt");
        ContextListing legacy = BuildContext.list(dir, df, Builder.LEGACY);
        assertThat(legacy.ignoreFile()).isEqualTo(".dockerignore");
        assertThat(legacy.copyablePaths()).contains("a.txt").doesNotContain("b.log");
    }

    @Test
    void buildahReadsContainerignoreFirst() throws IOException {
        tree("a.txt", "b.log");
        Files.writeString(dir.resolve(".dockerignore"), "b.log\n");
        Files.writeString(dir.resolve(".containerignore"), "a.txt\n");
        ContextListing l = BuildContext.list(dir, null, Builder.BUILDAH);
        assertThat(l.ignoreFile()).isEqualTo(".containerignore");
        assertThat(l.copyablePaths()).contains("b.log").doesNotContain("a.txt");
    }

    @ParameterizedTest
    @CsvSource({"legacy", "buildkit", "buildah"})
    void dockerfileAndIgnoreFileAreSentButNotCopyable(String builder) throws IOException {
        tree("a.txt");
        Files.writeString(dir.resolve(".dockerignore"), "Dockerfile\n.dockerignore\n");
        ContextListing l = BuildContext.list(dir, null, Builder.parse(builder));
        assertThat(l.files()).extracting(ContextFile::path).containsExactly(".dockerignore", "Dockerfile", "a.txt");
        assertThat(l.files()).filteredOn(f -> !f.copyable()).extracting(ContextFile::path).containsExactly(".dockerignore", "Dockerfile");
        assertThat(l.totalBytes()).isEqualTo(l.files().stream().mapToLong(ContextFile::size).sum())
                .isEqualTo(Files.size(dir.resolve("a.txt")) + Files.size(dir.resolve("Dockerfile")) + Files.size(dir.resolve(".dockerignore")));
    }

    @Test
    void badPatternAndMissingDirectoryAreInputErrors() throws IOException {
        tree("a.txt");
        Files.writeString(dir.resolve(".dockerignore"), "ok\n[\n");
        assertThatThrownBy(() -> BuildContext.list(dir, null, Builder.LEGACY)).isInstanceOf(IgnoreFileException.class)
                .hasMessageStartingWith(".dockerignore:2:");
        assertThatThrownBy(() -> BuildContext.list(dir.resolve("nope"), null, Builder.LEGACY)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a directory");
    }
}
