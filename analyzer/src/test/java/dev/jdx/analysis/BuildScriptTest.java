package dev.jdx.analysis;

import static dev.jdx.analysis.Entries.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdx.fixtures.Requirements;
import dev.jdx.fs.ContentCapture;
import dev.jdx.image.HistoryEntry;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BuildScriptTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # classic docker builder (docker build without BuildKit, dockerd 20.10)
            `/bin/sh -c #(nop) ADD file:b0ab4b7e8e0b7d8b3b3e1f5d5c2a4a1b8c36f2b2d2c9d0e6d0c6e9b9d5d4e8f1 in / ` | `ADD file:b0ab4b7e8e0b /`
            `/bin/sh -c #(nop)  CMD ["/bin/sh"]`                                  | `CMD ["/bin/sh"]`
            `/bin/sh -c apt-get update && apt-get install -y curl`                 | `RUN apt-get update && apt-get install -y curl`
            `|1 VERSION=1.2 /bin/sh -c echo $VERSION > /v`                         | `RUN echo $VERSION > /v`
            `|2 A=1 B="x y" /bin/sh -c make`                                       | `RUN make`
            `/bin/sh -c #(nop) COPY dir:5a3f0c8e4c6d2b1a9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6b5a49382 in /app `  | `COPY dir:5a3f0c8e4c6d /app`
            `/bin/sh -c #(nop) COPY --chown=app:app file:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef in /srv/x.conf ` | `COPY --chown=app:app file:0123456789ab /srv/x.conf`
            `/bin/sh -c #(nop)  EXPOSE 80`                                         | `EXPOSE 80`
            `/bin/sh -c #(nop) WORKDIR /app`                                       | `WORKDIR /app`
            `/bin/sh -c #(nop)  ENV PATH=/usr/local/bin:/usr/bin`                  | `ENV PATH=/usr/local/bin:/usr/bin`
            `/bin/sh -c #(nop)  ARG VERSION=1.0`                                   | `ARG VERSION=1.0`
            `/bin/sh -c #(nop)  HEALTHCHECK &{["CMD-SHELL" "curl -f http://localhost/ || exit 1"] "30s" "3s" "0s" '\\x03'}` | `HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD curl -f http://localhost/ || exit 1`
            `/bin/sh -c #(nop)  HEALTHCHECK &{["NONE"] "0s" "0s" "0s" '\\x00'}`    | `HEALTHCHECK NONE`
            # BuildKit
            `RUN /bin/sh -c apt-get update # buildkit`                             | `RUN apt-get update # buildkit`
            `RUN |2 A=1 B=2 /bin/sh -c make install # buildkit`                    | `RUN make install # buildkit`
            `RUN /bin/bash -o pipefail -c curl -s x | sh # buildkit`               | `RUN curl -s x | sh # buildkit`
            `COPY app.py /app/ # buildkit`                                         | `COPY app.py /app/ # buildkit`
            `EXPOSE map[8080/tcp:{} 9090/udp:{}]`                                  | `EXPOSE 8080/tcp 9090/udp`
            `ADD alpine-minirootfs-3.20.0-x86_64.tar.gz / # buildkit`              | `ADD alpine-minirootfs-3.20.0-x86_64.tar.gz / # buildkit`
            `CMD ["python" "app.py"]`                                              | `CMD ["python" "app.py"]`
            `WORKDIR /app`                                                         | `WORKDIR /app`
            # buildah (bud)
            `/bin/sh -c #(nop) LABEL maintainer=ops@example.com`                   | `LABEL maintainer=ops@example.com`
            `/bin/sh -c dnf install -y httpd && dnf clean all`                     | `RUN dnf install -y httpd && dnf clean all`
            # kaniko
            `RUN apt-get update`                                                   | `RUN apt-get update`
            `COPY . /app`                                                          | `COPY . /app`
            `ENTRYPOINT ["/app/run"]`                                              | `ENTRYPOINT ["/app/run"]`
            # Windows
            `cmd /S /C #(nop)  CMD ["cmd"]`                                        | `CMD ["cmd"]`
            `cmd /S /C powershell -Command Install-Thing`                          | `RUN powershell -Command Install-Thing`
            # not Dockerfile steps
            `bazel build //app:image`                                              | `# bazel build //app:image`
            `umoci config --config.cmd sh`                                         | `# umoci config --config.cmd sh`
            `sh -ec apk add curl`                                                  | `RUN apk add curl`
            """)
    void cleansCreatedBy(String createdBy, String expected) {
        assertThat(BuildScript.clean(createdBy)).isEqualTo(expected);
    }

    @Test
    void emptyCreatedBy() {
        assertThat(BuildScript.clean(null)).isEqualTo("# (no command recorded)");
        assertThat(BuildScript.clean("  ")).isEqualTo("# (no command recorded)");
    }

    @Test
    void nonEmptyEntriesMapToLayersInOrder() {
        var history = List.of(
                new HistoryEntry("2024-01-01T00:00:00Z", "/bin/sh -c #(nop) ADD file:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa in / ", null, null, false),
                new HistoryEntry(null, "/bin/sh -c #(nop)  CMD [\"sh\"]", null, null, true),
                new HistoryEntry(null, "RUN /bin/sh -c echo hi > /x # buildkit", null, "buildkit.dockerfile.v0", false));
        var layers = layers(of(file("/a", 1500)), of(file("/x", 3)), of(file("/y", 1)));
        var steps = BuildScript.steps(history, layers);
        assertThat(steps).extracting(BuildStep::layer).containsExactly(0, null, 1, 2);
        assertThat(steps).extracting(BuildStep::layerSizeBytes).containsExactly(1500L, null, 3L, 1L);
        assertThat(steps.get(1).emptyLayer()).isTrue();
        assertThat(BuildScript.text(steps)).isEqualTo("""
                # layer 0, 1.5 kB, 2024-01-01T00:00:00Z
                ADD file:aaaaaaaaaaaa /
                # no layer
                CMD ["sh"]
                # layer 1, 3 B
                RUN echo hi > /x # buildkit
                # layer 2, 1 B
                # (no history entry for this layer)
                """);
    }

    /** dive's fixture: 15 history entries, one empty, 14 layers. */
    @Test
    void diveTestImageHistory() throws Exception {
        var loaded = TestArchives.load(Requirements.realworld("dive/test-docker-image.tar"), ContentCapture.NONE);
        var steps = BuildScript.steps(loaded.image().config().history(), loaded.layers());
        assertThat(steps).hasSize(15);
        assertThat(steps.get(0).instruction()).startsWith("ADD file:").endsWith(" /");
        assertThat(steps.get(1).instruction()).isEqualTo("CMD [\"sh\"]");
        assertThat(steps.get(1).layer()).isNull();
        assertThat(steps.get(14).layer()).isEqualTo(13);
        assertThat(steps).extracting(BuildStep::instruction).anyMatch(s -> s.startsWith("RUN "));
    }
}
