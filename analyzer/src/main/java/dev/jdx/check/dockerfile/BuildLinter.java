package dev.jdx.check.dockerfile;

import dev.jdx.check.Finding;
import dev.jdx.check.LintConfig;
import dev.jdx.check.dockerignore.BuildContext;
import dev.jdx.check.dockerignore.Builder;
import dev.jdx.check.dockerignore.ContextListing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Runs every build check over a context directory and its Dockerfile. */
public final class BuildLinter {
    private final LintConfig config;
    private final Clock clock;
    private final EolTable eol;

    /** A linter with {@code config}, judging end-of-life dates against {@code clock}'s today. */
    public BuildLinter(LintConfig config, Clock clock) {
        this(config, clock, EolTable.embedded());
    }

    BuildLinter(LintConfig config, Clock clock, EolTable eol) {
        this.config = config;
        this.clock = clock;
        this.eol = eol;
    }

    /**
     * Lints {@code contextDir} built with {@code dockerfile} (null: the default Dockerfile) as {@code builder} sees it.
     *
     * @throws IOException for a missing directory, an unreadable Dockerfile or an invalid ignore file
     */
    public LintResult lint(Path contextDir, Path dockerfile, Builder builder) throws IOException {
        if (!Files.isDirectory(contextDir)) throw new IOException("reading build context " + contextDir + ": not a directory");
        Path dir = contextDir.toAbsolutePath().normalize();
        Path df = (dockerfile == null ? BuildContext.defaultDockerfile(dir, builder) : dockerfile).toAbsolutePath().normalize();
        if (!Files.isRegularFile(df)) throw new IOException("reading Dockerfile " + (dockerfile == null ? df : dockerfile) + ": no such file");
        String name = df.startsWith(dir) ? dir.relativize(df).toString().replace('\\', '/') : df.toString();
        String text;
        try {
            text = Files.readString(df, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("reading Dockerfile " + df + ": " + e.getMessage(), e);
        }
        Dockerfile parsed = DockerfileParser.parse(name, text);
        ContextListing listing = BuildContext.list(dir, df, builder);
        return lint(parsed, dir, listing);
    }

    /** Lints an already parsed Dockerfile and listed context (for callers that have them). */
    public LintResult lint(Dockerfile parsed, Path dir, ContextListing listing) throws IOException {
        List<Finding> raw = new ArrayList<>(DockerfileRules.check(parsed, config, LocalDate.now(clock), eol));
        raw.addAll(ContextRules.check(dir, parsed, listing));
        Set<String> skipped = checkDirectiveSkips(parsed);
        Map<Integer, Set<String>> ignoreSuppress = listing.ignore().suppressions();
        List<Finding> kept = new ArrayList<>();
        for (Finding f : raw) {
            if (skipped.contains("ALL") || skipped.contains(f.checkId())) continue;
            if (f.line() != null && f.file() != null) {
                Map<Integer, Set<String>> sup = f.file().equals(parsed.file()) ? parsed.suppressions()
                        : f.file().equals(listing.ignoreFile()) ? ignoreSuppress : Map.of();
                Set<String> ids = sup.get(f.line());
                if (ids != null && (ids.contains(f.checkId()) || ids.contains("ALL"))) continue;
            }
            kept.add(f);
        }
        List<Finding> findings = new ArrayList<>(config.apply(kept));
        findings.sort(Comparator.comparing((Finding f) -> f.file() == null ? "" : f.file())
                .thenComparing(f -> f.line() == null ? 0 : f.line())
                .thenComparing(Finding::severity, Comparator.reverseOrder())
                .thenComparing(Finding::checkId));
        return new LintResult(parsed.file(), listing.ignoreFile(), listing.builder(), findings);
    }

    /** Ids named in a {@code # check=skip=ID,ID} directive (BuildKit's syntax, jdx ids accepted). */
    private static Set<String> checkDirectiveSkips(Dockerfile df) {
        Set<String> out = new HashSet<>();
        String check = df.directives().get("check");
        if (check == null) return out;
        for (String part : check.split(";")) {
            String p = part.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("skip=")) {
                for (String id : p.substring(5).split(",")) out.add(id.strip().toUpperCase(Locale.ROOT));
            }
        }
        return out;
    }
}
