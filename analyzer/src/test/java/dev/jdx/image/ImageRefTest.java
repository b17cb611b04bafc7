package dev.jdx.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Docker's normalisation rules (distribution/reference {@code ParseNormalizedNamed}) as a table. */
class ImageRefTest {
    private static final String HEX = "4a1c4b21597c1b4415bdbecb28a3296c6b5e23ca4f9feeb599860a1dac6a0108";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            ubuntu                              | docker.io        | library/ubuntu  | latest | -      | registry-1.docker.io
            ubuntu:22.04                        | docker.io        | library/ubuntu  | 22.04  | -      | registry-1.docker.io
            library/ubuntu                      | docker.io        | library/ubuntu  | latest | -      | registry-1.docker.io
            docker.io/ubuntu                    | docker.io        | library/ubuntu  | latest | -      | registry-1.docker.io
            index.docker.io/ubuntu:20.04        | docker.io        | library/ubuntu  | 20.04  | -      | registry-1.docker.io
            docker://alpine:3.19                | docker.io        | library/alpine  | 3.19   | -      | registry-1.docker.io
            registry:alpine                     | docker.io        | library/alpine  | latest | -      | registry-1.docker.io
            user/repo                           | docker.io        | user/repo       | latest | -      | registry-1.docker.io
            user/repo/deep_name-x.y             | docker.io        | user/repo/deep_name-x.y | latest | - | registry-1.docker.io
            localhost/app                       | localhost        | app             | latest | -      | localhost
            localhost:5000/app:1                | localhost:5000   | app             | 1      | -      | localhost:5000
            127.0.0.1:5000/a/b/c:v1.2_rc-3      | 127.0.0.1:5000   | a/b/c           | v1.2_rc-3 | -   | 127.0.0.1:5000
            myregistry:5000/app                 | myregistry:5000  | app             | latest | -      | myregistry:5000
            foo.com/bar                         | foo.com          | bar             | latest | -      | foo.com
            Foo/bar                             | Foo              | bar             | latest | -      | Foo
            [::1]:5000/app                      | [::1]:5000       | app             | latest | -      | [::1]:5000
            ghcr.io/org/app@sha256:HEX          | ghcr.io          | org/app         | -      | sha256:HEX | ghcr.io
            ghcr.io/org/app:1.0@sha256:HEX      | ghcr.io          | org/app         | 1.0    | sha256:HEX | ghcr.io
            ubuntu@sha256:HEX                   | docker.io        | library/ubuntu  | -      | sha256:HEX | registry-1.docker.io
            """)
    void normalises(String text, String registry, String repository, String tag, String digest, String apiHost) {
        ImageRef ref = ImageRef.parse(text.replace("HEX", HEX));
        assertThat(ref.registry()).isEqualTo(registry);
        assertThat(ref.repository()).isEqualTo(repository);
        assertThat(ref.tag()).isEqualTo(tag);
        assertThat(ref.digest() == null ? null : ref.digest().toString()).isEqualTo(digest == null ? null : digest.replace("HEX", HEX));
        assertThat(ref.apiHost()).isEqualTo(apiHost);
        // the fully qualified form parses back to the same reference
        assertThat(ImageRef.parse(ref.toString())).isEqualTo(ref);
        assertThat(ref.toString()).startsWith(registry + "/" + repository);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            Ubuntu                     | must be lowercase
            docker.io/Library/ubuntu   | must be lowercase
            ghcr.io/Org/app            | must be lowercase
            ubuntu:                    | invalid tag
            'ubuntu:bad tag'           | invalid tag
            ubuntu@sha256:abc          | malformed sha256 digest
            ubuntu@md5:abc             | unsupported digest algorithm
            a//b                       | bad repository name component
            -foo                       | bad repository name component
            foo/bar:tag:x              | bad repository name component
            'bad_host!/x'              | bad repository name component
            'exa mple.com/x'           | invalid registry host
            ''                         | empty image reference
            docker://                  | empty image reference
            """)
    void rejects(String text, String message) {
        assertThatThrownBy(() -> ImageRef.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @ParameterizedTest(name = "tag of {0} characters")
    @CsvSource({"128, true", "129, false"})
    void tagLength(int length, boolean ok) {
        String text = "app:" + "a".repeat(length);
        if (ok) assertThat(ImageRef.parse(text).tag()).hasSize(length);
        else assertThatThrownBy(() -> ImageRef.parse(text)).hasMessageContaining("invalid tag");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"localhost:5000/a, true", "127.0.0.1:5000/a, true", "[::1]:5000/a, true", "localhost/a, true",
            "example.com/a, false", "ubuntu, false", "localhost.example.com/a, false"})
    void loopback(String text, boolean loopback) {
        assertThat(ImageRef.parse(text).isLoopback()).isEqualTo(loopback);
    }
}
