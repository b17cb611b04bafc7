package dev.jdx.index;

import java.io.IOException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.DelegatingAnalyzerWrapper;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/** The analyzers of the index: text fields get the standard analyzer, every other field is one exact term. */
final class Analyzers {
    private Analyzers() {}

    /** Per-field analyzer for the writer and the query parser. */
    static Analyzer perField() {
        Analyzer text = new StandardAnalyzer();
        Analyzer keyword = new KeywordAnalyzer();
        return new DelegatingAnalyzerWrapper(Analyzer.PER_FIELD_REUSE_STRATEGY) {
            @Override
            protected Analyzer getWrappedAnalyzer(String fieldName) {
                return IndexFields.TEXT.contains(fieldName) ? text : keyword;
            }
        };
    }

    /**
     * The whole input as one token, unchanged (paths and names are case-sensitive). lucene-core has no such analyzer
     * (it lives in lucene-analysis-common); these twenty lines save a dependency.
     */
    static final class KeywordAnalyzer extends Analyzer {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            return new TokenStreamComponents(new WholeInputTokenizer());
        }
    }

    private static final class WholeInputTokenizer extends Tokenizer {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
        private boolean done;
        private int length;

        @Override
        public boolean incrementToken() throws IOException {
            if (done) return false;
            clearAttributes();
            done = true;
            char[] buf = new char[256];
            int n;
            StringBuilder sb = new StringBuilder();
            while ((n = input.read(buf)) > 0) sb.append(buf, 0, n);
            term.append(sb);
            length = sb.length();
            offset.setOffset(correctOffset(0), correctOffset(length));
            return true;
        }

        @Override
        public void end() throws IOException {
            super.end();
            offset.setOffset(correctOffset(length), correctOffset(length));
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            done = false;
            length = 0;
        }
    }
}
