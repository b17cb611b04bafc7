package dev.jdx.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The top-level {@code jdx} command: global options and the list of subcommands. */
@Command(name = "jdx", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Container-image analysis and layer inspection.",
        subcommands = {InspectCommand.class, SearchCommand.class, LsCommand.class, ImagesCommand.class, IndexCommand.class,
                ChecksCommand.class,
                PullCommand.class, LintCommand.class, ContextCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success (and any gate passed)", "  1  a gate or check threshold failed",
                "  2  usage error (bad option, ambiguous image selection, query syntax)",
                "  3  input error (unreadable or corrupt image, digest mismatch, registry, daemon or auth error)",
                "  4  internal error (a bug in jdx; --debug shows the stack trace)"})
public final class JdxCommand implements Runnable {
    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the configured command line (also used by tests with captured out/err). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new JdxCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new Errors());
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("jdx: " + ex.getMessage());
            c.getErr().println("Run '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            c.getErr().flush();
            return ExitCode.USAGE;
        });
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    public static int run(String... args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        return commandLine(out, err).execute(args);
    }

    static boolean debug(CommandLine cmd) {
        CommandLine c = cmd;
        while (c.getParent() != null) c = c.getParent();
        return c.getCommand() instanceof JdxCommand j && j.debug;
    }
}
