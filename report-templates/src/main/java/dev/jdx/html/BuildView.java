package dev.jdx.html;

import java.util.List;

/**
 * The reconstructed build: one step per history entry with the bytes it added, the script as a Dockerfile, and
 * a {@code docker run} command reproducing the config.
 */
public record BuildView(List<Step> steps, String script, String runCommand) {
    public BuildView {
        steps = List.copyOf(steps);
    }

    /** One build step; {@code layer} is null for steps that made no layer. */
    public record Step(int index, String instruction, long size, Integer layer) {
        public String sizeHuman() {
            return layer == null ? "" : Format.bytes(size);
        }
    }
}
