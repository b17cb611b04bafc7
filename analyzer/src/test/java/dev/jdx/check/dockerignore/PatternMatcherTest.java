package dev.jdx.check.dockerignore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PatternMatcherTest {

    /** match-cases.tsv: one pattern, one path, whether BuildKit's matcher excludes the path. */
    static Stream<Arguments> singlePatternCases() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        try (InputStream in = PatternMatcherTest.class.getResourceAsStream("match-cases.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t");
                cases.add(Arguments.of(f[0], f[1], Boolean.parseBoolean(f[2])));
            }
        }
        assertThat(cases).hasSizeGreaterThan(200);
        return cases.stream();
    }

    private static PatternMatcher matcher(PatternMatcher.Flavor flavor, String... lines) throws IOException {
        return new PatternMatcher(IgnoreFile.parseDocker(".dockerignore", String.join("\n", lines)).patterns(), flavor);
    }

    @ParameterizedTest(name = "[{index}] {0} ~ {1} -> {2}")
    @MethodSource("singlePatternCases")
    void singlePattern(String pattern, String path, boolean excluded) throws IOException {
        assertThat(matcher(PatternMatcher.Flavor.PATTERNMATCHER, pattern).matchesOrParentMatches(path)).isEqualTo(excluded);
    }

    @ParameterizedTest(name = "[{index}] {0} ~ {1} -> {2}")
    @CsvSource(delimiter = ';', textBlock = """
            # patterns (comma-separated);  path;  excluded
            '*, !keep.txt';                   keep.txt;          false
            '*, !keep.txt';                   other.txt;         true
            '!keep.txt, *';                   keep.txt;          true
            '**/*.md, !README.md';            README.md;         false
            '**/*.md, !README.md';            docs/README.md;    true
            '**/*.md, !**/README.md';         docs/README.md;    false
            'docs, !docs/keep';               docs/keep;         false
            'docs, !docs/keep';               docs/keep/a.txt;   false
            'docs, !docs/keep';               docs/other;        true
            'docs, !docs/keep, docs/keep/x';  docs/keep/x;       true
            'docs, !docs/keep, docs/keep/x';  docs/keep/y;       false
            '!docs, docs';                    docs/a;            true
            'a, !a/b, a/b/c';                 a/b/c/d;           true
            'a, !a/b, a/b/c';                 a/b/d;             false
            '*.log, !important.log';          important.log;     false
            '*.log, !important.log';          x.log;             true
            '*.log, !important.log, *.log';   important.log;     true
            'node_modules, !node_modules/x';  node_modules/x/i.js; false
            'node_modules, !node_modules/x';  node_modules/y/i.js; true
            '**, !src, !Dockerfile';          src/Main.java;     false
            '**, !src, !Dockerfile';          Dockerfile;        false
            '**, !src, !Dockerfile';          pom.xml;           true
            '., foo';                         foo;               true
            '.';                              foo;               false
            """)
    void lastMatchWins(String patterns, String path, boolean excluded) throws IOException {
        PatternMatcher pm = matcher(PatternMatcher.Flavor.PATTERNMATCHER, patterns.split(",\\s*"));
        assertThat(pm.matchesOrParentMatches(path)).isEqualTo(excluded);
    }

    @ParameterizedTest(name = "[{index}] {0} ~ {1}: old {2}, any-parent {3}")
    @CsvSource(delimiter = ';', textBlock = """
            # Docker <= 20.10 Matches checks only the parent prefix with as many elements as the pattern
            **/foo;     foo/a/b;      false; true
            **/foo;     x/foo/a;      true;  true
            **/foo;     x/y/foo/a;    false; true
            foo;        foo/a/b/c;    true;  true
            */foo;      x/foo/a/b;    true;  true
            a/b;        a/b/c/d;      true;  true
            **/*.txt;   a.txt/x/y;    false; true
            """)
    void oldMatchesOnlyLooksAtOneParentPrefix(String pattern, String path, boolean old, boolean anyParent) throws IOException {
        PatternMatcher pm = matcher(PatternMatcher.Flavor.PATTERNMATCHER, pattern);
        assertThat(pm.matches(path)).isEqualTo(old);
        assertThat(pm.matchesOrParentMatches(path)).isEqualTo(anyParent);
    }

    @ParameterizedTest(name = "[{index}] {0} ~ {1}: fileutils {2}, patternmatcher {3}")
    @CsvSource(delimiter = ';', textBlock = """
            # docker 20.10's fileutils left + ( ) | { } unescaped: they act as regex operators
            a+b;       aab;      true;  false
            a+b;       a+b;      false; true
            a(b)c;     abc;      true;  false
            a(b)c;     a(b)c;    false; true
            x|y;       y;        true;  false
            x{2};      xx;       true;  false
            x{2};      x{2};     false; true
            a.b;       a.b;      true;  true
            a.b;       axb;      false; false
            """)
    void flavorsDifferInRegexEscaping(String pattern, String path, boolean fileutils, boolean patternmatcher) throws IOException {
        assertThat(matcher(PatternMatcher.Flavor.FILEUTILS_2020, pattern).matchesOrParentMatches(path)).isEqualTo(fileutils);
        assertThat(matcher(PatternMatcher.Flavor.PATTERNMATCHER, pattern).matchesOrParentMatches(path)).isEqualTo(patternmatcher);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = ';', textBlock = """
            **;            ^.*$
            **/foo;        ^(.*/)?foo$
            foo/**;        ^foo/.*$
            *.txt;         ^[^/]*\\.txt$
            a?b;           ^a[^/]b$
            a\\*b;         ^a\\*b$
            a**b;          ^a(.*/)?b$
            """)
    void regexSource(String pattern, String regex) {
        assertThat(PatternMatcher.goRegex(pattern, PatternMatcher.Flavor.PATTERNMATCHER)).isEqualTo(regex);
    }

    @Test
    void decidingPatternNamesTheLastMatch() throws IOException {
        PatternMatcher pm = matcher(PatternMatcher.Flavor.PATTERNMATCHER, "*.md", "!README.md", "docs");
        assertThat(pm.decidingPattern("README.md", true).normalized()).isEqualTo("!README.md");
        assertThat(pm.decidingPattern("docs/a.txt", true).line()).isEqualTo(3);
        assertThat(pm.decidingPattern("src/a.txt", true)).isNull();
        assertThat(pm.hasExclusions()).isTrue();
    }

    @Test
    void badRegexFromOldDockerIsAnError() {
        // fileutils leaves ')' unescaped, so Go's regexp.Compile fails and the build errors out
        IgnoreFile f = assertDoesNotThrow(() -> IgnoreFile.parseDocker(".dockerignore", "ok\na)b\n"));
        assertDoesNotThrow(() -> new PatternMatcher(f.patterns(), PatternMatcher.Flavor.PATTERNMATCHER));
        assertThatThrownBy(() -> new PatternMatcher(f.patterns(), PatternMatcher.Flavor.FILEUTILS_2020))
                .isInstanceOf(IgnoreFileException.class).hasMessageStartingWith(".dockerignore:2: ");
    }
}
