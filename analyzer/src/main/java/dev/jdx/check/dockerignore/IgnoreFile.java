package dev.jdx.check.dockerignore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed ignore file: its patterns in order, as the builder normalises them, plus the raw lines (for checks
 * that look at what was written) and the {@code # jdx ignore=ID} suppressions.
 *
 * @param name         file name relative to the context ({@code .dockerignore}), or null for "no ignore file"
 * @param patterns     the patterns the matcher receives, in file order
 * @param lines        the file's lines as written (index 0 is line 1)
 * @param suppressions line number to check ids suppressed on that line (from a comment on the line before)
 */
public record IgnoreFile(String name, List<IgnorePattern> patterns, List<String> lines, Map<Integer, Set<String>> suppressions) {
    public IgnoreFile {
        patterns = List.copyOf(patterns);
        lines = List.copyOf(lines);
        suppressions = Map.copyOf(suppressions);
    }

    /** No ignore file at all. */
    public static IgnoreFile none() {
        return new IgnoreFile(null, List.of(), List.of(), Map.of());
    }

    /** True when this stands for a file that exists. */
    public boolean present() {
        return name != null;
    }

    /**
     * Parses an ignore file the way Docker and BuildKit do (moby/patternmatcher {@code ignorefile.ReadAll} followed
     * by {@code patternmatcher.New}).
     *
     * @throws IgnoreFileException for a lone {@code !} or a pattern Go's {@code filepath.Match} rejects
     */
    public static IgnoreFile parseDocker(String name, String content) throws IgnoreFileException {
        List<String> lines = scanLines(content);
        List<IgnorePattern> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i == 0 && line.startsWith("\uFEFF")) line = line.substring(1);
            // a comment only in column 1: "  # x" and "foo # x" are patterns
            if (line.startsWith("#")) continue;
            String p = GoPath.trimSpace(line);
            if (p.isEmpty()) continue;
            boolean invert = p.charAt(0) == '!';
            if (invert) p = GoPath.trimSpace(p.substring(1));
            if (!p.isEmpty()) {
                p = GoPath.clean(p);
                if (p.length() > 1 && p.charAt(0) == '/') p = p.substring(1);
            }
            if (invert) p = "!" + p;
            out.add(matcherPattern(name, i + 1, lines.get(i), p));
        }
        return new IgnoreFile(name, out, lines, suppressions(lines));
    }

    /**
     * Parses an ignore file the way Buildah 1.28 does (openshift/imagebuilder {@code ParseIgnore}: split on
     * {@code \n}, {@code #} in column 1, {@code /} trimmed from both ends) followed by containers/storage's
     * {@code fileutils.NewPatternMatcher}.
     */
    public static IgnoreFile parseBuildah(String name, String content) throws IgnoreFileException {
        List<String> lines = List.of(content.split("\n", -1));
        List<IgnorePattern> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() || line.charAt(0) == '#') continue;
            int b = 0, e = line.length();
            while (b < e && line.charAt(b) == '/') b++;
            while (e > b && line.charAt(e - 1) == '/') e--;
            String p = line.substring(b, e);
            if (p.isEmpty()) continue;
            if (GoPath.trimSpace(p).isEmpty()) continue;
            out.add(matcherPattern(name, i + 1, line, p));
        }
        List<String> display = scanLines(content);
        return new IgnoreFile(name, out, display, suppressions(display));
    }

    /** What {@code patternmatcher.New} does to each string: trim, clean, split off {@code !}, validate. */
    private static IgnorePattern matcherPattern(String file, int line, String raw, String p) throws IgnoreFileException {
        p = GoPath.clean(GoPath.trimSpace(p));
        boolean exclusion = false;
        if (p.charAt(0) == '!') {
            if (p.length() == 1) throw new IgnoreFileException(file, line, "illegal exclusion pattern: \"!\"");
            exclusion = true;
            p = p.substring(1);
        }
        String problem = GoGlob.syntaxError(p);
        if (problem != null) throw new IgnoreFileException(file, line, "syntax error in pattern '" + raw.strip() + "': " + problem);
        return new IgnorePattern(p, exclusion, line, raw);
    }

    /** Go's {@code bufio.ScanLines}: split on {@code \n}, drop one trailing {@code \r}, no empty last line. */
    static List<String> scanLines(String content) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < content.length()) {
            int nl = content.indexOf('\n', start);
            int end = nl < 0 ? content.length() : nl;
            String line = content.substring(start, end);
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            lines.add(line);
            if (nl < 0) break;
            start = nl + 1;
        }
        return lines;
    }

    /** {@code # jdx ignore=ID[,ID]} on a line suppresses those ids on the next non-comment line. */
    static Map<Integer, Set<String>> suppressions(List<String> lines) {
        Map<Integer, Set<String>> map = new HashMap<>();
        Set<String> pending = null;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            Set<String> ids = parseSuppression(l);
            if (ids != null) {
                pending = pending == null ? new java.util.TreeSet<>(ids) : pending;
                pending.addAll(ids);
                continue;
            }
            if (l.startsWith("#") || l.isEmpty()) continue;
            if (pending != null) {
                map.put(i + 1, Set.copyOf(pending));
                pending = null;
            }
        }
        return map;
    }

    /** The ids of a {@code # jdx ignore=A,B} comment, or null when the line is not one. */
    public static Set<String> parseSuppression(String line) {
        var m = java.util.regex.Pattern.compile("^#\\s*jdx\\s+ignore\\s*=\\s*([A-Za-z0-9_,\\s-]+)$").matcher(line.strip());
        if (!m.matches()) return null;
        Set<String> ids = new java.util.TreeSet<>();
        for (String id : m.group(1).split(",")) if (!id.isBlank()) ids.add(id.strip().toUpperCase(java.util.Locale.ROOT));
        return ids;
    }
}
