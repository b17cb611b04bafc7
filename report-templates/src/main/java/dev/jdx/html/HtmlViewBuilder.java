package dev.jdx.html;

import dev.jdx.fs.LayerStack;
import dev.jdx.report.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link HtmlView} from the {@link Report} and the layer stack it was made from. The per-layer file
 * lists come from the stack, so the HTML never depends on the JSON report carrying files. The analysis sections
 * are left empty; callers add them with {@code HtmlView.with…}.
 */
public final class HtmlViewBuilder {
    /** Chart geometry in SVG user units: label column, bar area, row pitch. */
    static final int CHART_WIDTH = 720, LABEL_WIDTH = 90, BAR_AREA = 520, ROW = 24, BAR = 16;

    private HtmlViewBuilder() {}

    public static HtmlView build(Report report, LayerStack stack) {
        Report.ImageInfo img = report.image();
        HtmlView.Overview overview = new HtmlView.Overview(img.ref(), img.repoTags(), img.source(), img.digest(), img.id(),
                img.mediaType(), img.platform(), img.created(), img.author(), img.sizeCompressed(), img.sizeUncompressed(),
                img.contentSize(), img.fileCount(), img.layerCount(), report.tool().version());
        List<HtmlView.LayerRow> layers = new ArrayList<>();
        for (Report.LayerInfo l : report.layers()) {
            layers.add(new HtmlView.LayerRow(l.index(), l.digest(), l.diffId(), l.compression(), l.sizeCompressed(), l.size(),
                    l.contentSize(), l.fileCount(), l.added(), l.modified(), l.removed(), l.createdBy(), l.created()));
        }
        List<HtmlView.HistoryRow> history = new ArrayList<>();
        for (Report.HistoryInfo h : report.history()) {
            history.add(new HtmlView.HistoryRow(h.index(), h.created(), h.createdBy(), h.comment(), h.emptyLayer(), h.layer()));
        }
        // a tag names the image better than the archive path the ref holds for archive sources
        String title = img.repoTags() != null && !img.repoTags().isEmpty() ? img.repoTags().getFirst()
                : img.ref() != null ? img.ref() : Format.shortDigest(img.id());
        return new HtmlView(title == null ? "image" : title, overview, layers, chart(layers), config(img.config()), history,
                report.warnings() == null ? List.of() : report.warnings(), TreeData.of(stack),
                null, null, null, null, null, null, null);
    }

    static HtmlView.LayerChart chart(List<HtmlView.LayerRow> layers) {
        long max = 1;
        for (HtmlView.LayerRow l : layers) max = Math.max(max, l.contentSize());
        List<HtmlView.Bar> bars = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            HtmlView.LayerRow l = layers.get(i);
            int y = 4 + i * ROW;
            // a non-empty layer always gets a visible sliver, however small next to the largest
            int w = l.contentSize() == 0 ? 0 : (int) Math.max(2, Math.round((double) l.contentSize() / max * BAR_AREA));
            bars.add(new HtmlView.Bar(l.index(), LABEL_WIDTH, y, w, BAR, y + BAR - 3, "Layer " + l.index(), l.sizeHuman()));
        }
        return new HtmlView.LayerChart(CHART_WIDTH, Math.max(ROW, 8 + layers.size() * ROW), bars);
    }

    static HtmlView.ConfigView config(Report.ConfigInfo c) {
        if (c == null) return null;
        List<HtmlView.Pair> labels = new ArrayList<>();
        if (c.labels() != null) {
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(c.labels()).entrySet()) {
                labels.add(new HtmlView.Pair(e.getKey(), e.getValue()));
            }
        }
        String hc = null;
        if (c.healthcheck() != null) {
            Report.HealthcheckInfo h = c.healthcheck();
            StringBuilder sb = new StringBuilder(h.test() == null ? "" : String.join(" ", h.test()));
            if (h.intervalSeconds() != null) sb.append(" · interval ").append(h.intervalSeconds()).append(" s");
            if (h.timeoutSeconds() != null) sb.append(" · timeout ").append(h.timeoutSeconds()).append(" s");
            if (h.startPeriodSeconds() != null) sb.append(" · start period ").append(h.startPeriodSeconds()).append(" s");
            if (h.retries() != null) sb.append(" · retries ").append(h.retries());
            hc = sb.toString();
        }
        return new HtmlView.ConfigView(c.user(), c.workingDir(), Format.argv(c.entrypoint()), Format.argv(c.cmd()),
                env(c.env()), labels, orEmpty(c.exposedPorts()), orEmpty(c.volumes()), c.stopSignal(), hc,
                Format.argv(c.shell()), orEmpty(c.onBuild()));
    }

    private static List<HtmlView.Pair> env(List<String> env) {
        List<HtmlView.Pair> out = new ArrayList<>();
        if (env == null) return out;
        for (String e : env) {
            int eq = e.indexOf('=');
            out.add(eq < 0 ? new HtmlView.Pair(e, "") : new HtmlView.Pair(e.substring(0, eq), e.substring(eq + 1)));
        }
        return out;
    }

    private static <T> List<T> orEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }
}
