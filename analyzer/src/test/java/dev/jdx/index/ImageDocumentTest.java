package dev.jdx.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdx.image.Descriptor;
import dev.jdx.image.Digest;
import dev.jdx.image.Image;
import dev.jdx.image.ImageConfig;
import dev.jdx.image.Layer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageDocumentTest {
    static Layer layer(int index, Digest blob, Digest diffId) {
        return new Layer() {
            public int index() {
                return index;
            }

            public Descriptor descriptor() {
                return new Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", blob, 1234 + index);
            }

            public Digest diffId() {
                return diffId;
            }

            public InputStream open() {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void fromAnImage() throws Exception {
        Digest d0 = Digest.sha256("d0"), d1 = Digest.sha256("d1");
        String json = """
                {"architecture":"arm64","os":"linux","variant":"v8","created":"2024-05-01T00:00:00Z",
                 "config":{"User":"app","ExposedPorts":{"8080/tcp":{}},"Env":["PATH=/bin"],"Labels":{"a":"b"}},
                 "rootfs":{"type":"layers","diff_ids":["%s","%s"]},
                 "history":[{"created_by":"ADD rootfs.tar /"},{"created_by":"ENV X=1","empty_layer":true},
                            {"created_by":"RUN make"}]}""".formatted(d0, d1);
        byte[] raw = json.getBytes(StandardCharsets.UTF_8);
        ImageConfig cfg = ImageConfig.parse(raw, "test");
        Image img = new Image("oci-archive:app.tar", "oci-archive", List.of("app:1", "app:latest"), Digest.sha256("m"),
                null, new Descriptor("application/vnd.oci.image.config.v1+json", Digest.sha256(raw), raw.length), cfg,
                cfg.platform(), List.of(layer(0, Digest.sha256("b0"), d0), layer(1, Digest.sha256("b1"), d1)), Map.of());
        ImageDocument doc = ImageDocument.of(img);
        assertThat(doc.key()).isEqualTo(Digest.sha256(raw).toString());
        // the image's own names first: listings show the first ref
        assertThat(doc.refs()).containsExactly("app:1", "app:latest", "oci-archive:app.tar");
        assertThat(doc.platform()).isEqualTo("linux/arm64/v8");
        assertThat(doc.user()).isEqualTo("app");
        assertThat(doc.runsAsRoot()).isFalse();
        assertThat(doc.exposedPorts()).containsExactly("8080/tcp");
        assertThat(doc.labels()).containsEntry("a", "b");
        // the empty_layer history entry is skipped, so created_by lines up with the layers
        assertThat(doc.layers()).extracting(ImageDocument.LayerInfo::createdBy).containsExactly("ADD rootfs.tar /", "RUN make");
        assertThat(doc.layers()).extracting(ImageDocument.LayerInfo::storedSize).containsExactly(1234L, 1235L);
        assertThat(doc.chainIds()).containsExactly(d0, Digest.sha256(d0 + " " + d1));
        assertThat(doc.withOs("debian").withBaseImage("debian:12").withPackages(List.of("openssl=3.0.11")))
                .extracting(ImageDocument::os, ImageDocument::baseImage, ImageDocument::packages)
                .containsExactly("debian", "debian:12", List.of("openssl=3.0.11"));
    }

    @ParameterizedTest
    @CsvSource(value = {"NULL, true", "'', true", "0, true", "root, true", "0:0, true", "root:wheel, true",
            "1000, false", "app:app, false", "nobody, false", "0:1000, true"}, nullValues = "NULL")
    void runsAsRoot(String user, boolean root) {
        ImageDocument d = new ImageDocument(Digest.sha256("x"), null, List.of(), null, null, null, Map.of(), List.of(),
                List.of(), user, List.of(), List.of(), null);
        assertThat(d.runsAsRoot()).isEqualTo(root);
    }
}
