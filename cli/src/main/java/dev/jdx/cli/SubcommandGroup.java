package dev.jdx.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** What a command that only groups subcommands ({@code jdx index}, {@code jdx server}) does when given none. */
final class SubcommandGroup {
    private SubcommandGroup() {}

    /** Names the subcommands ("give a subcommand: rm or stats"), prints the usage on stderr and exits 2. */
    static int missing(CommandSpec spec) {
        List<String> names = new ArrayList<>(spec.subcommands().keySet());
        String choices = names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        spec.commandLine().getErr().println(Errors.line(spec.name() + ": give a subcommand: " + choices));
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }
}
