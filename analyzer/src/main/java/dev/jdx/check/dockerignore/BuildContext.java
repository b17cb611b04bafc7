package dev.jdx.check.dockerignore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Computes the build context a builder would send: picks the ignore file the builder reads, walks the directory
 * the way that builder walks it, and adds the Dockerfile and ignore file that always reach it.
 */
public final class BuildContext {
    private BuildContext() {}

    /** How an excluded directory is treated while walking. */
    private enum Walk { PRUNE_UNLESS_PREFIX_EXCEPTION, BUILDKIT }

    /**
     * The Dockerfile a build of {@code dir} uses when none is named: {@code Dockerfile} (Buildah also
     * {@code Containerfile} first), falling back to lower-case {@code dockerfile} as the docker CLI does.
     */
    public static Path defaultDockerfile(Path dir, Builder builder) {
        if (builder == Builder.BUILDAH && Files.isRegularFile(dir.resolve("Containerfile"))) return dir.resolve("Containerfile");
        Path p = dir.resolve("Dockerfile");
        if (!Files.exists(p) && Files.isRegularFile(dir.resolve("dockerfile"))) return dir.resolve("dockerfile");
        return p;
    }

    /** The ignore file {@code builder} reads for this context and Dockerfile (may be {@link IgnoreFile#none()}). */
    public static IgnoreFile readIgnoreFile(Path dir, Path dockerfile, Builder builder) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        switch (builder) {
            case BUILDKIT -> {
                if (dockerfile != null) {
                    Path beside = dockerfile.toAbsolutePath().normalize().resolveSibling(dockerfile.getFileName() + ".dockerignore");
                    if (Files.isRegularFile(beside)) return IgnoreFile.parseDocker(display(abs, beside), read(beside));
                }
                return docker(abs, ".dockerignore");
            }
            case BUILDAH -> {
                Path ci = abs.resolve(".containerignore");
                if (Files.isRegularFile(ci)) return IgnoreFile.parseBuildah(".containerignore", read(ci));
                Path di = abs.resolve(".dockerignore");
                if (Files.isRegularFile(di)) return IgnoreFile.parseBuildah(".dockerignore", read(di));
                return IgnoreFile.none();
            }
            default -> {
                return docker(abs, ".dockerignore");
            }
        }
    }

    private static IgnoreFile docker(Path dir, String name) throws IOException {
        Path p = dir.resolve(name);
        return Files.isRegularFile(p) ? IgnoreFile.parseDocker(name, read(p)) : IgnoreFile.none();
    }

    private static String display(Path dir, Path file) {
        return file.startsWith(dir) ? slash(dir.relativize(file)) : file.toString();
    }

    private static String read(Path p) throws IOException {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("reading ignore file " + p + ": " + e.getMessage(), e);
        }
    }

    /** Lists the context of {@code dir} for {@code builder}; {@code dockerfile} null means the default one. */
    public static ContextListing list(Path dir, Path dockerfile, Builder builder) throws IOException {
        Path abs = checkDir(dir);
        Path df = (dockerfile == null ? defaultDockerfile(abs, builder) : dockerfile).toAbsolutePath().normalize();
        IgnoreFile ignore = readIgnoreFile(abs, df, builder);
        String relDf = df.startsWith(abs) ? slash(abs.relativize(df)) : null;
        List<IgnorePattern> patterns = new ArrayList<>(ignore.patterns());
        TreeMap<String, ContextFile> files = new TreeMap<>();
        switch (builder) {
            case LEGACY -> {
                // docker/cli TrimBuildFilesFromExcludes: keep the ignore file and Dockerfile in the tar ...
                PatternMatcher raw = new PatternMatcher(patterns, PatternMatcher.Flavor.FILEUTILS_2020, ignoreName(ignore));
                if (raw.matches(".dockerignore")) patterns.add(new IgnorePattern(".dockerignore", true, 0, "!.dockerignore"));
                if (relDf != null && raw.matches(relDf)) patterns.add(new IgnorePattern(relDf, true, 0, "!" + relDf));
                PatternMatcher pm = new PatternMatcher(patterns, PatternMatcher.Flavor.FILEUTILS_2020, ignoreName(ignore));
                walk(abs, "", pm, Walk.PRUNE_UNLESS_PREFIX_EXCEPTION, false, files);
                // ... and the daemon then removes them from what COPY can see when the ignore file excludes them
                for (String always : relDf == null ? List.of(".dockerignore") : List.of(".dockerignore", relDf)) {
                    ContextFile f = files.get(always);
                    if (f != null && raw.matches(always)) files.put(always, new ContextFile(always, f.size(), false));
                }
            }
            case BUILDKIT -> {
                PatternMatcher pm = new PatternMatcher(patterns, PatternMatcher.Flavor.PATTERNMATCHER, ignoreName(ignore));
                walk(abs, "", pm, Walk.BUILDKIT, true, files);
                addSeparately(abs, relDf, ignore, files);
            }
            case BUILDAH -> {
                // buildah 1.28's copier checks every parent (measured: unlike dockerd 20.10, "**/cache" excludes cache/a/b/c)
                PatternMatcher pm = new PatternMatcher(patterns, PatternMatcher.Flavor.FILEUTILS_2020, ignoreName(ignore));
                walk(abs, "", pm, Walk.PRUNE_UNLESS_PREFIX_EXCEPTION, true, files);
                addSeparately(abs, relDf, ignore, files);
            }
        }
        long total = files.values().stream().mapToLong(ContextFile::size).sum();
        return new ContextListing(builder, relDf, ignore, new ArrayList<>(files.values()), total);
    }

    /** BuildKit and Buildah read the Dockerfile and ignore file themselves, whatever the patterns say. */
    private static void addSeparately(Path abs, String relDf, IgnoreFile ignore, TreeMap<String, ContextFile> files) throws IOException {
        List<String> always = new ArrayList<>();
        if (relDf != null) always.add(relDf);
        if (ignore.present() && !ignore.name().startsWith("/")) always.add(ignore.name());
        for (String rel : always) {
            Path p = abs.resolve(rel);
            if (!files.containsKey(rel) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                files.put(rel, new ContextFile(rel, Files.size(p), false));
            }
        }
    }

    private static String ignoreName(IgnoreFile f) {
        return f.present() ? f.name() : ".dockerignore";
    }

    static Path checkDir(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) throw new IOException("reading build context " + dir + ": not a directory");
        return abs;
    }

    /** Every file of the context, ignoring all patterns (what a missing ignore file sends). */
    public static List<ContextFile> allFiles(Path dir) throws IOException {
        TreeMap<String, ContextFile> files = new TreeMap<>();
        walk(checkDir(dir), "", new PatternMatcher(List.of(), PatternMatcher.Flavor.PATTERNMATCHER), Walk.BUILDKIT, true, files);
        return new ArrayList<>(files.values());
    }

    private static void walk(Path root, String relDir, PatternMatcher pm, Walk mode, boolean anyParent,
                             TreeMap<String, ContextFile> out) throws IOException {
        Path dir = relDir.isEmpty() ? root : root.resolve(relDir);
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(children::add);
        } catch (IOException e) {
            throw new IOException("reading build context directory " + dir + ": " + e.getMessage(), e);
        }
        // Go's filepath.Walk visits names in byte order
        children.sort((a, b) -> compareBytes(a.getFileName().toString(), b.getFileName().toString()));
        boolean wildcardExceptions = pm.patterns().stream().anyMatch(p -> p.exclusion() && p.hasWildcards());
        for (Path child : children) {
            String name = child.getFileName().toString();
            String rel = relDir.isEmpty() ? name : relDir + "/" + name;
            BasicFileAttributes a = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            boolean isDir = a.isDirectory();
            boolean skip = anyParent ? pm.matchesOrParentMatches(rel) : pm.matches(rel);
            if (skip) {
                if (!isDir || !pm.hasExclusions()) continue;
                boolean descend = mode == Walk.BUILDKIT && wildcardExceptions;
                if (!descend) {
                    String dirSlash = rel + "/";
                    descend = pm.patterns().stream().anyMatch(p -> p.exclusion() && (p.text() + "/").startsWith(dirSlash));
                }
                if (descend) walk(root, rel, pm, mode, anyParent, out);
                continue;
            }
            if (isDir) {
                walk(root, rel, pm, mode, anyParent, out);
            } else {
                out.put(rel, new ContextFile(rel, a.size(), true));
            }
        }
    }

    private static int compareBytes(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    static String slash(Path p) {
        return p.toString().replace(java.io.File.separatorChar, '/');
    }
}
