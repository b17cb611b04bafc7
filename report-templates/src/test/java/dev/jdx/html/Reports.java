package dev.jdx.html;

import dev.jdx.fixtures.DemoImage;
import dev.jdx.fixtures.ImageBuilder;
import dev.jdx.fixtures.LayerBuilder;
import dev.jdx.fixtures.LayerCompression;
import dev.jdx.fs.ChangeKind;
import dev.jdx.fs.EntryType;
import dev.jdx.fs.FileEntry;
import dev.jdx.fs.LayerContents;
import dev.jdx.fs.LayerScanner;
import dev.jdx.fs.LayerStack;
import dev.jdx.fs.ScanOptions;
import dev.jdx.image.Compression;
import dev.jdx.image.Digest;
import dev.jdx.image.Image;
import dev.jdx.image.Verification;
import dev.jdx.image.source.ImageSelection;
import dev.jdx.image.source.ImageSource;
import dev.jdx.image.source.ImageSources;
import dev.jdx.report.Report;
import dev.jdx.report.ReportBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test reports: real images written by the fixtures' image writer and read by the real scanner, plus a synthetic huge one. */
final class Reports {
    private Reports() {}

    /** A scanned image: the report and the stack it came from. */
    record Scanned(Report report, LayerStack stack) {
        HtmlView view() {
            return HtmlViewBuilder.build(report, stack);
        }
    }

    /** A file name and a label value that would run script if they reached the page unescaped. */
    static final String HOSTILE_NAME = "<img src=x onerror=window.__pwned=1>";
    static final String HOSTILE_LABEL = "</script><script>window.__pwned2=1</script>";
    static final String HOSTILE_ENV = "EVIL=<svg onload=window.__pwned3=1>\u2028&amp;";

    static Scanned demo(Path dir) throws IOException {
        Path tar = dir.resolve("demo.tar");
        DemoImage.write(tar);
        return scan(tar);
    }

    static Scanned hostile(Path dir) throws IOException {
        Path tar = dir.resolve("hostile.tar");
        ImageBuilder.image()
                .layer(LayerBuilder.layer().dir("etc").dir("srv")
                        .file("srv/" + HOSTILE_NAME, "boom\n")
                        .file("srv/\"quoted\" & 'apos'.txt", "q\n")
                        .symlink("srv/link", "</script><b>bold</b>")
                        .file("etc/line\u2028sep", "x\n"), LayerCompression.GZIP,
                        "RUN echo '</script><script>window.__pwned4=1</script>' > /x")
                .layer(LayerBuilder.layer().dir("srv").whiteout("srv/" + HOSTILE_NAME), LayerCompression.NONE, "RUN rm /srv/*")
                .label("evil", HOSTILE_LABEL)
                .label("</td><td>", "x")
                .env(HOSTILE_ENV)
                .user("<u>root</u>")
                .cmd("sh", "-c", "echo </script>")
                .writeDockerArchive(tar, "evil/<img>:1");
        return scan(tar);
    }

    /** Tars without directory entries (as ko or Bazel write them); a later layer deletes /var/cache/apt's files. */
    static Scanned emptied(Path dir) throws IOException {
        Path tar = dir.resolve("emptied.tar");
        ImageBuilder.image()
                .layer(LayerBuilder.layer().file("var/cache/apt/a.bin", "a\n").file("var/cache/apt/b.bin", "b\n").file("etc/keep", "k\n"),
                        LayerCompression.NONE, "RUN apt-get update")
                .layer(LayerBuilder.layer().whiteout("var/cache/apt/a.bin").whiteout("var/cache/apt/b.bin"), LayerCompression.NONE,
                        "RUN rm /var/cache/apt/*")
                .writeDockerArchive(tar, "emptied:1");
        return scan(tar);
    }

    static Scanned scan(Path archive) throws IOException {
        try (ImageSource src = ImageSources.open(archive.toString())) {
            Image img = src.resolve(new ImageSelection(null, null, Verification.strict()));
            var scan = new LayerScanner(ScanOptions.defaults()).scan(img, Verification.strict());
            LayerStack stack = LayerStack.build(scan.layers());
            return new Scanned(new ReportBuilder("test", false).build(img, stack, List.of()), stack);
        }
    }

    static Path render(HtmlView view, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            new HtmlReportRenderer().render(view, out);
        }
        return file;
    }

    /**
     * The analysis sections filled with what the analysis would say about the demo image (lodash.js overwritten,
     * apt lists and the npm cache deleted a layer later, a secret-looking env name), so every optional template
     * runs; {@code hostile} puts markup into the free-text fields.
     */
    static HtmlView withSections(HtmlView v, boolean hostile) {
        String evil = hostile ? " " + HOSTILE_LABEL : "";
        return v.withFacts(new ImageFacts("Debian GNU/Linux 12 (bookworm)", "debian:12" + evil, "from /etc/os-release"))
                .withEfficiency(new EfficiencyView(0.712, 111_000, 132_000, 386_000))
                .withWaste(new WasteView(List.of(
                        new WasteView.WastedPath("/root/.npm/_cacache/content-v2/sha512/9a/0b/lodash.tgz", 30_000, 1, 2, 3, "deleted by a later layer"),
                        new WasteView.WastedPath("/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease" + evil, 28_000, 1, 2, 3, "deleted by a later layer"),
                        new WasteView.WastedPath("/app/node_modules/lodash/lodash.js", 40_000, 2, 1, 2, "overwritten")),
                        List.of(new WasteView.DuplicateGroup("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 21_000,
                                List.of("/usr/local/bin/healthcheck", "/app/bin/healthcheck" + evil)))))
                .withFindings(new FindingsView(List.of(
                        new FindingsView.Finding("JDX-SEC-001", "high", "Environment variable API_TOKEN looks like a secret" + evil, "config.Env", "Pass secrets at run time (docker run -e or a secret mount), not in the image."),
                        new FindingsView.Finding("JDX-IMG-004", "warning", "Files deleted in a later layer still ship in the image (58 kB)", "layer 3", "Delete them in the RUN that created them."),
                        new FindingsView.Finding("JDX-IMG-010", "info", "Healthcheck defined", null, null),
                        new FindingsView.Finding("JDX-SEC-003", "high", "setuid binary /usr/bin/passwd", "/usr/bin/passwd", "Remove the setuid bit unless needed."))))
                .withBuild(new BuildView(List.of(
                        new BuildView.Step(0, "ADD file:6b5cc2a4 in /", 130_000, 0),
                        new BuildView.Step(1, "CMD [\"bash\"]", 0, null),
                        new BuildView.Step(2, "COPY . /app", 45_000, 1),
                        new BuildView.Step(3, "RUN apt-get update && npm install --omit=dev" + evil, 132_000, 2)),
                        "FROM debian:12\nWORKDIR /app\nCOPY . /app\nRUN apt-get update && npm install --omit=dev\nUSER node\nENTRYPOINT [\"/app/bin/start.sh\"]\nCMD [\"--port\", \"8080\"]" + evil,
                        "docker run --rm -p 8080:8080 -p 9090:9090/udp -v /data -u node -e NODE_ENV=production jdx-demo/app:1.0 --port 8080" + evil))
                .withPackages(new PackagesView(List.of(
                        new PackagesView.Package("deb", "base-files", "12.4+deb12u5", 0, "/var/lib/dpkg/status"),
                        new PackagesView.Package("deb", "libc6", "2.36-9+deb12u4", 0, "/var/lib/dpkg/status"),
                        new PackagesView.Package("npm", "lodash" + evil, "4.17.21", 2, "/app/node_modules/lodash/package.json"))))
                .withGate(new GateView(false, "jdx-policy.yaml", List.of("efficiency 71.2 % is below 90 %", "1 high finding" + evil)));
    }

    /**
     * A synthetic image of {@code files} entries over {@code layers} layers, scanned into LayerContents in memory:
     * a deep-ish tree (/usr/lib/pkgNNN/sub/fileNNNN) with one huge directory, later layers modifying and
     * deleting some of what earlier ones wrote.
     */
    static Scanned huge(int files, int layers) {
        List<LayerContents> contents = new ArrayList<>();
        int perLayer = files / layers;
        int n = 0;
        for (int l = 0; l < layers; l++) {
            List<FileEntry> es = new ArrayList<>(perLayer + 64);
            es.add(dir("/usr"));
            es.add(dir("/usr/lib"));
            for (int i = 0; i < perLayer; i++, n++) {
                String path;
                if (l == 0 && i < 20_000) {
                    path = "/var/cache/huge/item-" + i + ".bin"; // one directory with 20,000 children
                } else if (l > 0 && i % 50 == 0) {
                    path = "/usr/lib/pkg" + (i % 400) + "/sub" + (i % 7) + "/file" + i + ".so"; // rewrites a file of layer 0
                } else {
                    path = "/usr/lib/pkg" + (n % 400) + "/sub" + (n % 7) + "/file" + n + ".so";
                }
                es.add(new FileEntry(path, EntryType.FILE, 0644, 0, 0, 1000L + (n * 37L) % 90_000, 1_700_000_000L, null, null));
            }
            if (l > 0) es.add(new FileEntry("/var/cache/huge/item-" + l + ".bin", EntryType.WHITEOUT, 0, 0, 0, 0, 0, null, null));
            contents.add(new LayerContents(l, es, Compression.GZIP, 1000L * es.size(), 2000L * es.size(), Digest.sha256("layer" + l)));
        }
        LayerStack stack = LayerStack.build(contents);
        List<Report.LayerInfo> infos = new ArrayList<>();
        long total = 0;
        for (int l = 0; l < layers; l++) {
            LayerContents lc = stack.layers().get(l);
            int[] k = new int[3];
            for (int i = 0; i < lc.entries().size(); i++) k[stack.kind(l, i).ordinal()]++;
            total += lc.entryBytes();
            infos.add(new Report.LayerInfo(l, "sha256:" + lc.diffId().hex(), lc.diffId().toString(), "application/vnd.oci.image.layer.v1.tar+gzip",
                    "gzip", lc.storedBytes(), lc.tarBytes(), lc.entryBytes(), lc.fileCount(), k[ChangeKind.ADDED.ordinal()],
                    k[ChangeKind.MODIFIED.ordinal()], k[ChangeKind.REMOVED.ordinal()], "RUN make install-part-" + l, null, null, null));
        }
        Report.ImageInfo info = new Report.ImageInfo("example.invalid/huge:1", "synthetic", List.of("example.invalid/huge:1"),
                null, "sha256:" + Digest.sha256("huge").hex(), null, "linux/amd64", "2024-01-01T00:00:00Z", null,
                new Report.ConfigInfo("app", List.of("PATH=/usr/bin"), null, List.of("/usr/bin/app"), "/", List.of(), List.of(),
                        Map.of(), null, null, null, null), 1000L * files, 2000L * files, total, stack.finalTree().fileCount(), layers);
        return new Scanned(new Report(Report.SCHEMA_VERSION, new Report.Tool("jdx", "test"), info, infos, List.of(), List.of()), stack);
    }

    private static FileEntry dir(String path) {
        return new FileEntry(path, EntryType.DIR, 0755, 0, 0, 0, 1_700_000_000L, null, null);
    }
}
