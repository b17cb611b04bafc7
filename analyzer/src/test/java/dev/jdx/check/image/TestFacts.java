package dev.jdx.check.image;

import dev.jdx.fixtures.ImageBuilder;
import dev.jdx.fs.LayerScanner;
import dev.jdx.fs.LayerStack;
import dev.jdx.fs.ScanOptions;
import dev.jdx.fs.ScanResult;
import dev.jdx.image.Image;
import dev.jdx.image.source.ImageSelection;
import dev.jdx.image.source.ImageSource;
import dev.jdx.image.source.ImageSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds an image with the fixture builder, writes it as a docker-archive and derives its facts as jdx inspect does. */
public final class TestFacts {
    private TestFacts() {}

    public static ImageFacts of(ImageBuilder b, Path dir) throws IOException {
        Path tar = Files.createTempFile(dir, "img", ".tar");
        b.writeDockerArchive(tar, "test/image:1");
        return of(tar);
    }

    public static ImageFacts of(Path archive) throws IOException {
        try (ImageSource src = ImageSources.open(archive.toString())) {
            Image img = src.resolve(ImageSelection.defaults());
            ScanResult scan = new LayerScanner(ScanOptions.defaults().withThreads(1).withCapture(ImageFacts.capture()))
                    .scan(img, ImageSelection.defaults().verification());
            return ImageFacts.of(img, scan, LayerStack.build(scan.layers()));
        }
    }
}
