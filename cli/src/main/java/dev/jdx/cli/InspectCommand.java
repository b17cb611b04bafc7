package dev.jdx.cli;

import dev.jdx.analysis.Analysis;
import dev.jdx.analysis.Analyzer;
import dev.jdx.analysis.BaseImageHint;
import dev.jdx.analysis.DiveFigures;
import dev.jdx.check.image.ImageFacts;
import dev.jdx.fs.LayerScanner;
import dev.jdx.fs.LayerStack;
import dev.jdx.fs.ScanOptions;
import dev.jdx.fs.ScanResult;
import dev.jdx.html.AnalysisSections;
import dev.jdx.html.HtmlReportRenderer;
import dev.jdx.html.HtmlView;
import dev.jdx.html.HtmlViewBuilder;
import dev.jdx.image.GzipDecoder;
import dev.jdx.image.Image;
import dev.jdx.image.Platform;
import dev.jdx.image.Verification;
import dev.jdx.image.source.ImageSelection;
import dev.jdx.image.source.ImageSource;
import dev.jdx.image.source.daemon.EndpointDiscovery;
import dev.jdx.index.FileIndex;
import dev.jdx.index.ImageDocument;
import dev.jdx.report.JsonReportWriter;
import dev.jdx.report.Report;
import dev.jdx.report.ReportBuilder;
import dev.jdx.report.TextReportWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jdx inspect SOURCE}: read an image, scan every layer once, and report. */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Read an image, scan every layer once and report what is in it.",
                "SOURCE is a path (format detected from content) or docker-archive:PATH, oci-archive:PATH, oci:DIR,",
                "optionally followed by :NAME to pick one image (app.tar:app:1.0, oci:dir:1.0);",
                "an image in a local daemon: docker-daemon:NAME[:TAG], podman:NAME[:TAG];",
                "or a registry reference [registry[:port]/]repository[:tag][@sha256:...] (docker://REF, registry:REF).",
                "A bare NAME[:TAG] that is not a path is read from a local daemon that has it, else from its registry."})
final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "The image to inspect.")
    String source;

    @Option(names = "--image", paramLabel = "NAME", description = "Pick one image of a multi-image archive or layout (tag or ref name).")
    String image;

    @CommandLine.Mixin
    RegistryOptions registry = new RegistryOptions();

    @Option(names = "--json", paramLabel = "FILE", description = "Write the full analysis as JSON ('-' for stdout).")
    String json;

    @Option(names = "--json-files", description = "Include every layer's file list in the JSON.")
    boolean jsonFiles;

    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML report ('-' for stdout); opens offline in any browser.")
    String html;

    @Option(names = "--no-verify", description = "Digest mismatches (config, layer blobs, diff_ids) are warnings, not errors.")
    boolean noVerify;

    @Option(names = "--no-hash", description = "Do not compute the sha256 of every file (faster).")
    boolean noHash;

    @Option(names = "--threads", paramLabel = "N", description = "Layers read at once (default: one per core).")
    Integer threads;

    @Option(names = "--source", paramLabel = "KIND",
            description = "Where SOURCE is read from: daemon, registry or archive (default: an existing path, else a local"
                    + " daemon that has the image, else the registry).")
    String sourceKind;

    /** Where local daemons are looked for; tests point it at the daemons they start. */
    EndpointDiscovery discovery = EndpointDiscovery.system();

    @Option(names = {"-q", "--quiet"}, description = "No progress and no terminal summary.")
    boolean quiet;

    @CommandLine.Mixin
    IndexingOptions indexing = new IndexingOptions();

    @CommandLine.Mixin
    GateOptions gate = new GateOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Platform wanted;
        try {
            wanted = registry.platform();
        } catch (IllegalArgumentException e) {
            throw new UsageException("--platform: " + e.getMessage());
        }
        if (threads != null && threads < 1) throw new UsageException("--threads must be at least 1");
        if ("-".equals(json) && "-".equals(html)) throw new UsageException("--json and --html cannot both write to stdout");
        long onStdout = java.util.stream.Stream.of(json, html, gate.sarif, gate.junit, gate.markdown).filter("-"::equals).count();
        if (onStdout > 1) throw new UsageException("only one of --json, --html, --sarif, --junit and --markdown can write to stdout ('-')");
        gate.prepare();
        Verification verification = noVerify ? Verification.warnOnly() : Verification.strict();
        PrintStream stdout = System.out;
        PrintWriter out = spec.commandLine().getOut();
        PhaseTimes times = new PhaseTimes(System.err);
        try (ImageSource src = Sources.open(source, sourceKind, discovery, registry, quiet ? null : spec.commandLine().getErr())) {
            Image img = src.resolve(new ImageSelection(image, wanted, verification));
            times.mark("resolve");
            // analysis files (OS, packages) and the content checks' candidates (keys, credentials) in one capture
            ScanOptions opts = ScanOptions.defaults().withHash(!noHash).withCapture(ImageFacts.capture());
            if (threads != null) opts = opts.withThreads(threads);
            Progress progress = null;
            if (Progress.enabled(quiet)) {
                progress = new Progress(System.err, img.layers().size(), img.compressedSize());
                opts = opts.withListener(progress);
            }
            ScanResult scan;
            try {
                scan = new LayerScanner(opts).scan(img, verification);
            } finally {
                if (progress != null) progress.finish();
            }
            times.mark("scan");
            times.note("gzip decoder: " + GzipDecoder.description());
            // dive's figures need only the layers: they are computed while the layers are stacked
            CompletableFuture<DiveFigures> dive = Analyzer.startDive(scan.layers());
            LayerStack stack = LayerStack.build(scan.layers());
            times.mark("stack");
            GateOptions.Outcome gated = analyseAndIndex(img, scan, stack, dive, times, analysis -> {
                GateOptions.Outcome o = gate.apply(new ReportBuilder(VersionProvider.version(), jsonFiles)
                        .build(img, stack, verification.warnings()).withAnalysis(analysis), img, scan, stack);
                times.mark("gate");
                return o;
            });
            Report report = gated.report();
            if (json != null) ReportFiles.write(json, stdout, o -> new JsonReportWriter().write(report, o));
            if (html != null) {
                HtmlView view = AnalysisSections.apply(HtmlViewBuilder.build(report, stack), report.analysis());
                ReportFiles.write(html, stdout, o -> new HtmlReportRenderer().render(view, o));
            }
            times.mark("reports");
            boolean jsonOnStdout = "-".equals(json) || "-".equals(html) || gate.reportOnStdout();
            if (!quiet && !jsonOnStdout) new TextReportWriter().write(report, out);
            else if (!verification.warnings().isEmpty()) {
                for (String w : verification.warnings()) spec.commandLine().getErr().println(Errors.line("warning: " + w));
            }
            int code = gate.finish(gated, stdout, out, spec.commandLine().getErr(), quiet, "-".equals(json) || "-".equals(html));
            times.mark("output");
            return code;
        }
    }

    /**
     * Analyses the image once, gates it ({@code gating}) and adds it to the index. The index is asked first for the
     * base image (the indexed image sharing the longest chain of bottom layers), which sets the analysis' base
     * boundary; the index then records that analysis' OS, base and packages. The file documents are written on
     * background threads from the start of the analysis, and the gate runs before waiting for them, so on two cores
     * neither the analysis nor the gate's checks wait for the indexing. The index is a convenience: when it cannot be
     * read or written (lock timeout, full disk) that is a warning and the analysis is still reported.
     */
    private GateOptions.Outcome analyseAndIndex(Image img, ScanResult scan, LayerStack stack,
                                                CompletableFuture<DiveFigures> dive, PhaseTimes times, Gating gating)
            throws IOException {
        if (!indexing.enabled()) {
            Analysis a = new Analyzer().analyze(img, stack, scan.captured(), Optional.empty(), dive);
            times.mark("analysis");
            return gating.apply(a);
        }
        PrintWriter err = spec.commandLine().getErr();
        ImageDocument doc = ImageDocument.of(img);
        Optional<BaseImageHint> hint = Optional.empty();
        GateOptions.Outcome gated = null;
        IOException gateFailure = null; // not the index's: thrown after the index is written
        try (FileIndex index = indexing.index().open(err)) {
            try {
                hint = index.baseImageOf(doc).map(m -> new BaseImageHint(
                        m.base().document().refs().isEmpty() ? m.base().key() : m.base().document().refs().get(0),
                        m.base().key(), m.sharedLayers()));
            } catch (dev.jdx.index.IndexSchemaException e) {
                // an index of an older jdx knows no base this one can read; writing this image rebuilds it
            } catch (IOException e) {
                IndexingOptions.warnNotIndexed(err, e);
            }
            times.mark("index-open");
            try (FileIndex.Indexing writing = index.start(doc, stack)) {
                Analysis analysis = new Analyzer().analyze(img, stack, scan.captured(), hint, dive);
                times.mark("analysis");
                try {
                    gated = gating.apply(analysis);
                } catch (IOException e) {
                    gateFailure = e;
                }
                writing.finish(doc.withOs(analysis.os() == null ? null : analysis.os().prettyName())
                        .withBaseImage(analysis.base() == null ? null : analysis.base().name())
                        .withPackages(analysis.packages().packages().stream().map(p -> p.name() + "@" + p.version()).toList()));
                times.mark("index");
            }
        } catch (IOException e) {
            IndexingOptions.warnNotIndexed(err, e);
        }
        if (gateFailure != null) throw gateFailure;
        if (gated != null) return gated;
        // the index could not be opened or written before the gate ran: analyse without it
        Analysis a = new Analyzer().analyze(img, stack, scan.captured(), hint, dive);
        return gating.apply(a);
    }

    /** What runs on the analysis: the gate, which builds the report. */
    @FunctionalInterface
    private interface Gating {
        GateOptions.Outcome apply(Analysis analysis) throws IOException;
    }
}
