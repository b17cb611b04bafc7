package dev.jdx.image.source.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jdx.fs.LayerScanner;
import dev.jdx.fs.LayerStack;
import dev.jdx.fs.ScanOptions;
import dev.jdx.fs.ScanResult;
import dev.jdx.image.Image;
import dev.jdx.image.Verification;
import dev.jdx.report.JsonReportWriter;
import dev.jdx.report.Report;
import dev.jdx.report.ReportBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/** The full JSON analysis of an image, and its comparison between a daemon read and an archive read. */
final class Analyses {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Image fields that name where the image came from, not what it is; a daemon re-export may also change stored sizes. */
    private static final List<String> IMAGE_PROVENANCE = List.of("ref", "source", "repoTags", "sizeCompressed");
    /** Layer fields of the stored blob, which a daemon re-exports uncompressed; diffId and contents must not change. */
    private static final List<String> LAYER_STORAGE = List.of("digest", "mediaType", "compression", "sizeCompressed");

    private Analyses() {}

    /** The report JSON (with every layer's file list) of {@code img}, scanned with strict verification. */
    static ObjectNode report(Image img) throws IOException {
        Verification v = Verification.strict();
        ScanResult scan = new LayerScanner(ScanOptions.defaults()).scan(img, v);
        Report r = new ReportBuilder("test", true).build(img, LayerStack.build(scan.layers()), v.warnings());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JsonReportWriter().write(r, out);
        return (ObjectNode) MAPPER.readTree(out.toByteArray());
    }

    /** {@code report} without the fields that legitimately differ between a daemon read and an archive read. */
    static ObjectNode comparable(ObjectNode report) {
        ObjectNode c = report.deepCopy();
        ObjectNode image = (ObjectNode) c.get("image");
        IMAGE_PROVENANCE.forEach(image::remove);
        for (JsonNode l : c.path("layers")) LAYER_STORAGE.forEach(((ObjectNode) l)::remove);
        return c;
    }

    /** Asserts that two images are the same image with the same analysis. */
    static void assertSameAnalysis(Image fromDaemon, Image fromArchive) throws IOException {
        assertThat(fromDaemon.id()).as("config digest (image id)").isEqualTo(fromArchive.id());
        assertThat(fromDaemon.config().diffIds()).as("diff_ids").isEqualTo(fromArchive.config().diffIds());
        ObjectNode d = report(fromDaemon);
        ObjectNode a = report(fromArchive);
        assertThat(d.path("layers").size()).isEqualTo(a.path("layers").size()).isPositive();
        for (int i = 0; i < a.path("layers").size(); i++) {
            assertThat(d.path("layers").get(i).path("files")).as("files of layer %d", i).isEqualTo(a.path("layers").get(i).path("files"));
        }
        assertThat(comparable(d)).isEqualTo(comparable(a));
    }

    /** Names of the members of a tar file, with a trailing {@code @} for symlinks. */
    static List<String> members(Path tar) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarFile t = new TarFile(tar.toFile())) {
            for (TarArchiveEntry e : t.getEntries()) names.add(e.getName() + (e.isSymbolicLink() ? "@" : ""));
        }
        return names;
    }

    static boolean anyMatch(List<String> names, String regex) {
        Pattern p = Pattern.compile(regex);
        return names.stream().anyMatch(n -> p.matcher(n).matches());
    }
}
