package dev.jdx.image.source;

import dev.jdx.image.Descriptor;
import dev.jdx.image.Digest;
import dev.jdx.image.Image;
import dev.jdx.image.ImageConfig;
import dev.jdx.image.ImageFormatException;
import dev.jdx.image.Layer;
import dev.jdx.image.Platform;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The one place that turns "a config blob plus layer descriptors" into an {@link Image}, whatever the source:
 * verifies the config digest, parses it, aligns layers with {@code rootfs.diff_ids}, and checks the platform.
 */
final class ImageAssembler {
    private ImageAssembler() {}

    /** What a source found for one image, before the shared derivation. */
    record Found(String reference, String kind, String where, List<String> repoTags, Digest manifestDigest,
                 String manifestMediaType, Descriptor configDescriptor, byte[] configBytes, Platform descriptorPlatform,
                 List<Descriptor> layerDescriptors, List<BlobLayer.Opener> openers, Map<String, String> annotations) {}

    static Image assemble(Found f, ImageSelection sel) throws IOException {
        Descriptor cd = f.configDescriptor();
        Digest actual = new Digest(cd.digest().algorithm(), HexFormat.of().formatHex(cd.digest().newMessageDigest().digest(f.configBytes())));
        sel.verification().check("config of " + f.where(), cd.digest(), actual);
        ImageConfig config = ImageConfig.parse(f.configBytes(), f.where());
        int n = f.layerDescriptors().size();
        if (config.diffIds().size() != n) {
            throw new ImageFormatException(f.where() + ": manifest lists " + n + " layers but the config's rootfs.diff_ids has "
                    + config.diffIds().size());
        }
        // the config is authoritative; an index entry's platform only fills in for a config that names none
        Platform platform = config.os() != null || config.architecture() != null || f.descriptorPlatform() == null
                ? config.platform() : f.descriptorPlatform();
        if (sel.platform() != null && platform != null && !platform.satisfies(sel.platform())) {
            throw new SelectionException(f.where() + ": platform " + sel.platform() + " is not available; the image is " + platform);
        }
        List<Layer> layers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Descriptor d = f.layerDescriptors().get(i);
            Digest diffId = config.diffIds().get(i);
            Digest shown = d.digest() != null ? d.digest() : diffId;
            String what = "layer " + i + " (" + shown.algorithm() + ":" + shown.shortHex() + ") of " + f.where();
            layers.add(new BlobLayer(i, d, diffId, what, f.openers().get(i), sel.verification()));
        }
        return new Image(f.reference(), f.kind(), f.repoTags(), f.manifestDigest(), f.manifestMediaType(), cd, config,
                platform, layers, f.annotations());
    }
}
