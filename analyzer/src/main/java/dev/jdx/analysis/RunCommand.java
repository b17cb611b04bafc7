package dev.jdx.analysis;

import java.util.List;

/**
 * How to run the image with its defaults made visible.
 *
 * @param argv      the {@code docker run} arguments, unquoted ({@code docker}, {@code run}, options, image, command)
 * @param dockerRun the same as one ready-to-paste POSIX shell line
 * @param compose   a {@code docker compose} file with one service doing the same (YAML)
 * @param notes     what the line cannot show: health check, stop signal, ONBUILD triggers, the entrypoint, secrets
 */
public record RunCommand(List<String> argv, String dockerRun, String compose, List<String> notes) {
    public RunCommand {
        argv = List.copyOf(argv);
        notes = List.copyOf(notes);
    }
}
