package dev.jdx.check.dockerfile;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One Dockerfile instruction after joining continuation lines.
 *
 * @param keyword  the instruction word as written ({@code run}, {@code RUN})
 * @param args     everything after the keyword, continuation lines joined, flags included
 * @param flags    leading {@code --name=value} flags (FROM, RUN, COPY, ADD, HEALTHCHECK), name to value ("" if none)
 * @param rest     {@code args} without the leading flags
 * @param json     the exec-form arguments when {@code rest} is a JSON string array, else null
 * @param heredocs here-documents, in order
 * @param line     1-based line where the instruction starts
 * @param endLine  1-based line where it ends (heredoc bodies included)
 */
public record Instruction(String keyword, String args, Map<String, String> flags, String rest, List<String> json,
                          List<Heredoc> heredocs, int line, int endLine) {
    public Instruction {
        flags = Map.copyOf(flags);
        heredocs = List.copyOf(heredocs);
        if (json != null) json = List.copyOf(json);
    }

    /** The keyword in upper case. */
    public String command() {
        return keyword.toUpperCase(Locale.ROOT);
    }

    /** True when written in exec (JSON) form. */
    public boolean execForm() {
        return json != null;
    }

    /** The value of flag {@code name} (without {@code --}), or null. */
    public String flag(String name) {
        return flags.get(name);
    }
}
