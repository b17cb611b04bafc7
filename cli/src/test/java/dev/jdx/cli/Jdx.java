package dev.jdx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs the jdx command in-process with captured stdout (writer and stream) and stderr. */
final class Jdx {
    record Result(int code, String out, String err) {
        /** A failed run's stderr, as the README promises: one line {@code jdx: ...}, no stack trace. */
        void assertOneErrorLine(String what) {
            assertThat(err).as("%s: no stack trace", what)
                    .doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(err.lines().toList()).as("%s: one error line", what)
                    .singleElement().asString().startsWith("jdx: ");
        }
    }

    private Jdx() {}

    static synchronized Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintStream oldOut = System.out;
        ByteArrayOutputStream rawOut = new ByteArrayOutputStream();
        System.setOut(new PrintStream(rawOut, true, StandardCharsets.UTF_8));
        try {
            int code = JdxCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
            System.out.flush();
            return new Result(code, rawOut.toString(StandardCharsets.UTF_8) + out, err.toString());
        } finally {
            System.setOut(oldOut);
        }
    }
}
