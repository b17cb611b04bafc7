package dev.jdx.html;

import java.util.List;

/**
 * The HTML report's view model: everything the templates read, already formatted. The base sections come from the
 * {@link dev.jdx.report.Report} and the layer stack ({@link HtmlViewBuilder}); the analysis sections are optional
 * (null = not rendered) and are added with the {@code with…} methods.
 *
 * @param title      the page title (the image reference)
 * @param overview   the image at a glance
 * @param layers     one row per layer, bottom first
 * @param chart      the layer-size bar chart
 * @param config     the container defaults, or null when the image has no config
 * @param history    the build history, empty_layer entries included
 * @param warnings   what went wrong but did not stop the scan (verification warnings)
 * @param tree       the embedded file-tree data
 * @param facts      detected OS and base image, or null
 * @param efficiency efficiency and reclaimable bytes, or null
 * @param waste      reclaimable paths and duplicate groups, or null
 * @param findings   check findings, or null
 * @param build      reconstructed build script and run command, or null
 * @param packages   installed packages, or null
 * @param gate       the policy verdict, or null when no policy applied
 */
public record HtmlView(String title, Overview overview, List<LayerRow> layers, LayerChart chart, ConfigView config,
                       List<HistoryRow> history, List<String> warnings, TreeData tree, ImageFacts facts,
                       EfficiencyView efficiency, WasteView waste, FindingsView findings, BuildView build,
                       PackagesView packages, GateView gate) {

    public HtmlView {
        layers = List.copyOf(layers);
        history = List.copyOf(history);
        warnings = List.copyOf(warnings);
    }

    public HtmlView withFacts(ImageFacts v) {
        return new HtmlView(title, overview, layers, chart, config, history, warnings, tree, v, efficiency, waste, findings, build, packages, gate);
    }

    public HtmlView withEfficiency(EfficiencyView v) {
        return new HtmlView(title, overview, layers, chart, config, history, warnings, tree, facts, v, waste, findings, build, packages, gate);
    }

    public HtmlView withWaste(WasteView v) {
        return new HtmlView(title, overview, layers, chart, config, history, warnings, tree, facts, efficiency, v, findings, build, packages, gate);
    }

    public HtmlView withFindings(FindingsView v) {
        return new HtmlView(title, overview, layers, chart, config, history, warnings, tree, facts, efficiency, waste, v, build, packages, gate);
    }

    public HtmlView withBuild(BuildView v) {
        return new HtmlView(title, overview, layers, chart, config, history, warnings, tree, facts, efficiency, waste, findings, v, packages, gate);
    }

    public HtmlView withPackages(PackagesView v) {
        return new HtmlView(title, overview, layers, chart, config, history, warnings, tree, facts, efficiency, waste, findings, build, v, gate);
    }

    public HtmlView withGate(GateView v) {
        return new HtmlView(title, overview, layers, chart, config, history, warnings, tree, facts, efficiency, waste, findings, build, packages, v);
    }

    /** The image at a glance; sizes are bytes, with {@code *Human} twins for display. */
    public record Overview(String ref, List<String> repoTags, String source, String digest, String id, String mediaType,
                           String platform, String created, String author, long sizeCompressed, long sizeUncompressed,
                           long contentSize, int fileCount, int layerCount, String toolVersion) {
        public Overview {
            repoTags = repoTags == null ? List.of() : List.copyOf(repoTags);
        }

        public String sizeCompressedHuman() {
            return Format.bytes(sizeCompressed);
        }

        public String sizeUncompressedHuman() {
            return Format.bytes(sizeUncompressed);
        }

        public String contentSizeHuman() {
            return Format.bytes(contentSize);
        }
    }

    /** One layer: {@code createdBy} may be null (no history). */
    public record LayerRow(int index, String digest, String diffId, String compression, long sizeCompressed, long size,
                           long contentSize, int fileCount, int added, int modified, int removed, String createdBy,
                           String created) {
        public String sizeHuman() {
            return Format.bytes(contentSize);
        }

        public String sizeCompressedHuman() {
            return Format.bytes(sizeCompressed);
        }

        /** The blob digest, or the diff_id where the source names none (docker-archive layers). */
        public String displayDigest() {
            return digest != null ? digest : diffId;
        }

        public String shortDigest() {
            return Format.shortDigest(displayDigest());
        }
    }

    /**
     * The layer-size bar chart, laid out in SVG user units (viewBox {@code 0 0 width height}); bars are horizontal,
     * one per layer, proportional to the layer's content size.
     */
    public record LayerChart(int width, int height, List<Bar> bars) {
        public LayerChart {
            bars = List.copyOf(bars);
        }

        public String viewBox() {
            return "0 0 " + width + " " + height;
        }
    }

    /** One bar: geometry plus its label. */
    public record Bar(int layer, int x, int y, int width, int height, int labelY, String label, String sizeLabel) {}

    /** The container defaults, formatted: absent values are null or empty; env split at the first {@code =}. */
    public record ConfigView(String user, String workingDir, String entrypoint, String cmd, List<Pair> env,
                             List<Pair> labels, List<String> exposedPorts, List<String> volumes, String stopSignal,
                             String healthcheck, String shell, List<String> onBuild) {
        public ConfigView {
            env = List.copyOf(env);
            labels = List.copyOf(labels);
            exposedPorts = List.copyOf(exposedPorts);
            volumes = List.copyOf(volumes);
            onBuild = List.copyOf(onBuild);
        }
    }

    /** A key and its value. */
    public record Pair(String key, String value) {}

    /** One history entry; {@code layer} is null for empty_layer entries. */
    public record HistoryRow(int index, String created, String createdBy, String comment, boolean emptyLayer, Integer layer) {}
}
