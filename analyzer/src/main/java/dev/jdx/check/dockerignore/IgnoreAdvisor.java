package dev.jdx.check.dockerignore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Links a file found in an image back to the build context and says which ignore pattern would have kept it out
 * (for {@code jdx inspect IMAGE --context DIR}).
 */
public final class IgnoreAdvisor {
    private IgnoreAdvisor() {}

    /**
     * A recommendation for one image path.
     *
     * @param imagePath       the path inside the image
     * @param contextPath     the context file it most likely came from (relative), or null when no such file exists now
     * @param pattern         the pattern to add (or, when {@code alreadyExcluded}, the pattern that excludes it today)
     * @param alreadyExcluded true when the current ignore file already excludes {@code contextPath}
     * @param line            the ignore-file line of that pattern when already excluded, else null
     */
    public record Suggestion(String imagePath, String contextPath, String pattern, boolean alreadyExcluded, Integer line) {}

    private static final Set<String> ANYWHERE_DIRS = Set.of(".git", "node_modules", "__pycache__", ".venv", "venv", ".gradle", ".idea",
            ".vscode", ".terraform", ".aws", ".ssh", ".docker", ".svn", ".hg");

    /**
     * The pattern to recommend for a context-relative {@code path}: {@code **}/ plus the first well-known directory
     * element ({@code .git}, {@code node_modules}), {@code **}/*.ext for key files, {@code **}/.env for .env files,
     * else {@code **}/ plus the file name.
     */
    public static String patternFor(String path) {
        String[] parts = path.replaceFirst("^/+", "").split("/");
        for (int k = 0; k < parts.length - 1; k++) if (ANYWHERE_DIRS.contains(parts[k])) return "**/" + parts[k];
        String name = parts[parts.length - 1];
        if (ANYWHERE_DIRS.contains(name)) return "**/" + name;
        if (name.matches("(?i).*\\.(pem|key|p12|pfx|jks|keystore)$")) return "**/*" + name.substring(name.lastIndexOf('.'));
        if (name.startsWith(".env.")) return "**/.env.*";
        return "**/" + name;
    }

    /**
     * Finds the context file an image path came from (the longest suffix of {@code imagePath} that exists under
     * {@code contextDir}) and the ignore pattern that would exclude it, using the ignore file {@code builder} reads.
     * Without a matching context file, the pattern is derived from the image path alone.
     */
    public static Optional<Suggestion> suggest(Path contextDir, String imagePath, Builder builder) throws IOException {
        Path dir = BuildContext.checkDir(contextDir);
        String[] parts = imagePath.replaceFirst("^/+", "").split("/");
        if (parts.length == 0 || parts[0].isEmpty()) return Optional.empty();
        String rel = null;
        for (int k = 0; k < parts.length; k++) {
            String candidate = String.join("/", java.util.Arrays.copyOfRange(parts, k, parts.length));
            if (Files.exists(dir.resolve(candidate), LinkOption.NOFOLLOW_LINKS)) { rel = candidate; break; }
        }
        IgnoreFile ignore = BuildContext.readIgnoreFile(dir, BuildContext.defaultDockerfile(dir, builder), builder);
        if (rel != null && ignore.present()) {
            PatternMatcher pm = new PatternMatcher(ignore.patterns(), builder == Builder.BUILDKIT ? PatternMatcher.Flavor.PATTERNMATCHER
                    : PatternMatcher.Flavor.FILEUTILS_2020, ignore.name());
            IgnorePattern decider = pm.decidingPattern(rel, true);
            if (decider != null && !decider.exclusion()) {
                return Optional.of(new Suggestion(imagePath, rel, decider.normalized(), true, decider.line()));
            }
        }
        return Optional.of(new Suggestion(imagePath, rel, patternFor(rel != null ? rel : String.join("/", parts)), false, null));
    }
}
