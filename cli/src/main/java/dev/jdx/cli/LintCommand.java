package dev.jdx.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jdx.check.Check;
import dev.jdx.check.Finding;
import dev.jdx.check.LintConfig;
import dev.jdx.check.Severity;
import dev.jdx.check.dockerfile.BuildChecks;
import dev.jdx.check.dockerfile.BuildLinter;
import dev.jdx.check.dockerfile.LintResult;
import dev.jdx.check.dockerignore.Builder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jdx lint}: the build checks (.dockerignore, base images, Dockerfile practice) over a build context. */
@Command(name = "lint", mixinStandardHelpOptions = true,
        description = "Check a build context: .dockerignore semantics, base images and Dockerfile practice.")
public final class LintCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Build context directory (default: .)")
    Path dir = Path.of(".");

    @Option(names = {"-f", "--file"}, paramLabel = "DOCKERFILE", description = "Dockerfile (default: DIR/Dockerfile)")
    Path dockerfile;

    @Option(names = "--builder", paramLabel = "legacy|buildkit|buildah", description = "Whose context rules to apply (default: ${DEFAULT-VALUE})")
    String builder = "buildkit";

    @Option(names = "--json", description = "Print the findings as JSON")
    boolean json;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", description = "Exit 1 when a finding is at least this severe (info, low, medium, high, critical)")
    String failOn;

    @Option(names = "--disable", split = ",", paramLabel = "ID", description = "Check ids to turn off (repeatable or comma-separated)")
    List<String> disable = new ArrayList<>();

    @Option(names = "--severity", split = ",", paramLabel = "ID=SEVERITY", description = "Override a check's severity, e.g. JDX-P013=high")
    List<String> severity = new ArrayList<>();

    @Option(names = "--trusted-registry", split = ",", paramLabel = "HOST", description = "Registries base images may come from (* wildcards); enables JDX-B004")
    List<String> trustedRegistries = new ArrayList<>();

    @Option(names = "--require-digest", description = "Report base images not pinned by digest (JDX-B003)")
    boolean requireDigest;

    @Option(names = "--list-checks", description = "List every check (id, severity, title) and exit")
    boolean listChecks;

    @Option(names = "--verbose", description = "Also print why each finding matters")
    boolean verbose;

    private final Clock clock;

    /** The command judging end-of-life dates against the system clock. */
    public LintCommand() {
        this(Clock.systemUTC());
    }

    LintCommand(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (listChecks) {
                listChecks(out);
                return ExitCode.OK;
            }
            Builder b;
            Severity threshold;
            LintConfig config;
            try {
                b = Builder.parse(builder);
                threshold = failOn == null ? null : Severity.parse(failOn);
                config = config();
            } catch (IllegalArgumentException e) {
                err.println(Errors.line(e.getMessage()));
                return ExitCode.USAGE;
            }
            LintResult result = new BuildLinter(config, clock).lint(dir, dockerfile, b);
            if (json) out.println(toJson(result));
            else printText(out, result);
            return threshold != null && result.reaches(threshold) ? ExitCode.GATE_FAILED : ExitCode.OK;
        } catch (IOException e) {
            err.println(Errors.line(e.getMessage()));
            return ExitCode.INPUT;
        } catch (RuntimeException e) {
            err.println(Errors.line("internal error: " + e));
            return ExitCode.INTERNAL;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private LintConfig config() {
        Set<String> disabled = new HashSet<>();
        for (String id : disable) disabled.add(known(id));
        Map<String, Severity> overrides = new HashMap<>();
        for (String s : severity) {
            int eq = s.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("--severity expects ID=SEVERITY, got '" + s + "'");
            overrides.put(known(s.substring(0, eq)), Severity.parse(s.substring(eq + 1)));
        }
        return new LintConfig(disabled, overrides, trustedRegistries, requireDigest);
    }

    private static String known(String id) {
        Check c = BuildChecks.byId(id.strip());
        if (c == null) throw new IllegalArgumentException("unknown check id '" + id.strip() + "' (see jdx lint --list-checks)");
        return c.id();
    }

    private void listChecks(PrintWriter out) throws IOException {
        if (json) {
            ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ArrayNode arr = m.createArrayNode();
            for (Check c : BuildChecks.ALL) {
                arr.addObject().put("id", c.id()).put("severity", c.severity().label()).put("title", c.title()).put("why", c.why()).put("fix", c.fix());
            }
            out.println(m.writeValueAsString(arr));
            return;
        }
        for (Check c : BuildChecks.ALL) out.printf(Locale.ROOT, "%-9s %-8s %s%n", c.id(), c.severity().label(), c.title());
    }

    static String toJson(LintResult r) throws IOException {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.put("dockerfile", r.dockerfile());
        root.put("ignoreFile", r.ignoreFile());
        root.put("builder", r.builder().label());
        ArrayNode arr = root.putArray("findings");
        for (Finding f : r.findings()) {
            ObjectNode o = arr.addObject();
            o.put("checkId", f.checkId()).put("severity", f.severity().label()).put("message", f.message());
            o.put("file", f.file());
            if (f.line() != null) o.put("line", f.line()); else o.putNull("line");
            o.put("why", f.why()).put("fix", f.fix());
        }
        ObjectNode summary = root.putObject("summary");
        for (Severity s : Severity.values()) summary.put(s.label(), r.findings().stream().filter(f -> f.severity() == s).count());
        return m.writeValueAsString(root);
    }

    private void printText(PrintWriter out, LintResult r) {
        String currentFile = null;
        for (Finding f : r.findings()) {
            String file = f.file() == null ? "(context)" : f.file();
            if (!file.equals(currentFile)) {
                if (currentFile != null) out.println();
                out.println(file);
                currentFile = file;
            }
            out.printf(Locale.ROOT, "  %-5s %-8s %-9s %s%n", f.line() == null ? "-" : f.line().toString(), f.severity().label(), f.checkId(), f.message());
            if (verbose) out.printf(Locale.ROOT, "  %-5s %-8s %-9s why: %s%n", "", "", "", f.why());
            out.printf(Locale.ROOT, "  %-5s %-8s %-9s fix: %s%n", "", "", "", f.fix());
        }
        if (currentFile != null) out.println();
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (Finding f : r.findings()) counts.merge(f.severity(), 1, Integer::sum);
        List<String> parts = new ArrayList<>();
        for (Severity s : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO)) {
            if (counts.containsKey(s)) parts.add(counts.get(s) + " " + s.label());
        }
        out.println(r.findings().isEmpty() ? "no findings (" + r.dockerfile() + ", " + r.builder().label() + " builder)"
                : r.findings().size() + " finding" + (r.findings().size() == 1 ? "" : "s") + ": " + String.join(", ", parts));
    }
}
