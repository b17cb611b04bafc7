package dev.jdx.cli;

import dev.jdx.check.image.ImageFacts;
import dev.jdx.fs.LayerScanner;
import dev.jdx.fs.LayerStack;
import dev.jdx.fs.ScanOptions;
import dev.jdx.fs.ScanResult;
import dev.jdx.image.Image;
import dev.jdx.image.Platform;
import dev.jdx.image.Verification;
import dev.jdx.image.source.ImageSelection;
import dev.jdx.image.source.ImageSource;
import dev.jdx.image.source.ImageSources;
import dev.jdx.report.JsonReportWriter;
import dev.jdx.report.Report;
import dev.jdx.report.ReportBuilder;
import dev.jdx.report.TextReportWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jdx inspect SOURCE}: read an image, scan every layer once, and report. */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Read an image, scan every layer once and report what is in it.",
                "SOURCE is a path (format detected from content) or docker-archive:PATH, oci-archive:PATH, oci:DIR,",
                "optionally followed by :NAME to pick one image (app.tar:app:1.0, oci:dir:1.0)."})
final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "The image to inspect.")
    String source;

    @Option(names = "--image", paramLabel = "NAME", description = "Pick one image of a multi-image archive or layout (tag or ref name).")
    String image;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
            description = "Platform to pick from a multi-platform index (default linux/amd64, else the only one).")
    String platform;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the full analysis as JSON ('-' for stdout).")
    String json;

    @Option(names = "--json-files", description = "Include every layer's file list in the JSON.")
    boolean jsonFiles;

    @Option(names = "--no-verify", description = "Digest mismatches (config, layer blobs, diff_ids) are warnings, not errors.")
    boolean noVerify;

    @Option(names = "--no-hash", description = "Do not compute the sha256 of every file (faster).")
    boolean noHash;

    @Option(names = "--threads", paramLabel = "N", description = "Layers read at once (default: one per core).")
    Integer threads;

    @Option(names = {"-q", "--quiet"}, description = "No progress and no terminal summary.")
    boolean quiet;

    @CommandLine.Mixin
    GateOptions gate = new GateOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Platform wanted = null;
        if (platform != null) {
            try {
                wanted = Platform.parse(platform);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--platform: " + e.getMessage());
            }
        }
        if (threads != null && threads < 1) throw new UsageException("--threads must be at least 1");
        gate.prepare();
        Verification verification = noVerify ? Verification.warnOnly() : Verification.strict();
        PrintStream stdout = System.out;
        PrintWriter out = spec.commandLine().getOut();
        try (ImageSource src = ImageSources.open(source)) {
            Image img = src.resolve(new ImageSelection(image, wanted, verification));
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
            LayerStack stack = LayerStack.build(scan.layers());
            GateOptions.Outcome gated = gate.apply(
                    new ReportBuilder(VersionProvider.version(), jsonFiles).build(img, stack, verification.warnings()), img, scan, stack);
            Report report = gated.report();
            if (json != null) ReportFiles.write(json, stdout, o -> new JsonReportWriter().write(report, o));
            boolean jsonOnStdout = "-".equals(json) || gate.reportOnStdout();
            if (!quiet && !jsonOnStdout) new TextReportWriter().write(report, out);
            else if (!verification.warnings().isEmpty()) {
                for (String w : verification.warnings()) spec.commandLine().getErr().println("jdx: warning: " + w);
            }
            return gate.finish(gated, stdout, out, spec.commandLine().getErr(), quiet, "-".equals(json));
        }
    }
}
