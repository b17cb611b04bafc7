package dev.jdx.cli;

import dev.jdx.fixtures.ImageBuilder;
import dev.jdx.fixtures.LayerBuilder;
import dev.jdx.fixtures.LayerCompression;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Random images over a small set of paths, so that layers collide in every way the union filesystem allows and
 * some it does not: a file replaced by a directory and back, whiteouts of files, directories, missing and
 * whited-out paths, opaque markers under files, hardlinks to missing or deleted targets, symlink loops, devices,
 * setuid files, duplicate content, paths of 150 bytes, names with spaces, non-ASCII and markup.
 */
final class RandomLayers {
    private static final String[] NAMES = {
            "a", "b", "c", "lib", "bin", "etc", "app", "x y", "ü", "<b>", "d.tar.gz", ".hidden", "id_rsa", "passwd",
            "n".repeat(150),
    };

    /** What the generator may write besides files, directories, links and whiteouts. */
    record Options(boolean devices, boolean hostileLastEntry) {}

    private RandomLayers() {}

    static String randomPath(Random rnd) {
        int depth = 1 + rnd.nextInt(3);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < depth; i++) parts.add(NAMES[rnd.nextInt(i == 0 ? 8 : NAMES.length)]);
        return String.join("/", parts);
    }

    /** An image of 1 to 4 random layers (each gzip, zstd or uncompressed); {@code layers[0]} receives the count. */
    static ImageBuilder image(Random rnd, Options o, int[] layers) {
        ImageBuilder b = ImageBuilder.image();
        layers[0] = 1 + rnd.nextInt(4);
        for (int i = 0; i < layers[0]; i++) {
            b.layer(layer(rnd, o.devices(), o.hostileLastEntry() && i == layers[0] - 1),
                    LayerCompression.values()[rnd.nextInt(3)], "RUN step " + i);
        }
        return b;
    }

    static LayerBuilder layer(Random rnd, boolean devices, boolean hostile) {
        LayerBuilder l = LayerBuilder.layer();
        int n = 1 + rnd.nextInt(14);
        for (int i = 0; i < n; i++) {
            String p = randomPath(rnd);
            switch (rnd.nextInt(12)) {
                case 0, 1, 2 -> l.file(p, 1 + rnd.nextInt(3000), rnd.nextInt(4)); // few seeds: duplicate content
                case 3 -> l.file(p, new byte[0]);
                case 4 -> l.dir(p);
                case 5 -> l.symlink(p, rnd.nextBoolean() ? randomPath(rnd) : rnd.nextBoolean() ? "/" + randomPath(rnd) : p);
                case 6 -> l.hardlink(p, randomPath(rnd));
                case 7 -> l.whiteout(p);
                case 8 -> l.opaque(p);
                case 9 -> l.file(p, "x".getBytes(StandardCharsets.UTF_8), 04755, 0, 0);
                case 10 -> {
                    if (!devices || rnd.nextBoolean()) l.fifo(p);
                    else l.chardev(p, 1, 3);
                }
                default -> l.file(p, ("PASSWORD=hunter2\n-----BEGIN RSA PRIVATE KEY-----\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        if (hostile) {
            String name = switch (rnd.nextInt(3)) {
                case 0 -> "../escape";
                case 1 -> "/etc/abs";
                default -> "a/../../up";
            };
            l.raw(name, TarConstants.LF_NORMAL, "x".getBytes(StandardCharsets.UTF_8), null);
        }
        return l;
    }
}
