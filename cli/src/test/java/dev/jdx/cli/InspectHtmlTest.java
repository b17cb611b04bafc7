package dev.jdx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdx.fixtures.DemoImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jdx inspect --html}: the report file, stdout, errors and exit codes. */
class InspectHtmlTest {
    @TempDir
    static Path tmp;
    static Path demo;

    @BeforeAll
    static void image() throws IOException {
        demo = tmp.resolve("demo.tar");
        DemoImage.write(demo);
    }

    @Test
    void writesASelfContainedReportWithEveryLayersFiles() throws IOException {
        Path out = tmp.resolve("report.html");
        Jdx.Result r = Jdx.run("inspect", demo.toString(), "--html", out.toString(), "-q");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).isEmpty();
        Document d = Jsoup.parse(out.toFile());
        assertThat(d.title()).isEqualTo("jdx-demo/app:1.0 · jdx image report");
        // with the analysis wired in, its sections appear between the files and the config
        assertThat(d.select("main > section").eachAttr("id"))
                .containsExactly("overview", "layers", "files", "waste", "build", "config", "packages", "history");
        assertThat(d.select("#waste").text()).contains("/app/node_modules/lodash/lodash.js");
        assertThat(d.select("#build").text()).contains("docker run -p 8080:8080");
        assertThat(d.select("#layers tbody tr")).hasSize(5);
        assertThat(d.select("#tree-view option")).hasSize(6);
        // the file lists are there without --json-files
        assertThat(d.getElementById("jdx-tree").data()).contains("lodash.js", "InRelease");
        // written atomically: no temporary file is left beside it
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("demo.tar", "report.html");
        }
    }

    @Test
    void writesToStdoutWithoutTheTerminalSummary() {
        Jdx.Result r = Jdx.run("inspect", demo.toString(), "--html", "-");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        assertThat(Jsoup.parse(r.out()).select("#layers tbody tr")).hasSize(5);
    }

    @Test
    void jsonAndHtmlBothOnStdoutIsAUsageError() {
        Jdx.Result r = Jdx.run("inspect", demo.toString(), "--html", "-", "--json", "-");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).isEqualTo("jdx: --json and --html cannot both write to stdout\n");
    }

    @Test
    void aMissingDirectoryIsAnInputErrorAndWritesNothing() {
        Path out = tmp.resolve("no/such/dir/report.html");
        Jdx.Result r = Jdx.run("inspect", demo.toString(), "--html", out.toString(), "-q");
        assertThat(r.code()).isEqualTo(ExitCode.INPUT);
        assertThat(r.err()).startsWith("jdx: ").contains("no such file or directory");
        assertThat(out.getParent()).doesNotExist();
    }
}
