package dev.jdx.cli;

import dev.jdx.check.Check;
import dev.jdx.check.Finding;
import dev.jdx.check.Gate;
import dev.jdx.check.GateResult;
import dev.jdx.check.Measures;
import dev.jdx.check.Policy;
import dev.jdx.check.PolicyLoader;
import dev.jdx.check.Severity;
import dev.jdx.check.dockerfile.BuildChecks;
import dev.jdx.check.dockerfile.BuildLinter;
import dev.jdx.check.dockerfile.LintResult;
import dev.jdx.check.dockerignore.Builder;
import dev.jdx.check.image.ImageCheckOptions;
import dev.jdx.check.image.ImageChecks;
import dev.jdx.check.image.ImageFacts;
import dev.jdx.fs.LayerStack;
import dev.jdx.fs.ScanResult;
import dev.jdx.image.Image;
import dev.jdx.report.GateViews;
import dev.jdx.report.JunitReportWriter;
import dev.jdx.report.MarkdownReportWriter;
import dev.jdx.report.Report;
import dev.jdx.report.SarifReportWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The quality-gate options of {@code jdx inspect} (a picocli mixin): which policy, CI mode, the failing severity,
 * the machine reports and the build context to lint alongside the image. Used in three steps: {@link #prepare()}
 * before the scan (a bad policy stops the run with exit 2 before any work), {@link #apply} to run the checks and
 * the gate and put them into the report, {@link #finish} to write every report, print the evaluation and give the
 * exit code, in that order.
 */
final class GateOptions {
    @Option(names = "--policy", paramLabel = "FILE", description = "Policy file (default: ./.jdx.yaml when present).")
    Path policyFile;

    @Option(names = "--dive-ci", paramLabel = "FILE", description = "Apply dive's CI rules from FILE (default: ./.dive-ci when there is no .jdx.yaml).")
    Path diveCiFile;

    @Option(names = "--ci", description = "CI mode, as dive's: print the rule evaluation; dive's default rules apply when no policy is found (also when CI=true).")
    boolean ci;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", description = "Fail the gate on findings at least this severe (info, low, medium, high, critical, none); overrides the policy.")
    String failOn;

    @Option(names = "--sarif", paramLabel = "FILE", description = "Write the findings as SARIF 2.1.0 ('-' for stdout).")
    String sarif;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write the gate as JUnit XML: one test case per threshold and per check ('-' for stdout).")
    String junit;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Write a pull-request summary in Markdown ('-' for stdout); also appended to $GITHUB_STEP_SUMMARY when set.")
    String markdown;

    @Option(names = "--context", paramLabel = "DIR", description = "Also run the build checks (Dockerfile, .dockerignore) on this build context.")
    Path context;

    /** Where the default policy files are looked for. */
    Path workingDir = Path.of("").toAbsolutePath();
    Clock clock = Clock.systemUTC();

    private Policy policy;

    /** The evaluation of one image: the report with findings and gate, and the gate's result. */
    record Outcome(Report report, GateResult result) {}

    /** Reads the environment; a system property {@code jdx.env.NAME} overrides variable NAME (the test suite's hook). */
    static String env(String name) {
        String p = System.getProperty("jdx.env." + name);
        return p != null ? p : System.getenv(name);
    }

    boolean ciMode() {
        if (ci) return true;
        String v = env("CI");
        return v != null && Set.of("true", "1", "yes").contains(v.strip().toLowerCase(Locale.ROOT));
    }

    /** Loads the policy (exit 2 on a bad one). */
    void prepare() {
        PolicyLoader loader = new PolicyLoader(GateOptions::canonicalCheckId);
        try {
            Path jdxYaml = workingDir.resolve(PolicyLoader.POLICY_FILE), diveCi = workingDir.resolve(PolicyLoader.DIVE_CI_FILE);
            if (policyFile != null) policy = loader.load(existing(policyFile, "--policy"));
            else if (diveCiFile != null) policy = loader.loadDiveCi(existing(diveCiFile, "--dive-ci"));
            else if (Files.isRegularFile(jdxYaml)) policy = loader.load(jdxYaml);
            else if (Files.isRegularFile(diveCi)) policy = loader.loadDiveCi(diveCi);
            else policy = ciMode() ? Policy.diveDefaults() : Policy.none();
        } catch (IOException e) {
            throw new UsageException("reading the policy: " + e.getMessage());
        }
        if (failOn != null) {
            try {
                policy = policy.withFailOn("none".equalsIgnoreCase(failOn.strip()) ? null : Severity.parse(failOn));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--fail-on: " + e.getMessage());
            }
        }
        if (context != null && !Files.isDirectory(context)) throw new UsageException("--context " + context + ": not a directory");
    }

    private static Path existing(Path p, String option) {
        if (!Files.isRegularFile(p)) throw new UsageException(option + " " + p + ": no such file");
        return p;
    }

    static String canonicalCheckId(String id) {
        Check c = ImageChecks.byId(id);
        if (c == null) c = BuildChecks.byId(id);
        return c == null ? null : c.id();
    }

    /** Runs the image checks (and the build checks with {@code --context}) and the gate; the report gains both. */
    Outcome apply(Report report, Image image, ScanResult scan, LayerStack stack) throws IOException {
        if (policy == null) prepare();
        ImageFacts facts = ImageFacts.of(image, scan, stack, report.analysis());
        LocalDate today = LocalDate.now(clock);
        List<Finding> findings = new ArrayList<>(ImageChecks.run(facts, ImageCheckOptions.from(policy, today)));
        List<Check> checks = new ArrayList<>(ImageChecks.ALL);
        if (context != null) {
            findings = linkToContext(findings, context);
            LintResult lint = new BuildLinter(policy.checks(), clock).lint(context, null, Builder.parse("buildkit"));
            findings.addAll(lint.findings());
            checks.addAll(BuildChecks.ALL);
        }
        Measures m = facts.measures();
        GateResult result = Gate.evaluate(policy, m, checks, findings);
        return new Outcome(GateViews.attach(report, result, m, facts.waste().stream().limit(10).toList()), result);
    }

    /** Image findings about files that should never ship (keys, credentials, .env, .git). */
    private static final java.util.Set<String> LEAK_CHECKS = java.util.Set.of("JDX-I004", "JDX-I005", "JDX-I006");

    /**
     * For a leaked file that also exists in the build context, says so and names the ignore pattern that would
     * have kept it out of the image (or the one that excludes it today, when the image predates the ignore file).
     */
    static List<Finding> linkToContext(List<Finding> findings, Path context) throws IOException {
        List<Finding> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            if (!LEAK_CHECKS.contains(f.checkId()) || f.imagePath() == null) {
                out.add(f);
                continue;
            }
            var s = dev.jdx.check.dockerignore.IgnoreAdvisor.suggest(context, f.imagePath(), Builder.parse("buildkit"));
            if (s.isEmpty() || s.get().contextPath() == null) {
                out.add(f);
                continue;
            }
            var g = s.get();
            String link = g.alreadyExcluded()
                    ? "; from the build context (" + g.contextPath() + "), which '" + g.pattern() + "' (.dockerignore:" + g.line()
                            + ") now excludes: rebuild"
                    : "; from the build context (" + g.contextPath() + "): add '" + g.pattern() + "' to .dockerignore";
            String fix = g.alreadyExcluded() ? "Rebuild the image: the ignore file already excludes it."
                    : "Add '" + g.pattern() + "' to .dockerignore and rebuild.";
            out.add(new Finding(f.checkId(), f.severity(), f.message() + link, f.file(), f.line(), f.imagePath(), f.why(), fix, f.layer()));
        }
        return out;
    }

    /** Writes SARIF, JUnit and Markdown (and the GitHub step summary), prints the evaluation, returns the exit code. */
    /** True when SARIF, JUnit or Markdown goes to standard output (then the terminal text must stay off it). */
    boolean reportOnStdout() {
        return "-".equals(sarif) || "-".equals(junit) || "-".equals(markdown);
    }

    int finish(Outcome o, PrintStream stdout, PrintWriter out, PrintWriter err, boolean quiet, boolean jsonOnStdout) throws IOException {
        Report r = o.report();
        if (sarif != null) ReportFiles.write(sarif, stdout, s -> new SarifReportWriter().write(r, s));
        if (junit != null) ReportFiles.write(junit, stdout, s -> new JunitReportWriter().write(r, s));
        if (markdown != null) ReportFiles.write(markdown, stdout, s -> new MarkdownReportWriter().write(r, s));
        String summary = env("GITHUB_STEP_SUMMARY");
        if (summary != null && !summary.isBlank() && !summary.strip().equals("off")) {
            ByteArrayOutputStream md = new ByteArrayOutputStream();
            new MarkdownReportWriter().write(r, md);
            // appended, as GitHub expects every step to add to the job's summary file
            Files.write(Path.of(summary.strip()), md.toByteArray(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        // with a report on stdout the evaluation goes to stderr, so the CI log still shows it
        PrintWriter to = reportOnStdout() || jsonOnStdout ? err : out;
        if (!quiet && !jsonOnStdout || ciMode()) {
            printFindings(o.result(), to);
            if (ciMode() || policy.gates()) print(o.result(), to);
        }
        to.flush();
        return o.result().passed() ? ExitCode.OK : ExitCode.GATE_FAILED;
    }

    /** Every finding, most severe first, marking those that fail the gate. */
    static void printFindings(GateResult g, PrintWriter out) {
        if (g.findings().isEmpty()) return;
        out.println();
        out.println("Findings:");
        for (Finding f : g.findings()) {
            out.printf(Locale.ROOT, "  %-4s %-8s %-9s %s%s%n", g.fails(f) ? "FAIL" : "", f.severity().label(), f.checkId(),
                    f.location().isEmpty() ? "" : f.location() + (f.layer() != null ? " (layer " + f.layer() + ")" : "") + ": ",
                    f.message());
        }
    }

    /** The evaluation as dive's CI mode prints it, plus each failing finding with its severity and the limit. */
    static void print(GateResult g, PrintWriter out) {
        out.println();
        out.println("Gate (policy: " + g.policy() + "):");
        int pass = 0, fail = 0, skip = 0;
        for (GateResult.Threshold t : g.thresholds()) {
            switch (t.status()) {
                case PASS -> {
                    pass++;
                    out.println("  PASS: " + t.name() + ": " + t.valueText() + " (limit " + t.limitText() + ")");
                }
                case FAIL -> {
                    fail++;
                    out.println("  FAIL: " + t.name() + ": " + t.message() + " (value " + t.valueText() + ", limit " + t.limitText() + ")");
                }
                case SKIP -> {
                    skip++;
                    out.println("  SKIP: " + t.name() + ": rule disabled");
                }
            }
        }
        List<Finding> failing = g.failingFindings();
        if (g.failOn() != null) {
            if (failing.isEmpty()) {
                pass++;
                out.println("  PASS: findings: " + g.findings().size() + " finding(s), none at or above " + g.failOn().label()
                        + " (limit: no finding >= " + g.failOn().label() + ")");
            } else {
                fail++;
                out.println("  FAIL: findings: " + failing.size() + " finding(s) at or above " + g.failOn().label()
                        + " (limit: no finding >= " + g.failOn().label() + ")");
                for (Finding f : failing) {
                    out.println("    " + f.severity().label() + " " + f.checkId() + (f.location().isEmpty() ? "" : " " + f.location())
                            + ": " + f.message());
                }
            }
        }
        out.printf(Locale.ROOT, "Result:%s [Total:%d] [Passed:%d] [Failed:%d] [Warn:0] [Skipped:%d]%n",
                g.passed() ? "PASS" : "FAIL", pass + fail + skip, pass, fail, skip);
    }
}
