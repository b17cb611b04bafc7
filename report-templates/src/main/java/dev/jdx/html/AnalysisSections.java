package dev.jdx.html;

import dev.jdx.analysis.Analysis;
import dev.jdx.analysis.BuildStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Maps the analysis of a report onto the optional sections of the HTML view. */
public final class AnalysisSections {
    private AnalysisSections() {}

    /** {@code view} with every section the analysis can fill; unchanged when there is no analysis. */
    public static HtmlView apply(HtmlView view, Analysis a) {
        if (a == null) return view;
        HtmlView v = view;
        String os = a.os() == null ? null : a.os().prettyName();
        String base = null, how = null;
        if (a.base() != null && (a.base().name() != null || a.base().description() != null)) {
            base = a.base().name() != null ? a.base().name() : a.base().description();
            how = a.base().method() + ", " + a.base().confidence().name().toLowerCase(Locale.ROOT) + " confidence"
                    + (a.base().name() != null && a.base().description() != null ? ": " + a.base().description() : "");
        }
        if (os != null || base != null) v = v.withFacts(new ImageFacts(os, base, how));
        if (a.efficiency() != null) {
            long wasted = a.dive() == null ? a.efficiency().reclaimableBytes() : a.dive().wastedBytes();
            v = v.withEfficiency(new EfficiencyView(a.efficiency().score(), wasted, a.efficiency().reclaimableBytes(),
                    a.efficiency().totalLayerBytes()));
        }
        List<WasteView.WastedPath> paths = new ArrayList<>();
        for (var w : a.topWaste()) {
            paths.add(new WasteView.WastedPath(w.path(), w.bytes(), 1, w.writtenBy(), w.discardedBy(),
                    w.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ')));
        }
        List<WasteView.DuplicateGroup> dups = new ArrayList<>();
        for (var d : a.duplicates()) dups.add(new WasteView.DuplicateGroup(d.sha256(), d.sizeBytes(), d.paths()));
        if (!paths.isEmpty() || !dups.isEmpty()) v = v.withWaste(new WasteView(paths, dups));
        List<BuildView.Step> steps = new ArrayList<>();
        for (BuildStep s : a.buildSteps()) {
            steps.add(new BuildView.Step(s.step(), s.instruction(), s.layerSizeBytes() == null ? 0 : s.layerSizeBytes(), s.layer()));
        }
        v = v.withBuild(new BuildView(steps, a.buildScript(), a.run() == null ? null : a.run().dockerRun()));
        if (a.packages() != null && !a.packages().packages().isEmpty()) {
            List<PackagesView.Package> pk = new ArrayList<>();
            for (var p : a.packages().packages()) pk.add(new PackagesView.Package(p.type(), p.name(), p.version(), p.layer(), p.location()));
            v = v.withPackages(new PackagesView(pk));
        }
        return v;
    }
}
