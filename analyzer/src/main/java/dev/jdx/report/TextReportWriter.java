package dev.jdx.report;

import java.io.PrintWriter;
import dev.jdx.analysis.Analysis;
import dev.jdx.analysis.DiveFigures;
import dev.jdx.analysis.Efficiency;
import dev.jdx.analysis.Sizes;
import dev.jdx.analysis.WastedPath;
import java.util.List;
import java.util.Locale;

/** The terminal summary: identity, sizes and a layer table. Lines are kept within 120 columns. */
public final class TextReportWriter {
    private static final int CREATED_BY_WIDTH = 50;

    public void write(Report r, PrintWriter out) {
        Report.ImageInfo i = r.image();
        row(out, "Image", i.ref() + "  (" + i.source() + ")");
        if (!i.repoTags().isEmpty()) row(out, "Tags", String.join(", ", i.repoTags()));
        if (i.digest() != null) row(out, "Digest", i.digest());
        if (i.id() != null) row(out, "Image ID", i.id());
        if (i.platform() != null) row(out, "Platform", i.platform());
        if (i.created() != null) row(out, "Created", i.created());
        row(out, "Size", Sizes.human(i.sizeCompressed()) + " compressed, " + Sizes.human(i.sizeUncompressed())
                + " uncompressed, " + i.fileCount() + " files in " + i.layerCount() + " layers");
        out.println();
        out.printf("%3s  %-12s  %9s  %9s  %6s  %-17s  %s%n", "#", "DIGEST", "STORED", "SIZE", "FILES", "+ADDED ~MOD -DEL",
                "CREATED BY");
        for (Report.LayerInfo l : r.layers()) {
            String d = l.digest() != null ? l.digest() : l.diffId();
            String shortD = d == null ? "-" : d.substring(d.indexOf(':') + 1, Math.min(d.length(), d.indexOf(':') + 13));
            String changes = "+" + l.added() + " ~" + l.modified() + " -" + l.removed();
            out.printf("%3d  %-12s  %9s  %9s  %6d  %-17s  %s%n", l.index(), shortD, Sizes.human(l.sizeCompressed()),
                    Sizes.human(l.size()), l.fileCount(), changes, shorten(l.createdBy()));
        }
        if (r.analysis() != null) writeAnalysis(r.analysis(), out);
        List<String> w = r.warnings();
        if (w != null && !w.isEmpty()) {
            out.println();
            for (String s : w) out.println("warning: " + s);
        }
        out.flush();
    }

    private static final int TOP = 5;

    /** The analysis as a few lines a person reads at a glance; the JSON and HTML reports have all of it. */
    private static void writeAnalysis(Analysis a, PrintWriter out) {
        out.println();
        if (a.os() != null && a.os().prettyName() != null) row(out, "OS", a.os().prettyName());
        if (a.base() != null && (a.base().name() != null || a.base().description() != null)) {
            String what = a.base().name() != null ? a.base().name() + " (" + a.base().layers() + " layer"
                    + (a.base().layers() == 1 ? ")" : "s)") : a.base().description();
            row(out, "Base image", what + "  [" + a.base().method() + ", "
                    + a.base().confidence().name().toLowerCase(Locale.ROOT) + " confidence]");
        }
        Efficiency e = a.efficiency();
        if (e != null) {
            row(out, "Waste", String.format(Locale.ROOT, "%s reclaimable of %s in layers (efficiency score %.3f); above the base: %s (%.1f %%)",
                    Sizes.human(e.reclaimableBytes()), Sizes.human(e.totalLayerBytes()), e.score(),
                    Sizes.human(e.userReclaimableBytes()), 100 * e.userReclaimableRatio()));
            if (e.duplicateBytes() > 0) row(out, "", Sizes.human(e.duplicateBytes()) + " in files whose content also exists at another path");
        }
        DiveFigures d = a.dive();
        if (d != null) {
            row(out, "dive", String.format(Locale.ROOT, "efficiency %.4f, wasted %s, user wasted %s", d.efficiency(),
                    Sizes.human(d.wastedBytes()), d.userWastedPercent() == null ? "n/a"
                            : String.format(Locale.ROOT, "%.1f %%", 100 * d.userWastedPercent())));
        }
        List<WastedPath> waste = a.topWaste();
        if (!waste.isEmpty()) {
            out.println("Top waste");
            for (WastedPath w : waste.subList(0, Math.min(TOP, waste.size()))) {
                out.printf("  %9s  %s  (layer %d, discarded by layer %d: %s)%n", Sizes.human(w.bytes()), w.path(),
                        w.writtenBy(), w.discardedBy(), w.reason().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            }
        }
        if (!a.largestFiles().isEmpty()) {
            out.println("Largest files");
            for (var f : a.largestFiles().subList(0, Math.min(TOP, a.largestFiles().size()))) {
                out.printf("  %9s  %s  (layer %d)%n", Sizes.human(f.sizeBytes()), f.path(), f.layer());
            }
        }
        if (a.packages() != null && !a.packages().packages().isEmpty()) {
            java.util.Map<String, Long> byType = new java.util.TreeMap<>();
            for (var p : a.packages().packages()) byType.merge(p.type(), 1L, Long::sum);
            StringBuilder sb = new StringBuilder();
            byType.forEach((t, n) -> sb.append(sb.isEmpty() ? "" : ", ").append(n).append(' ').append(t));
            row(out, "Packages", sb.toString());
        }
        if (a.run() != null && a.run().dockerRun() != null) row(out, "Run", a.run().dockerRun());
    }

    private static void row(PrintWriter out, String k, String v) {
        out.printf("%-10s %s%n", k, v);
    }

    /** created_by without the {@code /bin/sh -c #(nop)} noise, cut to one line of bounded width. */
    static String shorten(String createdBy) {
        if (createdBy == null) return "";
        String s = createdBy.replace('\n', ' ').replace('\t', ' ').trim();
        s = s.replaceFirst("^/bin/sh -c #\\(nop\\)\\s*", "").replaceFirst("^/bin/sh -c ", "RUN ");
        s = s.replaceAll("\\s+", " ");
        return s.length() <= CREATED_BY_WIDTH ? s : s.substring(0, CREATED_BY_WIDTH - 1) + "…";
    }
}
