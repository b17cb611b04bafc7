package dev.jdx.image.source.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdx.fixtures.DemoImage;
import dev.jdx.fixtures.RealPodman;
import dev.jdx.fixtures.Requirements;
import dev.jdx.image.Image;
import dev.jdx.image.Verification;
import dev.jdx.image.source.ImageSelection;
import dev.jdx.image.source.ImageSource;
import dev.jdx.image.source.ImageSources;
import dev.jdx.image.source.SourceOptions;
import java.io.IOException;
import java.nio.file.Files;
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
 * Images read from a real {@code podman system service} (vfs, started for this class) through its Docker-compatible
 * API equal the same images read from their archives. Podman's {@code images/{name}/get} writes the
 * containers/image (skopeo) docker-archive layout, so this covers the second layout end to end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PodmanDaemonSourceTest {
    private RealPodman podman;
    private Path work;
    private Path demo;
    private Path dive;
    private Endpoint endpoint;

    @BeforeAll
    void start() throws IOException {
        dive = Requirements.realworld("dive/test-docker-image.tar");
        podman = RealPodman.start();
        work = Files.createTempDirectory("jdx-podman-test");
        endpoint = Endpoint.unix(DaemonKind.PODMAN, podman.socket(), "test");
        demo = work.resolve("demo.tar");
        DemoImage.write(demo);
        podman.load(demo);
        podman.load(dive);
    }

    @AfterAll
    void stop() throws IOException {
        if (podman != null) podman.close();
        if (work != null) {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    Stream<Arguments> images() {
        return Stream.of(Arguments.of("jdx-demo/app:1.0", demo), Arguments.of("dive-test:latest", dive));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void daemonImageEqualsArchiveImage(String name, Path archive) throws IOException {
        Path spool;
        try (DaemonSource d = DaemonSource.open(endpoint, name); ImageSource a = ImageSources.open(archive.toString())) {
            spool = d.spoolFile();
            // containers/image's layout: <diff_id>.tar files (not dockerd's <v1 id>/layer.tar directories)
            List<String> members = Analyses.members(spool);
            assertThat(Analyses.anyMatch(members, "[0-9a-f]{64}\\.tar")).as("members %s", members).isTrue();
            assertThat(members).contains("manifest.json");

            Image fromDaemon = d.resolve(ImageSelection.defaults());
            Image fromArchive = a.resolve(new ImageSelection(name, null, Verification.strict()));
            assertThat(fromDaemon.reference()).isEqualTo("podman:" + name);
            assertThat(fromDaemon.source()).isEqualTo("podman");
            assertThat(fromDaemon.repoTags()).anySatisfy(t -> assertThat(t).endsWith(name)); // podman adds localhost/
            Analyses.assertSameAnalysis(fromDaemon, fromArchive);
        }
        assertThat(spool).as("spooled archive deleted on close").doesNotExist();
    }

    @Test
    void anImageThePodmanDaemonDoesNotHaveOffersTheRegistry() {
        assertThatThrownBy(() -> DaemonSource.open(endpoint, "no-such-image:1"))
                .isInstanceOf(DaemonImageNotFoundException.class)
                .hasMessage("no-such-image:1: not found in the local podman daemon; use --source registry or docker://no-such-image:1");
    }

    @Test
    void aBareReferenceFallsFromAnAbsentDockerToPodman() throws IOException {
        List<String> notices = new ArrayList<>();
        Map<String, String> env = Map.of("DOCKER_HOST", "unix://" + work.resolve("no-docker.sock"), "CONTAINER_HOST", "unix://" + podman.socket());
        SourceOptions o = SourceOptions.filesOnly().withDaemon(new DaemonOpener(new EndpointDiscovery(env, work, true))).withNotice(notices::add);
        try (ImageSource src = ImageSources.open("jdx-demo/app:1.0", o)) {
            assertThat(src.kind()).isEqualTo("podman");
        }
        assertThat(notices).containsExactly("reading jdx-demo/app:1.0 from the podman daemon at unix://" + podman.socket());
    }
}
