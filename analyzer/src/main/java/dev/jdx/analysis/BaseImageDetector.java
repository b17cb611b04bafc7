package dev.jdx.analysis;

import dev.jdx.analysis.BaseImageGuess.Confidence;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Guesses the base image: an index match when one is given, else the OCI base-image annotations or labels, else
 * the history's shape. A Dockerfile's base stage usually ends with an empty-layer {@code CMD} or
 * {@code ENTRYPOINT} (alpine: ADD + CMD; debian: ADD + CMD; ubuntu: ARG, LABEL, ADD, CMD) followed by the
 * child's own steps; the last such step that still has layers after it closes the nearest base. The layer count
 * of the base is the number of layers produced up to that step.
 */
final class BaseImageDetector {
    static final String BASE_NAME = "org.opencontainers.image.base.name";
    static final String BASE_DIGEST = "org.opencontainers.image.base.digest";

    private BaseImageDetector() {}

    static BaseImageGuess detect(Map<String, String> annotations, Map<String, String> labels, List<BuildStep> steps,
                                 int layerCount, OsInfo os, Optional<BaseImageHint> hint) {
        Boundary b = boundary(steps, layerCount);
        if (hint.isPresent()) {
            BaseImageHint h = hint.get();
            return new BaseImageGuess(h.name(), h.digest(), Math.min(h.layers(), layerCount), "index", Confidence.HIGH,
                    h.name() + " (" + plural(h.layers()) + ", matched layer by layer)");
        }
        for (var source : List.of(Map.entry("annotation", annotations), Map.entry("label", labels))) {
            Map<String, String> m = source.getValue() == null ? Map.of() : source.getValue();
            String name = blankToNull(m.get(BASE_NAME)), digest = blankToNull(m.get(BASE_DIGEST));
            if (name == null && digest == null) continue;
            int layers = b == null ? 0 : b.layers;
            String what = name != null ? name : digest;
            return new BaseImageGuess(name, digest, layers, source.getKey(), Confidence.HIGH,
                    what + " (from the " + source.getKey() + " " + (name != null ? BASE_NAME : BASE_DIGEST) + ")"
                            + (b == null ? "" : ", " + plural(layers) + " up to step " + b.step));
        }
        String osText = osText(os);
        if (b != null) {
            return new BaseImageGuess(null, null, b.layers, "history", Confidence.MEDIUM,
                    (osText == null ? "base" : osText + " base") + " (" + plural(b.layers) + ") ending at step " + b.step
                            + ": " + b.instruction);
        }
        if (layerCount > 1 && !steps.isEmpty() && isRootfsAdd(steps.get(0).instruction()) && steps.get(0).layer() != null) {
            return new BaseImageGuess(null, null, 1, "first-layer", Confidence.LOW,
                    (osText == null ? "base" : osText + " base") + " (1 layer): the first layer adds a root filesystem");
        }
        return new BaseImageGuess(null, null, 0, "none", Confidence.LOW,
                "no base image can be told apart" + (osText == null ? "" : " (OS: " + osText + ")"));
    }

    private record Boundary(int step, int layers, String instruction) {}

    private static Boundary boundary(List<BuildStep> steps, int layerCount) {
        Boundary found = null;
        int layersSoFar = 0;
        for (int i = 0; i < steps.size(); i++) {
            BuildStep s = steps.get(i);
            if (s.layer() != null) layersSoFar = s.layer() + 1;
            String ins = s.instruction() == null ? "" : s.instruction();
            if ((ins.startsWith("CMD") || ins.startsWith("ENTRYPOINT")) && layersSoFar > 0 && layersSoFar < layerCount
                    && hasLayerAfter(steps, i)) {
                found = new Boundary(i, layersSoFar, ins);
            }
        }
        return found;
    }

    private static boolean hasLayerAfter(List<BuildStep> steps, int i) {
        for (int j = i + 1; j < steps.size(); j++) if (steps.get(j).layer() != null) return true;
        return false;
    }

    private static boolean isRootfsAdd(String ins) {
        return ins != null && ins.startsWith("ADD ") && (ins.endsWith(" /") || ins.endsWith(" / # buildkit"));
    }

    private static String osText(OsInfo os) {
        if (os == null || os.id() == null) return null;
        return os.versionId() == null ? os.id() : os.id() + " " + os.versionId();
    }

    private static String plural(int layers) {
        return layers == 1 ? "1 layer" : layers + " layers";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
