package dev.jdx.image.source.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdx.fixtures.DemoImage;
import dev.jdx.fixtures.RealDockerd;
import dev.jdx.fixtures.Requirements;
import dev.jdx.image.Image;
import dev.jdx.image.source.ImageSelection;
import dev.jdx.image.source.ImageSource;
import dev.jdx.image.source.ImageSources;
import dev.jdx.image.source.SourceOptions;
import dev.jdx.image.source.SourceUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Images read from a real dockerd 20.10 (vfs, started for this class) through the Engine API equal the same images
 * read from their archives: the project's demo image, dive's real-world test image, and one built here with
 * {@code docker build}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerDaemonSourceTest {
    private RealDockerd dockerd;
    private Path work;
    private Path demo;
    private Path dive;
    private Path built;
    private Endpoint endpoint;

    @BeforeAll
    void start() throws IOException {
        dive = Requirements.realworld("dive/test-docker-image.tar");
        dockerd = RealDockerd.start();
        work = Files.createTempDirectory("jdx-dockerd-test");
        endpoint = Endpoint.unix(DaemonKind.DOCKER, dockerd.socket(), "test");
        demo = work.resolve("demo.tar");
        DemoImage.write(demo);
        dockerd.load(demo);
        dockerd.load(dive);
        Path ctx = Files.createDirectories(work.resolve("ctx"));
        Files.writeString(ctx.resolve("hello.txt"), "hello from the jdx daemon test\n");
        Files.writeString(ctx.resolve("Dockerfile"), """
                FROM dive-test:latest
                COPY hello.txt /app/hello.txt
                RUN echo built > /built.txt && rm -f /app/hello.txt && mkdir -p /var/cache/x && echo c > /var/cache/x/y
                ENV JDX_BUILT=1
                LABEL org.example.built=yes
                """);
        dockerd.build(ctx, "jdx-built:1");
        built = work.resolve("built.tar");
        dockerd.cli("save", "-o", built.toString(), "jdx-built:1");
    }

    @AfterAll
    void stop() throws IOException {
        if (dockerd != null) dockerd.close();
        if (work != null) {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    Stream<Arguments> images() {
        return Stream.of(Arguments.of("jdx-demo/app:1.0", demo), Arguments.of("dive-test:latest", dive),
                Arguments.of("jdx-built:1", built));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void daemonImageEqualsArchiveImage(String name, Path archive) throws IOException {
        Path spool;
        try (DaemonSource d = DaemonSource.open(endpoint, name); ImageSource a = ImageSources.open(archive.toString())) {
            spool = d.spoolFile();
            assertThat(spool).exists();
            // dockerd 20.10's own layout: <v1 id>/layer.tar as regular files, manifest.json, repositories
            List<String> members = Analyses.members(spool);
            assertThat(Analyses.anyMatch(members, "[0-9a-f]{64}/layer\\.tar")).as("members %s", members).isTrue();
            assertThat(members).contains("manifest.json").noneMatch(m -> m.endsWith("layer.tar@"));

            Image fromDaemon = d.resolve(ImageSelection.defaults());
            Image fromArchive = a.resolve(new ImageSelection(name, null, dev.jdx.image.Verification.strict()));
            assertThat(fromDaemon.reference()).isEqualTo("docker-daemon:" + name);
            assertThat(fromDaemon.source()).isEqualTo("docker-daemon");
            assertThat(fromDaemon.repoTags()).contains(name);
            assertThat(d.kind()).isEqualTo("docker-daemon");
            Analyses.assertSameAnalysis(fromDaemon, fromArchive);
        }
        assertThat(spool).as("spooled archive deleted on close").doesNotExist();
    }

    @Test
    void theBuiltImageCarriesTheDockerfileSteps() throws IOException {
        try (DaemonSource d = DaemonSource.open(endpoint, "jdx-built:1")) {
            Image img = d.resolve(ImageSelection.defaults());
            assertThat(img.config().history()).anySatisfy(h -> assertThat(h.createdBy()).contains("echo built > /built.txt"));
            assertThat(img.config().config().env()).contains("JDX_BUILT=1");
            Image base;
            try (DaemonSource b = DaemonSource.open(endpoint, "dive-test:latest")) {
                base = b.resolve(ImageSelection.defaults());
            }
            assertThat(img.layers()).hasSize(base.layers().size() + 2);
            assertThat(img.config().diffIds()).startsWith(base.config().diffIds().toArray(dev.jdx.image.Digest[]::new));
        }
    }

    @Test
    void anImageTheDaemonDoesNotHaveOffersTheRegistry() {
        assertThatThrownBy(() -> DaemonSource.open(endpoint, "no-such-image:1"))
                .isInstanceOf(DaemonImageNotFoundException.class)
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessage("no-such-image:1: not found in the local docker daemon; use --source registry or docker://no-such-image:1");
    }

    @Test
    void aDaemonErrorCarriesItsMessage() {
        // dockerd refuses a malformed reference with a 400 and its own JSON message
        assertThatThrownBy(() -> DaemonSource.open(endpoint, "Bad_Name:1"))
                .isInstanceOf(DaemonApiException.class)
                .hasMessageContaining("docker daemon at unix://" + dockerd.socket() + " returned an error: GET /v1.41/images/Bad_Name:1/json: 400")
                .hasMessageContaining("invalid reference format");
    }

    @Test
    void theApiVersionIsNegotiatedWithTheDaemon() throws IOException {
        EngineClient c = new EngineClient(endpoint);
        assertThat(c.negotiate()).hasToString("1.41"); // dockerd 20.10 speaks 1.41 < jdx's 1.43
    }

    private SourceOptions options(List<String> notices, Path podmanSocket) {
        Map<String, String> env = Map.of("DOCKER_HOST", "unix://" + dockerd.socket(), "CONTAINER_HOST", "unix://" + podmanSocket);
        return SourceOptions.filesOnly().withDaemon(new DaemonOpener(new EndpointDiscovery(env, work, true))).withNotice(notices::add);
    }

    @Test
    void aBareReferenceIsReadFromTheDaemonAndSaysSo() throws IOException {
        List<String> notices = new ArrayList<>();
        try (ImageSource src = ImageSources.open("jdx-demo/app:1.0", options(notices, work.resolve("no-podman.sock")))) {
            assertThat(src.kind()).isEqualTo("docker-daemon");
            assertThat(src.resolve(ImageSelection.defaults()).reference()).isEqualTo("docker-daemon:jdx-demo/app:1.0");
        }
        assertThat(notices).containsExactly("reading jdx-demo/app:1.0 from the docker daemon at unix://" + dockerd.socket());
    }

    @Test
    void explicitPrefixesAndForcedSources() throws IOException {
        List<String> notices = new ArrayList<>();
        SourceOptions o = options(notices, work.resolve("no-podman.sock"));
        try (ImageSource src = ImageSources.open("docker-daemon:dive-test:latest", o)) {
            assertThat(src.resolve(ImageSelection.defaults()).reference()).isEqualTo("docker-daemon:dive-test:latest");
        }
        // --source archive: a bare reference is only a path
        assertThatThrownBy(() -> ImageSources.open("jdx-demo/app:1.0", o.withForce(SourceOptions.Force.ARCHIVE)))
                .isInstanceOf(NoSuchFileException.class);
        // --source daemon: a path is not an image name
        assertThatThrownBy(() -> ImageSources.open(demo.toString(), o.withForce(SourceOptions.Force.DAEMON)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not an image reference");
        try (ImageSource src = ImageSources.open("jdx-demo/app:1.0", o.withForce(SourceOptions.Force.DAEMON))) {
            assertThat(src.kind()).isEqualTo("docker-daemon");
        }
        assertThatThrownBy(() -> ImageSources.open("podman:jdx-demo/app:1.0", o))
                .isInstanceOf(DaemonUnavailableException.class).hasMessageStartingWith("podman daemon not running: no socket at ");
        assertThatThrownBy(() -> ImageSources.open("docker-daemon:x", o.withForce(SourceOptions.Force.REGISTRY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contradicts");
        // an existing file is still a file
        try (ImageSource src = ImageSources.open(demo.toString(), o)) {
            assertThat(src.kind()).isEqualTo("docker-archive");
        }
    }

    @Test
    void aBareReferenceNoDaemonHasFallsToTheRegistryOpener() throws IOException {
        List<String> notices = new ArrayList<>();
        SourceOptions o = options(notices, work.resolve("no-podman.sock"));
        assertThatThrownBy(() -> ImageSources.open("not-here:2", o))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageStartingWith("not-here:2: no such file, and no local daemon has image not-here:2 (docker: not-here:2: not found");
        // the registry opener is pluggable; here it serves the demo archive so that the fallback order is observable
        List<String> asked = new ArrayList<>();
        SourceOptions withRegistry = o.withRegistry((scheme, ref) -> {
            asked.add(scheme + " " + ref);
            return ImageSources.open(demo.toString());
        });
        try (ImageSource src = ImageSources.open("not-here:2", withRegistry)) {
            assertThat(src.kind()).isEqualTo("docker-archive");
        }
        try (ImageSource src = ImageSources.open("docker://jdx-demo/app:1.0", withRegistry)) {
            assertThat(src.kind()).isEqualTo("docker-archive"); // docker:// never asks the daemon
        }
        assertThat(asked).containsExactly("null not-here:2", "docker jdx-demo/app:1.0");
        assertThat(notices).containsExactly("reading not-here:2 from the registry", "reading jdx-demo/app:1.0 from the registry");
    }
}
