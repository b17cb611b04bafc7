package dev.jdx.cli;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The top-level {@code jdx} command: global options and the list of subcommands. */
@Command(name = "jdx", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Container-image analysis and layer inspection.",
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

    /**
     * The subcommands in the order {@code jdx --help} lists them. Added by code, not by the annotation, so that a run
     * builds only the command it runs: picocli reads every option of every command by reflection when it adds it,
     * which was most of the start-up time of a small command.
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("inspect", InspectCommand::new);
        m.put("search", SearchCommand::new);
        m.put("ls", LsCommand::new);
        m.put("images", ImagesCommand::new);
        m.put("index", IndexCommand::new);
        m.put("checks", ChecksCommand::new);
        m.put("pull", PullCommand::new);
        m.put("lint", LintCommand::new);
        m.put("context", ContextCommand::new);
        m.put("server", ServerCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        return m;
    }

    /** Builds the configured command line with every subcommand (also used by tests with captured out/err). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, SUBCOMMANDS.keySet());
    }

    /**
     * The command line for {@code args}: only the subcommand named by the first non-option argument when there is
     * one, none for a bare {@code --version}, else all (help, a mistyped name and its suggestions need them).
     */
    static CommandLine commandLineFor(PrintWriter out, PrintWriter err, String... args) {
        String first = null;
        for (String a : args) {
            if (!a.startsWith("-")) {
                first = a;
                break;
            }
        }
        if (first != null && SUBCOMMANDS.containsKey(first) && !first.equals("help")) {
            return commandLine(out, err, List.of(first));
        }
        if (first == null && args.length > 0 && java.util.Arrays.stream(args).allMatch(a -> a.equals("--version")
                || a.equals("-V") || a.equals("--debug"))) {
            return commandLine(out, err, List.of());
        }
        return commandLine(out, err, SUBCOMMANDS.keySet());
    }

    private static CommandLine commandLine(PrintWriter out, PrintWriter err, Collection<String> subcommands) {
        CommandLine cl = new CommandLine(new JdxCommand());
        for (String name : subcommands) cl.addSubcommand(name, SUBCOMMANDS.get(name).get());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new Errors());
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println(Errors.line(usageMessage(ex)));
            c.getErr().flush();
            return ExitCode.USAGE;
        });
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /**
     * A usage error as one line with its pointer to the help. An unknown option on a command that takes arguments is
     * often an argument that starts with '-' (a search query such as {@code -name:x}, a file named {@code -x}):
     * the message says how to pass one.
     */
    static String usageMessage(CommandLine.ParameterException ex) {
        String help = "'" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'";
        boolean takesArguments = !ex.getCommandLine().getCommandSpec().positionalParameters().isEmpty();
        if (ex instanceof CommandLine.UnmatchedArgumentException u && u.isUnknownOption() && takesArguments) {
            return ex.getMessage() + " (an argument that starts with '-' goes after '--'; " + help + " lists the options)";
        }
        return ex.getMessage() + " (see " + help + ")";
    }

    public static int run(String... args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        return commandLineFor(out, err, args).execute(args);
    }

    static boolean debug(CommandLine cmd) {
        CommandLine c = cmd;
        while (c.getParent() != null) c = c.getParent();
        return c.getCommand() instanceof JdxCommand j && j.debug;
    }
}
