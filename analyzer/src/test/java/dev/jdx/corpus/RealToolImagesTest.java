package dev.jdx.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdx.fixtures.ImageBuilder;
import dev.jdx.fixtures.LayerBuilder;
import dev.jdx.fixtures.LayerCompression;
import dev.jdx.fixtures.RealToolImages;
import dev.jdx.fixtures.Requirements;
import dev.jdx.fs.EntryType;
import dev.jdx.fs.FileEntry;
import dev.jdx.fs.FileTree;
import dev.jdx.fs.LayerContents;
import dev.jdx.fs.LayerScanner;
import dev.jdx.fs.LayerStack;
import dev.jdx.fs.ScanOptions;
import dev.jdx.fs.ScanResult;
import dev.jdx.image.Digest;
import dev.jdx.image.Image;
import dev.jdx.image.Layer;
import dev.jdx.image.Verification;
import dev.jdx.image.source.ImageSelection;
import dev.jdx.image.source.ImageSource;
import dev.jdx.image.source.ImageSources;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Images written by real tools (umoci, buildah, skopeo), read by jdx and checked against GNU tar and what was built. */
@Timeout(600)
class RealToolImagesTest {

    record Read(Image image, ScanResult scan, LayerStack stack) {}

    static Read read(String spec, Path tmp) throws Exception {
        try (ImageSource src = ImageSources.open(spec)) {
            Image img = src.resolve(new ImageSelection(null, null, Verification.strict()));
            ScanResult scan = new LayerScanner(ScanOptions.defaults()).scan(img, Verification.strict());
            for (Layer layer : img.layers()) {
                Path blob = tmp.resolve("blob-" + layer.index());
                try (InputStream in = layer.open()) {
                    Files.copy(in, blob, StandardCopyOption.REPLACE_EXISTING);
                }
                GnuTar.Listing tar = GnuTar.list(blob);
                LayerContents lc = scan.layers().get(layer.index());
                assertThat(lc.entries()).as("%s layer %d", spec, layer.index()).hasSize(tar.entries());
                assertThat(lc.entries().stream().filter(e -> e.type() == EntryType.FILE).mapToLong(FileEntry::size).sum())
                        .isEqualTo(tar.bytes());
                Files.delete(blob);
            }
            return new Read(img, scan, LayerStack.build(scan.layers()));
        }
    }

    @Test
    void umociImageWithDeletesOverwritesAndChmod(@TempDir Path tmp) throws Exception {
        Path layout = RealToolImages.umociImage(tmp);
        Read r = read("oci:" + layout + ":app", tmp);
        assertThat(r.image().layers()).hasSize(3);
        FileTree fin = r.stack().finalTree();
        assertThat(fin.contains("/app/remove-me")).isFalse();
        assertThat(fin.contains("/app/data.link")).isFalse();
        assertThat(fin.get("/app/data.bin").layer()).isEqualTo(2);
        assertThat(fin.get("/app/run.sh").entry().mode() & 0777).isEqualTo(0755);
        assertThat(fin.get("/bin/sh").entry().type()).isEqualTo(EntryType.SYMLINK);
        List<FileEntry> top = r.scan().layers().get(2).entries();
        assertThat(top).anyMatch(e -> e.type() == EntryType.WHITEOUT && e.path().equals("/app/remove-me"));
        // the overwritten 64 KiB copy in layer 1 is shadowed by layer 2
        List<FileEntry> app = r.scan().layers().get(1).entries();
        int idx = -1;
        for (int i = 0; i < app.size(); i++) if (app.get(i).path().equals("/app/data.bin")) idx = i;
        assertThat(r.stack().shadowedBy(1, idx)).isEqualTo(2);
        assertThat(app.get(idx).sha256()).isNotEqualTo(fin.get("/app/data.bin").entry().sha256());
        var cfg = r.image().config().config();
        assertThat(cfg.user()).isEqualTo("1000:1000");
        assertThat(cfg.entrypoint()).containsExactly("/app/run.sh");
        assertThat(cfg.exposedPorts()).containsExactly("8080/tcp");
        assertThat(r.image().config().history()).extracting(h -> h.createdBy())
                .containsExactly("ADD busybox rootfs", "COPY app /app", "RUN rm /app/remove-me && regenerate data.bin && chmod +x run.sh",
                        "umoci config");
    }

    @Test
    void skopeoConversionsOfTheUmociImageReadTheSame(@TempDir Path tmp) throws Exception {
        String skopeo = Requirements.tool("skopeo").toString();
        Path layout = RealToolImages.umociImage(tmp);
        Read oci = read("oci:" + layout + ":app", tmp);
        Path dockerArchive = tmp.resolve("docker.tar");
        Path ociZstd = tmp.resolve("zstd-oci");
        RealToolImages.run(tmp, skopeo, "copy", "-q", "oci:" + layout + ":app", "docker-archive:" + dockerArchive + ":app:1");
        RealToolImages.run(tmp, skopeo, "copy", "-q", "--dest-compress-format", "zstd", "oci:" + layout + ":app", "oci:" + ociZstd + ":z");
        for (String spec : List.of(dockerArchive.toString(), "oci:" + ociZstd + ":z")) {
            Read other = read(spec, tmp);
            assertThat(other.scan().layers()).extracting(LayerContents::diffId)
                    .containsExactlyElementsOf(oci.scan().layers().stream().map(LayerContents::diffId).toList());
            assertThat(other.stack().finalTree().entries()).isEqualTo(oci.stack().finalTree().entries());
        }
        assertThat(read("oci:" + ociZstd + ":z", tmp).scan().layers().get(0).compression().label()).isEqualTo("zstd");
    }

    @Test
    void buildahMultiStageBuildWithHistory(@TempDir Path tmp) throws Exception {
        Path busybox = Requirements.which("busybox");
        Requirements.require(busybox != null, "busybox (Debian busybox-static) is not installed");
        Requirements.tool("buildah");
        LayerBuilder rootfs = LayerBuilder.layer().dir("bin").dir("etc").dir("tmp", 01777)
                .file("bin/busybox", Files.readAllBytes(busybox), 0755);
        for (String t : List.of("sh", "mkdir", "cp", "chmod", "echo", "rm", "cat", "ls")) rootfs.symlink("bin/" + t, "busybox");
        rootfs.file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
        Path base = tmp.resolve("base.tar");
        ImageBuilder.image().layer(rootfs, LayerCompression.NONE, "ADD busybox /").cmd("sh").writeDockerArchive(base, "jdx-base:1");

        Path built = RealToolImages.buildahImage(tmp, base);
        Read r = read(built.toString(), tmp);
        FileTree fin = r.stack().finalTree();
        assertThat(fin.contains("/usr/local/bin/app.sh")).isTrue();
        assertThat(fin.contains("/etc/build-info")).isTrue();
        assertThat(fin.contains("/src/main.sh")).as("the build stage's files stay in the build stage").isFalse();
        assertThat(fin.get("/bin/busybox").entry().sha256()).isEqualTo(Digest.sha256(Files.readAllBytes(busybox)).hex());
        var cfg = r.image().config();
        assertThat(cfg.config().user()).isEqualTo("1000");
        assertThat(cfg.config().exposedPorts()).contains("8080/tcp");
        assertThat(cfg.config().env()).contains("GREETING=hello");
        assertThat(cfg.history()).extracting(h -> h.createdBy() == null ? "" : h.createdBy())
                .anyMatch(s -> s.contains("echo \"built\" > /etc/build-info"))
                .anyMatch(s -> s.contains("COPY") && s.contains("/usr/local/bin/app.sh"));
        assertThat(r.image().layers().size()).isGreaterThanOrEqualTo(2);
    }
}
