package dev.jdx.check.dockerfile;

import static dev.jdx.check.dockerfile.BuildChecks.*;

import dev.jdx.check.ByteSize;
import dev.jdx.check.Finding;
import dev.jdx.check.dockerignore.BuildContext;
import dev.jdx.check.dockerignore.Builder;
import dev.jdx.check.dockerignore.ContextFile;
import dev.jdx.check.dockerignore.ContextListing;
import dev.jdx.check.dockerignore.IgnoreFile;
import dev.jdx.check.dockerignore.IgnorePattern;
import dev.jdx.check.dockerignore.PatternMatcher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The rules that need the build context: the ignore file against the files and the COPY/ADD sources. */
final class ContextRules {
    private ContextRules() {}

    static final long LARGE_FILE = 10L * 1024 * 1024;
    private static final Set<String> BUILD_OUTPUT = Set.of("target", "build", "dist", "out", "__pycache__", ".gradle", ".venv", "venv", ".tox", "coverage", ".next");
    private static final Pattern SECRET_FILE = Pattern.compile("(?i)^(\\.env(\\.(?!example$|sample$|template$|dist$)[^/]+)?|id_(rsa|dsa|ecdsa|ed25519)|.*\\.(pem|key|p12|pfx|jks|keystore)|\\.npmrc|\\.pypirc|\\.netrc|\\.git-credentials|credentials(\\.json)?|\\.htpasswd|secrets?\\.(ya?ml|json|env))$");

    static List<Finding> check(Path dir, Dockerfile df, ContextListing listing) throws IOException {
        List<Finding> out = new ArrayList<>();
        IgnoreFile ignore = listing.ignore();
        List<ContextFile> raw = BuildContext.allFiles(dir);
        String where = ignore.present() ? ignore.name() : df.file();
        if (!ignore.present()) missingIgnore(df, raw, out);
        secrets(dir, listing, where, out);
        if (ignore.present()) ignorePatterns(dir, df, listing, raw, out);
        copySources(df, listing, raw, out);
        return out;
    }

    private static void missingIgnore(Dockerfile df, List<ContextFile> raw, List<Finding> out) {
        Set<String> found = new java.util.TreeSet<>();
        for (ContextFile f : raw) {
            String[] parts = f.path().split("/");
            for (int k = 0; k < parts.length - 1; k++) {
                String p = parts[k];
                if (p.equals(".git") || p.equals("node_modules") || BUILD_OUTPUT.contains(p)) found.add(String.join("/", java.util.Arrays.copyOf(parts, k + 1)) + "/");
            }
            if (f.size() >= LARGE_FILE) found.add(f.path() + " (" + ByteSize.formatIec(f.size()) + ")");
        }
        if (!found.isEmpty()) {
            List<String> shown = found.stream().limit(8).toList();
            out.add(D001.at(df.file(), 0, "no .dockerignore, and the context sends " + String.join(", ", shown) + (found.size() > shown.size() ? " and " + (found.size() - shown.size()) + " more" : "")));
        }
    }

    private static void secrets(Path dir, ContextListing listing, String where, List<Finding> out) {
        for (ContextFile f : listing.files()) {
            String name = f.path().substring(f.path().lastIndexOf('/') + 1);
            boolean credFile = f.path().endsWith(".aws/credentials") || f.path().endsWith(".docker/config.json");
            boolean secret = SECRET_FILE.matcher(name).matches();
            // a .pem is often just public certificates (CA bundles): only a private key inside makes it a secret
            if (secret && name.toLowerCase(Locale.ROOT).endsWith(".pem")) secret = containsPrivateKey(dir.resolve(f.path()));
            if (secret || credFile) {
                out.add(D002.at(where, 0, "the context sends " + f.path() + "; add '" + dev.jdx.check.dockerignore.IgnoreAdvisor.patternFor(f.path()) + "' to the ignore file"));
            }
        }
    }

    private static boolean containsPrivateKey(Path file) {
        try (var in = java.nio.file.Files.newInputStream(file)) {
            String head = new String(in.readNBytes(1 << 20), java.nio.charset.StandardCharsets.ISO_8859_1);
            return head.contains("PRIVATE KEY-----");
        } catch (IOException e) {
            return true;
        }
    }

    private static void ignorePatterns(Path dir, Dockerfile df, ContextListing listing, List<ContextFile> raw, List<Finding> out) throws IOException {
        IgnoreFile ignore = listing.ignore();
        String name = ignore.name();
        Set<String> always = new HashSet<>();
        if (listing.dockerfile() != null) always.add(listing.dockerfile());
        always.add(name);
        for (IgnorePattern p : ignore.patterns()) {
            if (p.line() <= 0) continue;
            String rawLine = p.raw().strip();
            if (rawLine.matches(".*\\s#.*")) out.add(D003.at(name, p.line(), "'" + rawLine + "' contains ' #': the comment is part of the pattern"));
            var test = PatternMatcher.single(p);
            boolean any = raw.stream().anyMatch(f -> test.test(f.path()));
            if (!any) out.add(D004.at(name, p.line(), "'" + p.normalized() + "' matches nothing in the context"));
            if (!p.exclusion() && !p.hasWildcards()) {
                for (String a : always) {
                    if (test.test(a)) out.add(D006.at(name, p.line(), "'" + p.normalized() + "' excludes " + a + ", which is sent anyway (only COPY cannot use it)"));
                }
            }
        }
        // exceptions that only BuildKit applies (only meaningful for the Docker ignore-file dialect)
        if (listing.builder() != Builder.BUILDAH && ignore.patterns().stream().anyMatch(IgnorePattern::exclusion)) {
            Path dfPath = listing.dockerfile() == null ? null : dir.resolve(listing.dockerfile());
            Set<String> legacy = new HashSet<>(BuildContext.list(dir, dfPath, Builder.LEGACY).copyablePaths());
            ContextListing bk = BuildContext.list(dir, dfPath, Builder.BUILDKIT);
            PatternMatcher pm = new PatternMatcher(bk.ignore().patterns(), PatternMatcher.Flavor.PATTERNMATCHER, bk.ignore().name());
            TreeMap<Integer, List<String>> byLine = new TreeMap<>();
            for (String path : bk.copyablePaths()) {
                if (legacy.contains(path)) continue;
                IgnorePattern decider = pm.decidingPattern(path, true);
                if (decider != null && decider.exclusion() && decider.line() > 0) byLine.computeIfAbsent(decider.line(), k -> new ArrayList<>()).add(path);
            }
            for (var e : byLine.entrySet()) {
                IgnorePattern p = ignore.patterns().stream().filter(x -> x.line() == e.getKey()).findFirst().orElseThrow();
                out.add(D005.at(bk.ignore().name(), e.getKey(), "'" + p.normalized() + "' re-includes " + e.getValue().size()
                        + " file(s) with BuildKit but not with the legacy builder (e.g. " + e.getValue().get(0) + ")"));
            }
        }
    }

    private static void copySources(Dockerfile df, ContextListing listing, List<ContextFile> raw, List<Finding> out) throws IOException {
        List<String> sent = listing.copyablePaths();
        Set<String> covered = new HashSet<>();
        boolean coversAll = false;
        PatternMatcher pm = listing.ignore().present()
                ? new PatternMatcher(listing.ignore().patterns(), PatternMatcher.Flavor.PATTERNMATCHER, listing.ignore().name()) : null;
        for (Stage s : df.stages()) {
            for (Instruction i : s.instructions()) {
                if (!(i.command().equals("COPY") || i.command().equals("ADD")) || i.flag("from") != null) continue;
                for (String src : DockerfileRules.sources(i)) {
                    if (src.contains("$") || src.matches("(?i)^[a-z]+://.*") || src.startsWith("git@")) continue;
                    String clean = cleanSource(src);
                    if (clean.equals(".")) { coversAll = true; continue; }
                    Pattern glob = globRegex(clean);
                    List<String> rawHits = raw.stream().map(ContextFile::path).filter(p -> covers(glob, p)).toList();
                    List<String> sentHits = sent.stream().filter(p -> covers(glob, p)).toList();
                    covered.addAll(sentHits);
                    if (rawHits.isEmpty() || pm == null) continue;
                    if (sentHits.isEmpty()) {
                        IgnorePattern by = pm.decidingPattern(rawHits.get(0), true);
                        out.add(D007.at(df.file(), i.line(), i.command() + " " + src + ": excluded by " + listing.ignore().name()
                                + (by != null && by.line() > 0 ? ":" + by.line() + " ('" + by.normalized() + "')" : "") + ", the build fails"));
                    } else if (sentHits.size() < rawHits.size()) {
                        List<String> missing = rawHits.stream().filter(p -> !sentHits.contains(p)).toList();
                        out.add(D008.at(df.file(), i.line(), i.command() + " " + src + ": " + missing.size() + " of " + rawHits.size()
                                + " files are excluded by " + listing.ignore().name() + " (e.g. " + missing.get(0) + ")"));
                    }
                }
            }
        }
        if (coversAll) return;
        TreeMap<String, long[]> unused = new TreeMap<>();
        for (ContextFile f : listing.files()) {
            if (!f.copyable() || covered.contains(f.path()) || f.path().equals(listing.dockerfile()) || f.path().equals(listing.ignoreFile())) continue;
            int slash = f.path().indexOf('/');
            String top = slash < 0 ? f.path() : f.path().substring(0, slash + 1);
            long[] acc = unused.computeIfAbsent(top, k -> new long[2]);
            acc[0]++;
            acc[1] += f.size();
        }
        String where = listing.ignore().present() ? listing.ignore().name() : df.file();
        // the biggest ten get a finding each; the rest are summed so a cluttered root does not flood the report
        List<java.util.Map.Entry<String, long[]>> bySize = new ArrayList<>(unused.entrySet());
        bySize.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
        List<java.util.Map.Entry<String, long[]>> shown = new ArrayList<>(bySize.subList(0, Math.min(10, bySize.size())));
        shown.sort(java.util.Map.Entry.comparingByKey());
        for (var e : shown) {
            out.add(D009.at(where, 0, "the context sends " + e.getKey() + " (" + e.getValue()[0] + " file" + (e.getValue()[0] == 1 ? "" : "s") + ", "
                    + ByteSize.formatIec(e.getValue()[1]) + ") that no COPY/ADD uses"));
        }
        if (bySize.size() > shown.size()) {
            long files = 0, bytes = 0;
            for (var e : bySize.subList(shown.size(), bySize.size())) { files += e.getValue()[0]; bytes += e.getValue()[1]; }
            out.add(D009.at(where, 0, "the context sends " + (bySize.size() - shown.size()) + " more unused paths (" + files + " files, "
                    + ByteSize.formatIec(bytes) + ")"));
        }
    }

    static String cleanSource(String src) {
        String s = src.replace('\\', '/');
        while (s.startsWith("/")) s = s.substring(1);
        s = java.nio.file.Path.of(s.isEmpty() ? "." : s).normalize().toString().replace('\\', '/');
        return s.isEmpty() ? "." : s;
    }

    private static boolean covers(Pattern glob, String path) {
        if (glob.matcher(path).matches()) return true;
        int i = -1;
        while ((i = path.indexOf('/', i + 1)) >= 0) if (glob.matcher(path.substring(0, i)).matches()) return true;
        return false;
    }

    /** Go {@code filepath.Match} syntax as a regex: {@code *} and {@code ?} stay within one path element. */
    static Pattern globRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                case '[' -> {
                    int end = glob.indexOf(']', i + 2);
                    if (end < 0) { re.append("\\["); break; }
                    String body = glob.substring(i + 1, end);
                    boolean neg = body.startsWith("^");
                    if (neg) body = body.substring(1);
                    re.append('[').append(neg ? "^" : "").append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                    i = end;
                }
                case '\\' -> {
                    if (i + 1 < glob.length()) re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
