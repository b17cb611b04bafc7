package dev.jdx.image.source.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jdx.image.Digest;
import dev.jdx.image.Image;
import dev.jdx.image.source.ImageSelection;
import dev.jdx.image.source.ImageSource;
import dev.jdx.image.source.ImageSources;
import dev.jdx.image.source.SourceSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An image in a local Docker or Podman daemon, read through the Engine API. {@code images/{name}/get} streams a
 * docker-archive whose {@code manifest.json} comes last (dockerd) or whose layers must be found by name, so the
 * stream is spooled to a temporary file and read by the docker-archive reader; nothing is held in memory. The temp
 * file is deleted on {@link #close()}, by a shutdown hook on Ctrl-C, and by {@code deleteOnExit} as a last resort.
 *
 * <p>The image is reported as the daemon's: reference {@code docker-daemon:app:1.0} (or {@code podman:...}), source
 * kind {@code docker-daemon} / {@code podman}, repo tags as the daemon lists them.
 */
public final class DaemonSource implements ImageSource {
    private final Endpoint endpoint;
    private final String name;
    private final String reference;
    private final Digest expectedId;
    private final List<String> repoTags;
    private final Path spool;
    private final Thread cleanup;
    private final ImageSource archive;

    private DaemonSource(Endpoint endpoint, String name, Digest expectedId, List<String> repoTags, Path spool, Thread cleanup,
                         ImageSource archive) {
        this.endpoint = endpoint;
        this.name = name;
        this.reference = endpoint.kind().scheme() + ":" + name;
        this.expectedId = expectedId;
        this.repoTags = repoTags;
        this.spool = spool;
        this.cleanup = cleanup;
        this.archive = archive;
    }

    /**
     * Connects to {@code endpoint}, checks that it has image {@code name}, and spools the image to a temp file.
     *
     * @throws DaemonUnavailableException   when the daemon cannot be reached (not running, permission denied)
     * @throws DaemonImageNotFoundException when it does not have the image
     * @throws DaemonApiException           when it answers with an error or speaks an unsupported API version
     */
    public static DaemonSource open(Endpoint endpoint, String name) throws IOException {
        EngineClient client = new EngineClient(endpoint);
        client.negotiate();
        JsonNode info = client.inspect(name);
        Digest id = null;
        String idText = info.path("Id").asText("");
        try {
            if (!idText.isEmpty()) id = Digest.parse(idText.contains(":") ? idText : "sha256:" + idText);
        } catch (IllegalArgumentException e) {
            id = null; // an unusual id format only loses the consistency check
        }
        List<String> tags = new ArrayList<>();
        for (JsonNode t : info.path("RepoTags")) {
            if (t.isTextual() && !t.asText().equals("<none>:<none>")) tags.add(t.asText());
        }
        Path spool = Files.createTempFile("jdx-daemon-", ".tar");
        spool.toFile().deleteOnExit();
        Thread hook = new Thread(() -> deleteQuietly(spool), "jdx-daemon-spool-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        ImageSource archive = null;
        try {
            try (InputStream in = client.save(name); OutputStream out = Files.newOutputStream(spool)) {
                in.transferTo(out);
            } catch (DaemonApiException | DaemonUnavailableException | DaemonImageNotFoundException e) {
                throw e;
            } catch (IOException e) {
                throw new DaemonApiException("reading image " + name + " from the " + endpoint.kind().display() + " daemon at "
                        + endpoint.host() + ": " + e.getMessage(), e);
            }
            archive = ImageSources.open(new SourceSpec(SourceSpec.DOCKER_ARCHIVE, spool, null, spool.toString()));
            return new DaemonSource(endpoint, name, id, List.copyOf(tags), spool, hook, archive);
        } catch (IOException | RuntimeException e) {
            if (archive != null) archive.close();
            removeHook(hook);
            deleteQuietly(spool);
            throw e;
        }
    }

    @Override
    public Image resolve(ImageSelection selection) throws IOException {
        // the export holds exactly the one image asked for; --image has nothing to choose between
        Image img = archive.resolve(new ImageSelection(null, selection.platform(), selection.verification()));
        if (expectedId != null && !expectedId.equals(img.id())) {
            throw new DaemonApiException(reference + ": the " + endpoint.kind().display() + " daemon exported image " + img.id()
                    + " but reported " + expectedId + " (was the tag moved while reading?)");
        }
        return new Image(reference, endpoint.kind().scheme(), repoTags.isEmpty() ? img.repoTags() : repoTags,
                img.manifestDigest(), img.manifestMediaType(), img.configDescriptor(), img.config(), img.platform(),
                img.layers(), img.annotations());
    }

    @Override
    public String kind() {
        return endpoint.kind().scheme();
    }

    /** The endpoint read from. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** The temporary docker-archive the image was spooled to (deleted on close). */
    Path spoolFile() {
        return spool;
    }

    @Override
    public void close() throws IOException {
        try {
            archive.close();
        } finally {
            removeHook(cleanup);
            deleteQuietly(spool);
        }
    }

    @Override
    public String toString() {
        return "the " + endpoint.kind().display() + " daemon at " + endpoint.host();
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook itself deletes the file
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // deleteOnExit remains as the last resort
        }
    }
}
