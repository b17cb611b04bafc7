package dev.jdx.report;

import java.io.PrintWriter;
import java.util.List;

/** The terminal summary: identity, sizes and a layer table. Lines are kept within 120 columns. */
public final class TextReportWriter {
    private static final int CREATED_BY_WIDTH = 60;

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
        out.printf("%3s  %-12s  %9s  %9s  %6s  %s%n", "#", "DIGEST", "STORED", "SIZE", "FILES", "CREATED BY");
        for (Report.LayerInfo l : r.layers()) {
            String d = l.digest() != null ? l.digest() : l.diffId();
            String shortD = d == null ? "-" : d.substring(d.indexOf(':') + 1, Math.min(d.length(), d.indexOf(':') + 13));
            out.printf("%3d  %-12s  %9s  %9s  %6d  %s%n", l.index(), shortD, Sizes.human(l.sizeCompressed()),
                    Sizes.human(l.size()), l.fileCount(), shorten(l.createdBy()));
        }
        List<String> w = r.warnings();
        if (w != null && !w.isEmpty()) {
            out.println();
            for (String s : w) out.println("warning: " + s);
        }
        out.flush();
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
