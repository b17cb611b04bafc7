package dev.jdx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every error is one visible line: {@link Errors#line} and the usage-error handler (found by HostileTextSweepTest). */
class ErrorLineTest {
    @Test
    void controlAndInvisibleCharactersFromTheInputAreShownAsEscapes() {
        assertThat(Errors.line("bad pattern 'a\tb\rc\u0000d\u202ee\u2028f\u007fg'"))
                .isEqualTo("jdx: bad pattern 'a\\tb\\rc\\u0000d\\u202ee\\u2028f\\u007fg'");
        assertThat(Errors.line("ünïcödé 😀 stays")).isEqualTo("jdx: ünïcödé 😀 stays");
    }

    @Test
    void onlyTheFirstLineOfAMultiLineMessageIsShown() {
        assertThat(Errors.line("Cannot parse 'x:': Encountered <EOF>\nWas expecting one of:\n    <TERM> ..."))
                .isEqualTo("jdx: Cannot parse 'x:': Encountered <EOF>");
        assertThat(Errors.line(null)).isEqualTo("jdx: ");
    }

    @Test
    void aDockerignorePatternWithACarriageReturnIsOneLine(@TempDir Path ctx) throws Exception {
        java.nio.file.Files.writeString(ctx.resolve("Dockerfile"), "FROM alpine:3.20\n");
        java.nio.file.Files.writeString(ctx.resolve(".dockerignore"), "a\r[b-\n");
        Jdx.Result r = Jdx.run("lint", ctx.toString());
        assertThat(r.code()).isEqualTo(3); // an unreadable build-context file, as README's exit codes say
        assertThat(r.err().lines().toList()).singleElement().asString()
                .startsWith("jdx: .dockerignore:1: ").contains("'a\\r[b-'");
    }

    @Test
    void aQueryThatLooksLikeAnOptionIsOneLineSayingHowToPassIt(@TempDir Path index) {
        Jdx.Result r = Jdx.run("search", "--index", index.toString(), "-name:x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().toList()).containsExactly("jdx: Unknown option: '-name:x' (an argument that starts "
                + "with '-' goes after '--'; 'jdx search --help' lists the options)");
    }

    @Test
    void otherUsageErrorsAreOneLineWithThePointerToHelp() {
        Jdx.Result r = Jdx.run("search", "--limit", "many");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().toList()).singleElement().asString()
                .startsWith("jdx: Invalid value for option '--limit': ").endsWith("(see 'jdx search --help')");
    }
}
