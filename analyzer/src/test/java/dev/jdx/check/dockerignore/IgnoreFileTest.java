package dev.jdx.check.dockerignore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IgnoreFileTest {

    private static List<String> docker(String content) throws IOException {
        return IgnoreFile.parseDocker(".dockerignore", content).patterns().stream().map(IgnorePattern::normalized).toList();
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' -> ''{1}''")
    @CsvSource(delimiter = ';', nullValues = "NONE", textBlock = """
            # line as written;       pattern the matcher gets (NONE: skipped)
            foo;                     foo
            '  foo  ';               foo
            '\tfoo\t';               foo
            ./foo;                   foo
            foo/;                    foo
            foo//bar;                foo/bar
            foo/./bar;               foo/bar
            foo/../bar;              bar
            ../foo;                  ../foo
            /foo;                    foo
            //foo;                   foo
            /;                       /
            /foo/../..;              /
            .;                       .
            ./;                      .
            '';                      NONE
            '   ';                   NONE
            # comment;               NONE
            '#comment';              NONE
            '  # not a comment';     '# not a comment'
            'foo # inline';          'foo # inline'
            !foo;                    !foo
            '!  foo';                !foo
            '! /foo/';               !foo
            !./a/../b;               !b
            **/;                     **
            'a b';                   'a b'
            """)
    void normalisesLikeDocker(String line, String expected) throws IOException {
        line = line.replace("\\t", "\t");
        List<String> patterns = docker(line + "\n");
        if (expected == null) assertThat(patterns).isEmpty();
        else assertThat(patterns).containsExactly(expected);
    }

    @Test
    void stripsBomOnlyOnTheFirstLineAndCarriageReturns() throws IOException {
        assertThat(docker("\uFEFFfoo\r\nbar\r\n\uFEFFbaz")).containsExactly("foo", "bar", "\uFEFFbaz");
        assertThat(docker("\uFEFF# comment\nx")).containsExactly("x");
    }

    @Test
    void keepsLineNumbersAndRawText() throws IOException {
        IgnoreFile f = IgnoreFile.parseDocker(".dockerignore", "# c\n\nfoo # x\n  !bar\n");
        assertThat(f.patterns()).extracting(IgnorePattern::line).containsExactly(3, 4);
        assertThat(f.patterns().get(0).raw()).isEqualTo("foo # x");
        assertThat(f.patterns().get(1).exclusion()).isTrue();
        assertThat(f.lines()).hasSize(4);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = ';', textBlock = """
            'ok\n!\n';          .dockerignore:2: illegal exclusion pattern
            'a\n  !   \n';      .dockerignore:2: illegal exclusion pattern
            '!/';               .dockerignore:1: illegal exclusion pattern
            'a\nb\n[a-';        .dockerignore:3: syntax error in pattern
            'x[';               .dockerignore:1: syntax error in pattern
            '[]a]';             .dockerignore:1: syntax error in pattern
            'a\\';              .dockerignore:1: syntax error in pattern
            '[z-';              .dockerignore:1: syntax error in pattern
            '[^]';              .dockerignore:1: syntax error in pattern
            '*[';               .dockerignore:1: syntax error in pattern
            """)
    void rejectsWhatDockerRejects(String content, String message) {
        String c = content.replace("\\n", "\n");
        assertThatThrownBy(() -> IgnoreFile.parseDocker(".dockerignore", c))
                .isInstanceOf(IgnoreFileException.class).hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = ';', textBlock = """
            '[a-c]';   a
            '[\\]]';   ]
            'a[*]b';   a]b
            '\\*';     *
            'x]';      x]
            """)
    void acceptsWhatDockerAccepts(String content, String path) throws IOException {
        IgnoreFile f = IgnoreFile.parseDocker(".dockerignore", content);
        assertThat(new PatternMatcher(f.patterns(), PatternMatcher.Flavor.PATTERNMATCHER).matchesOrParentMatches(path)).isTrue();
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' -> ''{1}''")
    @CsvSource(delimiter = ';', nullValues = "NONE", textBlock = """
            # buildah (imagebuilder.ParseIgnore): '/' trimmed at both ends, then fileutils cleans
            /foo/;        foo
            foo;          foo
            ' foo ';      foo
            ./foo;        foo
            !foo;         !foo
            '/';          NONE
            '#x';         NONE
            ' #x';        '#x'
            """)
    void buildahNormalisation(String line, String expected) throws IOException {
        var patterns = IgnoreFile.parseBuildah(".containerignore", line + "\n").patterns().stream().map(IgnorePattern::normalized).toList();
        if (expected == null) assertThat(patterns).isEmpty();
        else assertThat(patterns).containsExactly(expected);
    }

    @Test
    void suppressionCommentsApplyToTheNextPattern() throws IOException {
        IgnoreFile f = IgnoreFile.parseDocker(".dockerignore", "# jdx ignore=JDX-D004, jdx-d003\nfoo\nbar\n");
        assertThat(f.suppressions()).containsOnlyKeys(2);
        assertThat(f.suppressions().get(2)).containsExactlyInAnyOrder("JDX-D004", "JDX-D003");
    }
}
