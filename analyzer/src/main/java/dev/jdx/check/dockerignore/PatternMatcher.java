package dev.jdx.check.dockerignore;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The .dockerignore matcher of moby ({@code pkg/fileutils}, later {@code moby/patternmatcher}): each pattern
 * becomes an anchored regular expression, patterns apply in order and the last one that matches a path (or one
 * of its parent directories) decides.
 */
public final class PatternMatcher {
    /** Which generation of the Go code to reproduce; they differ in which regex characters they escape. */
    public enum Flavor {
        /** docker 20.10 / containers-storage {@code fileutils}: escapes only {@code .} and {@code $}. */
        FILEUTILS_2020(".$"),
        /** moby/patternmatcher (BuildKit, docker 23+): escapes {@code . + ( ) | { } $}. */
        PATTERNMATCHER(".+()|{}$");

        private final String escaped;

        Flavor(String escaped) {
            this.escaped = escaped;
        }
    }

    private record Compiled(IgnorePattern pattern, Pattern regex, int dirs) {}

    private final List<Compiled> patterns = new ArrayList<>();
    private final boolean exclusions;

    /**
     * A matcher over patterns read by {@link IgnoreFile}.
     *
     * @throws IgnoreFileException when a pattern's regular expression does not compile in this flavor (Go reports
     *                             it when matching, failing the build)
     */
    public PatternMatcher(List<IgnorePattern> patterns, Flavor flavor) throws IgnoreFileException {
        this(patterns, flavor, ".dockerignore");
    }

    /** As {@link #PatternMatcher(List, Flavor)}, naming {@code file} in errors. */
    public PatternMatcher(List<IgnorePattern> patterns, Flavor flavor, String file) throws IgnoreFileException {
        boolean ex = false;
        for (IgnorePattern p : patterns) {
            java.util.regex.Pattern regex;
            try {
                regex = compile(p.text(), flavor);
            } catch (IllegalArgumentException e) {
                throw new IgnoreFileException(file, p.line(), "pattern '" + p.raw().strip() + "' cannot be compiled: " + e.getMessage());
            }
            this.patterns.add(new Compiled(p, regex, p.text().split("/", -1).length));
            ex |= p.exclusion();
        }
        this.exclusions = ex;
    }

    /** The patterns, in order. */
    public List<IgnorePattern> patterns() {
        return patterns.stream().map(Compiled::pattern).toList();
    }

    /** True when some pattern is a {@code !} exception. */
    public boolean hasExclusions() {
        return exclusions;
    }

    /** The Go regular expression source patternmatcher builds for {@code pattern} (for tests and messages). */
    static String goRegex(String pattern, Flavor flavor) {
        StringBuilder re = new StringBuilder("^");
        int n = pattern.length();
        int i = 0;
        while (i < n) {
            int ch = pattern.codePointAt(i);
            i += Character.charCount(ch);
            if (ch == '*') {
                if (i < n && pattern.charAt(i) == '*') {
                    i++;
                    // "**/" is treated as "**"
                    if (i < n && pattern.charAt(i) == '/') i++;
                    re.append(i >= n ? ".*" : "(.*/)?");
                } else {
                    re.append("[^/]*");
                }
            } else if (ch == '?') {
                re.append("[^/]");
            } else if (flavor.escaped.indexOf(ch) >= 0) {
                re.append('\\').appendCodePoint(ch);
            } else if (ch == '\\') {
                if (i < n) {
                    int next = pattern.codePointAt(i);
                    i += Character.charCount(next);
                    re.append('\\').appendCodePoint(next);
                } else {
                    re.append('\\');
                }
            } else {
                re.appendCodePoint(ch);
            }
        }
        return re.append('$').toString();
    }

    static Pattern compile(String pattern, Flavor flavor) {
        return GoRegex.compile(goRegex(pattern, flavor));
    }

    /**
     * Docker ≤ 20.10's {@code Matches} (also Buildah's): a pattern matches the path itself, or the parent prefix
     * with exactly as many elements as the pattern has, so {@code **}-patterns see only one ancestor.
     */
    public boolean matches(String path) {
        int i = lastMatch(path, false);
        return i >= 0 && !patterns.get(i).pattern.exclusion();
    }

    /** patternmatcher's {@code MatchesOrParentMatches}: the path or any of its parent directories. */
    public boolean matchesOrParentMatches(String path) {
        int i = lastMatch(path, true);
        return i >= 0 && !patterns.get(i).pattern.exclusion();
    }

    /** The last pattern that decides {@code path}, or null when none matches it. */
    public IgnorePattern decidingPattern(String path, boolean anyParent) {
        int i = lastMatch(path, anyParent);
        return i < 0 ? null : patterns.get(i).pattern;
    }

    /** True when {@code pattern} alone (ignoring order) matches {@code path} or a parent of it. */
    static boolean matchesPatternOrParent(Pattern regex, String path) {
        if (regex.matcher(path).matches()) return true;
        String parent = GoPath.dir(path);
        if (parent.equals(".")) return false;
        String[] dirs = parent.split("/", -1);
        StringBuilder prefix = new StringBuilder();
        for (String d : dirs) {
            if (!prefix.isEmpty()) prefix.append('/');
            prefix.append(d);
            if (regex.matcher(prefix).matches()) return true;
        }
        return false;
    }

    private int lastMatch(String path, boolean anyParent) {
        String parent = GoPath.dir(path);
        String[] parentDirs = parent.split("/", -1);
        int last = -1;
        for (int k = 0; k < patterns.size(); k++) {
            Compiled c = patterns.get(k);
            boolean match;
            if (anyParent) {
                match = matchesPatternOrParent(c.regex, path);
            } else {
                match = c.regex.matcher(path).matches();
                if (!match && !parent.equals(".") && c.dirs <= parentDirs.length) {
                    match = c.regex.matcher(String.join("/", java.util.Arrays.copyOf(parentDirs, c.dirs))).matches();
                }
            }
            if (match) last = k;
        }
        return last;
    }

    /** True when the single pattern {@code p} matches {@code path} or one of its parents. */
    public static boolean matchesOne(IgnorePattern p, String path) {
        return single(p).test(path);
    }

    /** A test of one pattern alone (ignoring order and {@code !}) against a path or its parents, compiled once. */
    public static java.util.function.Predicate<String> single(IgnorePattern p) {
        Pattern regex = compile(p.text(), Flavor.PATTERNMATCHER);
        return path -> matchesPatternOrParent(regex, path);
    }
}
