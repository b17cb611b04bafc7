package dev.jdx.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryRewriterTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "path:/usr/lib/*|path:\\/usr\\/lib\\/*",
            "image:sha256:ab12*|image:sha256\\:ab12*",
            "size:>10MB|size:{10MB TO *]",
            "size:>=1k AND uid:<1000|size:[1k TO *] AND uid:[* TO 1000}",
            "size:<=5MiB|size:[* TO 5MiB]",
            "(size:>1k)|(size:{1k TO *])",
            "path:\"/a b\"|path:\"/a b\"",
            "size:[1MB TO 50MB]|size:[1MB TO 50MB]",
            "label:a=b:c|label:a=b\\:c",
            "name:a\\:b|name:a\\:b",
            "size:>|size:>"})
    void rewrites(String in, String out) {
        assertThat(QueryRewriter.rewrite(in).text()).isEqualTo(out);
    }

    @org.junit.jupiter.api.Test
    void mapsOffsetsBack() {
        QueryRewriter.Rewritten r = QueryRewriter.rewrite("path:/a AND size:>1k");
        // "path:\/a AND size:{1k TO *]"
        assertThat(r.originalOffset(r.text().indexOf("AND"), 20)).isEqualTo(8);
        assertThat(r.originalOffset(r.text().indexOf("{"), 20)).isEqualTo(17);
        assertThat(r.originalOffset(r.text().indexOf("1k"), 20)).isEqualTo(18);
        assertThat(r.originalOffset(r.text().length(), 20)).isEqualTo(20);
    }
}
