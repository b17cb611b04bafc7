package dev.jdx.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** A 150,000-file image's report stays under 15 MB and embeds its files as data, not as 150,000 elements. */
class LargeReportTest {
    @Test
    void hundredFiftyThousandFilesStayUnderFifteenMegabytes() throws IOException {
        Reports.Scanned huge = Reports.huge(150_000, 6);
        HtmlView view = Reports.withSections(huge.view(), false);
        assertThat(view.tree().entryCount()).isGreaterThanOrEqualTo(150_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        new HtmlReportRenderer().render(view, out);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("150k-file report: %,d bytes (%,d paths), rendered in %d ms%n", out.size(), view.tree().pathCount(), ms);
        assertThat(out.size()).isLessThan(15_000_000);
        Document d = Jsoup.parse(out.toString(StandardCharsets.UTF_8));
        // the tree is data for the script: the page itself has a few hundred elements, not one per file
        assertThat(d.getAllElements().size()).isLessThan(2_000);
        assertThat(d.select("#tree").first().children()).isEmpty();
        assertThat(d.getElementById("jdx-tree").data().length()).isGreaterThan(out.size() / 2);
    }
}
