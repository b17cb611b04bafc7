package dev.jdx.cli;

import dev.jdx.cli.warm.WarmControl;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jdx server}: the warm servers that long runs from a terminal go to ({@code status}, {@code stop}). */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Show or stop this user's warm jdx servers (JVMs kept in the background for repeated long runs; JDX_WARM).",
        subcommands = {ServerCommand.Status.class, ServerCommand.Stop.class})
final class ServerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return SubcommandGroup.missing(spec);
    }

    static Path directory() throws IOException {
        return WarmControl.directory(System.getenv());
    }

    /** {@code jdx server status}. */
    @Command(name = "status", mixinStandardHelpOptions = true, description = "List the warm servers: pid, runs served, idle time, memory, working directory.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            List<WarmControl.Server> servers = WarmControl.status(directory());
            if (servers.isEmpty()) {
                out.println("no warm jdx server is running");
                return ExitCode.OK;
            }
            out.printf(Locale.ROOT, "%-8s %5s %-8s %9s  %s%n", "PID", "RUNS", "IDLE", "RSS", "DIRECTORY");
            for (WarmControl.Server s : servers) {
                out.printf(Locale.ROOT, "%-8d %5d %-8s %9s  %s%n", s.pid(), s.runs(), s.state(),
                        s.rssKib() < 0 ? "?" : (s.rssKib() >> 10) + " MiB", s.directory());
            }
            return ExitCode.OK;
        }
    }

    /** {@code jdx server stop}. */
    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop every warm server (one that is running a command stops after it).")
    static final class Stop implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            int n = WarmControl.stop(directory());
            spec.commandLine().getOut().println(n == 0 ? "no warm jdx server is running" : "stopped " + n + " warm jdx server" + (n == 1 ? "" : "s"));
            return ExitCode.OK;
        }
    }
}
