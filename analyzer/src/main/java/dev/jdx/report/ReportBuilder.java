package dev.jdx.report;

import dev.jdx.fs.FileEntry;
import dev.jdx.fs.LayerContents;
import dev.jdx.fs.LayerStack;
import dev.jdx.image.HistoryEntry;
import dev.jdx.image.Image;
import dev.jdx.image.ImageConfig;
import dev.jdx.image.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns an image and its scanned layers into the {@link Report} view model. */
public final class ReportBuilder {
    private final String toolVersion;
    private final boolean includeFiles;

    public ReportBuilder(String toolVersion, boolean includeFiles) {
        this.toolVersion = toolVersion;
        this.includeFiles = includeFiles;
    }

    public Report build(Image image, LayerStack stack, List<String> warnings) {
        List<LayerContents> scanned = stack.layers();
        ImageConfig cfg = image.config();
        List<HistoryEntry> history = cfg == null ? List.of() : cfg.history();
        String[] createdBy = new String[scanned.size()];
        String[] created = new String[scanned.size()];
        String[] comment = new String[scanned.size()];
        List<Report.HistoryInfo> hist = new ArrayList<>();
        // History entries map to layers in order, skipping empty_layer ones (as docker history does).
        int next = 0;
        for (int h = 0; h < history.size(); h++) {
            HistoryEntry e = history.get(h);
            Integer layer = null;
            if (!e.emptyLayer() && next < scanned.size()) {
                layer = next;
                createdBy[next] = e.createdBy();
                created[next] = e.created();
                comment[next] = e.comment();
                next++;
            }
            hist.add(new Report.HistoryInfo(h, e.created(), e.createdBy(), e.author(), e.comment(), e.emptyLayer(), layer));
        }
        List<Report.LayerInfo> layers = new ArrayList<>();
        long uncompressed = 0, content = 0;
        for (int i = 0; i < scanned.size(); i++) {
            LayerContents lc = scanned.get(i);
            Layer l = image.layers().get(i);
            int added = 0, modified = 0, removed = 0;
            List<Report.FileInfo> files = includeFiles ? new ArrayList<>(lc.entries().size()) : null;
            for (int k = 0; k < lc.entries().size(); k++) {
                switch (stack.kind(i, k)) {
                    case ADDED -> added++;
                    case MODIFIED -> modified++;
                    case REMOVED -> removed++;
                }
                if (files != null) files.add(fileInfo(lc.entries().get(k), stack.kind(i, k).label(), stack.shadowedBy(i, k)));
            }
            uncompressed += lc.tarBytes();
            content += lc.entryBytes();
            layers.add(new Report.LayerInfo(i, str(l.descriptor().digest()), str(lc.diffId()),
                    l.descriptor().mediaType(), lc.compression().label(), lc.storedBytes(), lc.tarBytes(),
                    lc.entryBytes(), lc.fileCount(), added, modified, removed, createdBy[i], created[i], comment[i], files));
        }
        Report.ImageInfo info = new Report.ImageInfo(image.reference(), image.source(), image.repoTags(),
                str(image.manifestDigest()), image.configDescriptor() == null ? null : str(image.configDescriptor().digest()),
                image.manifestMediaType(), image.platform() == null ? null : image.platform().toString(),
                cfg == null ? null : cfg.created(), cfg == null ? null : cfg.author(), config(cfg),
                image.compressedSize(), uncompressed, content, stack.finalTree().fileCount(), scanned.size());
        return new Report(Report.SCHEMA_VERSION, new Report.Tool("jdx", toolVersion), info, layers, hist, List.copyOf(warnings));
    }

    /** @param shadowedBy the upper layer that replaces or removes the entry, or {@link LayerStack#NOT_SHADOWED} */
    static Report.FileInfo fileInfo(FileEntry e, String change, int shadowedBy) {
        boolean shadowed = shadowedBy != LayerStack.NOT_SHADOWED;
        return new Report.FileInfo(e.path(), e.type().name().toLowerCase(Locale.ROOT), String.format("%04o", e.mode()),
                e.uid(), e.gid(), e.size(), e.mtime(), e.linkTarget(), e.sha256(), change, shadowed, shadowed ? shadowedBy : null);
    }

    private static Report.ConfigInfo config(ImageConfig cfg) {
        if (cfg == null || cfg.config() == null) return null;
        ImageConfig.RuntimeConfig c = cfg.config();
        Report.HealthcheckInfo hc = null;
        if (c.healthcheck() != null) {
            ImageConfig.Healthcheck h = c.healthcheck();
            hc = new Report.HealthcheckInfo(h.test(), seconds(h.intervalNanos()), seconds(h.timeoutNanos()),
                    seconds(h.startPeriodNanos()), h.retries() == 0 ? null : h.retries());
        }
        return new Report.ConfigInfo(c.user(), c.env(), c.entrypoint(), c.cmd(), c.workingDir(), c.exposedPorts(),
                c.volumes(), c.labels(), c.stopSignal(), hc, c.onBuild(), c.shell());
    }

    private static Long seconds(long nanos) {
        return nanos == 0 ? null : nanos / 1_000_000_000L;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
