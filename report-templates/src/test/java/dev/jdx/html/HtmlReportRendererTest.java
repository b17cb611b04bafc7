package dev.jdx.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The rendered page's structure, read back with jsoup: sections, tables, escaping, CSP, no external references. */
class HtmlReportRendererTest {
    @TempDir
    static Path tmp;

    static Reports.Scanned demo;
    static Reports.Scanned hostile;
    static final HtmlReportRenderer RENDERER = new HtmlReportRenderer();

    @BeforeAll
    static void images() throws IOException {
        demo = Reports.demo(tmp);
        hostile = Reports.hostile(tmp);
    }

    static String html(HtmlView view) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RENDERER.render(view, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    static Document doc(HtmlView view) throws IOException {
        return Jsoup.parse(html(view));
    }

    @Test
    void demoReportHasEverySectionAndTheOverviewFacts() throws IOException {
        Document d = doc(Reports.withSections(demo.view(), false));
        assertThat(d.select("main > section").eachAttr("id"))
                .containsExactly("overview", "findings", "layers", "files", "waste", "build", "config", "packages", "history");
        // every section is named by its heading
        for (Element s : d.select("main > section")) {
            assertThat(d.getElementById(s.attr("aria-labelledby")).tagName()).isEqualTo("h2");
        }
        assertThat(d.title()).isEqualTo("jdx-demo/app:1.0 · jdx image report");
        Element overview = d.getElementById("overview");
        assertThat(fact(overview, "Platform")).isEqualTo("linux/amd64");
        assertThat(fact(overview, "Layers")).isEqualTo("5"); // the demo image: base, app, install, cleanup, config
        assertThat(fact(overview, "OS")).isEqualTo("Debian GNU/Linux 12 (bookworm)");
        assertThat(fact(overview, "Files")).isEqualTo(String.format("%,d", demo.stack().finalTree().fileCount()));
        assertThat(fact(overview, "Config digest")).isEqualTo(demo.report().image().id());
        assertThat(overview.select("#efficiency svg circle.gauge-fill").attr("stroke-dasharray")).isNotBlank();
        assertThat(overview.select("#efficiency").text()).contains("71.2 %", "132 kB reclaimable");
        assertThat(overview.select("#gate").hasClass("failed")).isTrue();
        assertThat(overview.select("#gate li").eachText()).containsExactly("efficiency 71.2 % is below 90 %", "1 high finding");
    }

    private static String fact(Element section, String name) {
        return section.select("dl.facts > div").stream().filter(div -> div.selectFirst("dt").text().equals(name))
                .map(div -> div.selectFirst("dd").text()).findFirst().orElseThrow(() -> new AssertionError("no fact " + name));
    }

    @Test
    void layersTableAndChartMatchTheReport() throws IOException {
        Document d = doc(demo.view());
        Element table = d.selectFirst("#layers table");
        assertThat(table.select("thead th").eachText())
                .containsExactly("#", "Created by", "Size", "Compressed", "Files", "Added", "Modified", "Removed", "Browse");
        var rows = table.select("tbody tr");
        assertThat(rows).hasSize(demo.report().layers().size());
        for (int i = 0; i < rows.size(); i++) {
            var l = demo.report().layers().get(i);
            var cells = rows.get(i).select("td");
            assertThat(rows.get(i).selectFirst("th").text()).isEqualTo(String.valueOf(i));
            assertThat(cells.get(0).selectFirst("code.cmd").wholeText()).isEqualTo(l.createdBy());
            assertThat(cells.get(4).text()).isEqualTo(String.valueOf(l.added()));
            assertThat(cells.get(5).text()).isEqualTo(String.valueOf(l.modified()));
            assertThat(cells.get(6).text()).isEqualTo(String.valueOf(l.removed()));
            assertThat(cells.get(7).selectFirst("button").attr("type")).isEqualTo("button");
        }
        // bars: one per layer, the largest layer gets the full bar area, widths ordered like the sizes
        var bars = d.select("#layers svg g.bar rect");
        assertThat(bars).hasSize(rows.size());
        long max = demo.report().layers().stream().mapToLong(l -> l.contentSize()).max().orElseThrow();
        for (int i = 0; i < bars.size(); i++) {
            long size = demo.report().layers().get(i).contentSize();
            int w = Integer.parseInt(bars.get(i).attr("width"));
            if (size == max) assertThat(w).isEqualTo(HtmlViewBuilder.BAR_AREA);
            else assertThat(w).isLessThan(HtmlViewBuilder.BAR_AREA);
        }
        // the file browser offers the final filesystem and every layer
        assertThat(d.select("#tree-view option").eachAttr("value")).containsExactly("final", "0", "1", "2", "3", "4");
        assertThat(d.selectFirst("#tree").attr("role")).isEqualTo("tree");
    }

    @Test
    void configSectionShowsTheContainerDefaults() throws IOException {
        Document d = doc(demo.view());
        Element c = d.getElementById("config");
        assertThat(fact(c, "User")).isEqualTo("node");
        assertThat(fact(c, "Working directory")).isEqualTo("/app");
        assertThat(fact(c, "Entrypoint")).isEqualTo("/app/bin/start.sh");
        assertThat(fact(c, "Cmd")).isEqualTo("--port 8080");
        assertThat(c.select("dd code.tag").eachText()).containsExactly("8080/tcp", "9090/udp", "/data");
        assertThat(fact(c, "Volumes")).isEqualTo("/data");
        assertThat(fact(c, "Healthcheck")).isEqualTo("CMD /usr/local/bin/healthcheck · interval 30 s · timeout 5 s · start period 10 s · retries 3");
        assertThat(c.select("table.env tbody th").eachText()).containsExactly("PATH", "NODE_ENV", "API_TOKEN");
        assertThat(c.select("table.labels tbody th").eachText())
                .containsExactly("maintainer", "org.opencontainers.image.source", "org.opencontainers.image.title");
        assertThat(d.select("#history tbody tr")).hasSize(demo.report().history().size());
    }

    static List<Arguments> optionalSections() {
        return List.of(
                Arguments.of("findings", (UnaryOperator<HtmlView>) v -> v.withFindings(new FindingsView(List.of()))),
                Arguments.of("waste", (UnaryOperator<HtmlView>) v -> v.withWaste(new WasteView(List.of(), List.of()))),
                Arguments.of("build", (UnaryOperator<HtmlView>) v -> v.withBuild(new BuildView(List.of(), null, "docker run x"))),
                Arguments.of("packages", (UnaryOperator<HtmlView>) v -> v.withPackages(new PackagesView(List.of()))),
                Arguments.of("efficiency", (UnaryOperator<HtmlView>) v -> v.withEfficiency(new EfficiencyView(1, 0, 0, 10))),
                Arguments.of("gate", (UnaryOperator<HtmlView>) v -> v.withGate(new GateView(true, null, List.of()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optionalSections")
    void optionalSectionsRenderOnlyWhenPresent(String id, UnaryOperator<HtmlView> add) throws IOException {
        HtmlView base = demo.view();
        assertThat(doc(base).getElementById(id)).isNull();
        Document with = doc(add.apply(base));
        assertThat(with.getElementById(id)).isNotNull();
        if (with.selectFirst("nav a[href=#" + id + "]") == null) {
            assertThat(id).isIn("efficiency", "gate"); // parts of the overview, not sections
        }
    }

    @Test
    void findingsAreGroupedBySeverityMostSevereFirst() throws IOException {
        Document d = doc(Reports.withSections(demo.view(), false));
        assertThat(d.select("#findings .sev-group").eachAttr("data-severity")).containsExactly("high", "warning", "info");
        assertThat(d.select("#findings .sev-group[data-severity=high] tbody th").eachText()).containsExactly("JDX-SEC-001", "JDX-SEC-003");
        assertThat(d.select("#findings input[data-severity-filter]").eachAttr("data-severity-filter")).containsExactly("high", "warning", "info");
        assertThat(d.select("#findings table thead th").eachText()).startsWith("ID", "Message", "Location", "Fix");
        assertThat(d.select("#build button.copy").eachAttr("data-copy")).containsExactly("run-command", "build-script");
        assertThat(d.getElementById("run-command").text()).startsWith("docker run --rm -p 8080:8080");
        assertThat(d.select("#waste table.waste tbody tr").first().select("td a").eachAttr("href")).containsExactly("#layer-2", "#layer-3");
        assertThat(d.select("#packages tbody th").eachText()).containsExactly("base-files", "libc6", "lodash");
    }

    @Test
    void everyTableHasColumnHeaders() throws IOException {
        Document d = doc(Reports.withSections(demo.view(), false));
        assertThat(d.select("table")).hasSizeGreaterThanOrEqualTo(9);
        for (Element t : d.select("table")) {
            assertThat(t.select("thead th[scope=col]")).as(t.className()).isNotEmpty();
        }
    }

    @Test
    void hostileNamesLabelsAndTextsRenderAsText() throws IOException {
        HtmlView view = Reports.withSections(hostile.view(), true);
        String html = html(view);
        Document d = Jsoup.parse(html);
        // no element, attribute or script came from the image
        assertThat(d.select("img, svg [onload], b, u")).isEmpty();
        assertThat(d.select("script")).hasSize(2);
        for (Element e : d.getAllElements()) {
            for (Attribute a : e.attributes()) assertThat(a.getKey()).doesNotStartWith("on");
        }
        // ...and the text is all there, verbatim
        Element labels = d.selectFirst("table.labels");
        assertThat(labels.select("tbody td").eachText()).contains(Reports.HOSTILE_LABEL);
        assertThat(labels.select("tbody th").eachText()).contains("</td><td>");
        assertThat(d.select("table.env tbody td").eachText()).contains("<svg onload=window.__pwned3=1>\u2028&amp;");
        assertThat(d.select("#config dd").eachText()).contains("<u>root</u>", "sh -c 'echo </script>'");
        assertThat(d.select("#layers code.cmd").eachText()).contains("RUN echo '</script><script>window.__pwned4=1</script>' > /x");
        assertThat(d.select("#findings td").eachText()).contains("Environment variable API_TOKEN looks like a secret " + Reports.HOSTILE_LABEL);
        assertThat(d.getElementById("run-command").text()).endsWith(Reports.HOSTILE_LABEL);
        assertThat(d.title()).isEqualTo("evil/<img>:1 · jdx image report");
        // docker-archive names no blob digest for a gzip layer: the diff_id stands in
        assertThat(d.select("#layer-0 .small code").attr("title")).isEqualTo(hostile.report().layers().getFirst().diffId());
        // the file names live in the data block: closing tags and line separators escaped, the JSON intact
        String data = d.getElementById("jdx-tree").data();
        assertThat(data).doesNotContain("<", ">", "&", "\u2028").contains("\\u003Cimg src=x onerror=window.__pwned=1\\u003E");
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(data);
        assertThat(List.of(tree.get("names").asText().split("/")))
                .contains(Reports.HOSTILE_NAME, "line\u2028sep", "\"quoted\" & 'apos'.txt");
    }

    @Test
    void contentSecurityPolicyPinsTheInlineScriptAndStyleByHash() throws IOException {
        Document d = doc(Reports.withSections(demo.view(), false));
        Element meta = d.selectFirst("head meta[http-equiv=Content-Security-Policy]");
        assertThat(meta).isNotNull();
        // the policy must come before anything it governs
        assertThat(d.head().children().indexOf(meta)).isLessThan(d.head().children().indexOf(d.selectFirst("head style")));
        String csp = meta.attr("content");
        assertThat(csp).startsWith("default-src 'none';").contains("img-src data:", "base-uri 'none'").doesNotContain("unsafe");
        Set<String> scriptHashes = hashes(csp, "script-src");
        Set<String> styleHashes = hashes(csp, "style-src");
        var executable = d.select("script").stream().filter(s -> !s.attr("type").equals("application/json")).toList();
        assertThat(executable).hasSize(1);
        for (Element s : executable) assertThat(scriptHashes).contains(HtmlReportRenderer.hashSource(s.data()));
        var styles = d.select("style");
        assertThat(styles).hasSize(1);
        assertThat(styleHashes).containsExactly(HtmlReportRenderer.hashSource(styles.first().data()));
        assertThat(d.select("[style]")).as("style attributes would be blocked by the CSP").isEmpty();
        assertThat(d.select("link, iframe, object, embed, img, base")).isEmpty();
    }

    private static Set<String> hashes(String csp, String directive) {
        Matcher m = Pattern.compile(directive + " ([^;]*)").matcher(csp);
        assertThat(m.find()).as(directive).isTrue();
        return Set.of(m.group(1).trim().split(" ")).stream().collect(Collectors.toSet());
    }

    @Test
    void noReferenceLeavesThePage() throws IOException {
        Document d = doc(Reports.withSections(hostile.view(), true));
        for (Element e : d.select("[src], [href], [xlink:href], [action], [srcset]")) {
            for (String attr : List.of("src", "href", "xlink:href", "action", "srcset")) {
                if (e.hasAttr(attr)) assertThat(e.attr(attr)).as(e.outerHtml()).startsWith("#");
            }
        }
        // the page names no URL scheme outside of text the image supplied (labels hold https URLs in the demo)
        String withoutText = d.select("script, style").outerHtml();
        assertThat(withoutText).doesNotContainPattern("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}/");
    }

    @Test
    void writesUtf8AndKeepsNonAsciiNames() throws IOException {
        Document d = doc(Reports.withSections(demo.view(), false));
        assertThat(d.selectFirst("meta[charset]").attr("charset")).isEqualToIgnoringCase("utf-8");
        assertThat(d.selectFirst("html").attr("lang")).isEqualTo("en");
        assertThat(d.select("meta[name=color-scheme]").attr("content")).isEqualTo("light dark");
    }
}
