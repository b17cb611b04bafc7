package dev.jdx.image.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.NoSuchFileException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which arguments read as image references (tried on a daemon / registry) and which as mistyped paths. */
class SourceResolverTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "app, true",
            "app:1.0, true",
            "jdx-demo/app:1.0, true",
            "localhost:5000/team/app:v2, true",
            "ghcr.io/org/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, true",
            "registry.example.com/a/b/c:latest, true",
            "app.tar, false",
            "image.tar.gz, false",
            "out.tgz, false",
            "report.json, false",
            "./app, false",
            "/abs/app, false",
            "~/app, false",
            "App:1.0, false",
            "app:, false",
            "app:-bad, false",
    })
    void referencesAndPathsAreToldApart(String arg, boolean reference) {
        assertThat(SourceResolver.looksLikeReference(arg)).isEqualTo(reference);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"app.tar", "/nowhere/app", "app:1.0"})
    void withoutDaemonOrRegistryAMissingArgumentIsAMissingFile(String arg) {
        assertThatThrownBy(() -> ImageSources.open(arg, SourceOptions.filesOnly())).isInstanceOf(NoSuchFileException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"docker-daemon:", "podman:", "docker://"})
    void aPrefixWithoutANameIsAUsageError(String arg) {
        assertThatThrownBy(() -> ImageSources.open(arg, SourceOptions.filesOnly().withDaemon((s, r) -> null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names no image");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"auto, AUTO", "Daemon, DAEMON", "registry, REGISTRY", "ARCHIVE, ARCHIVE"})
    void forceValuesParse(String text, SourceOptions.Force force) {
        assertThat(SourceOptions.Force.parse(text)).isEqualTo(force);
    }
}
