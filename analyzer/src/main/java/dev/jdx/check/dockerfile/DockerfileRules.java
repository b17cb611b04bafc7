package dev.jdx.check.dockerfile;

import static dev.jdx.check.dockerfile.BuildChecks.*;

import dev.jdx.check.Finding;
import dev.jdx.check.LintConfig;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The rules that need only the Dockerfile: base images, stages and practice. */
final class DockerfileRules {
    private DockerfileRules() {}

    /** ARGs BuildKit defines for FROM without a declaration. */
    static final Set<String> AUTOMATIC_PLATFORM_ARGS = Set.of("BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
            "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT", "TARGETSTAGE", "BUILDKIT_SYNTAX");
    /** Proxy ARGs predefined in every stage. */
    static final Set<String> PREDEFINED_ARGS = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY",
            "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");
    /** Environment variables base images almost always set; their values are unknown here, so never "undefined". */
    static final Set<String> COMMON_ENV = Set.of("PATH", "HOME", "HOSTNAME", "TERM", "LANG", "LC_ALL", "USER", "PWD", "SHELL",
            "JAVA_HOME", "GOPATH", "GOROOT", "PYTHONPATH", "NODE_VERSION", "PYTHON_VERSION", "GOLANG_VERSION", "JAVA_VERSION",
            "LD_LIBRARY_PATH", "NGINX_VERSION", "PHP_VERSION", "RUBY_VERSION", "GEM_HOME", "BUNDLE_APP_CONFIG", "NPM_CONFIG_PREFIX");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i)(?:_|^)(?:apikey|api_key|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)");
    private static final Pattern CURL_PIPE_SH = Pattern.compile("\\b(curl|wget)\\b[^|;&\\n]*\\|\\s*(sudo\\s+)?(-\\S+\\s+)*(/bin/|/usr/bin/)?(sh|bash|zsh|ash|dash|ksh)\\b");
    private static final Pattern ARCHIVE = Pattern.compile("(?i).*\\.(tar|tar\\.gz|tgz|tar\\.bz2|tbz2?|tar\\.xz|txz|tar\\.zst|tzst|gz|bz2|xz|zst)$");
    private static final Pattern EXPOSE_PORT = Pattern.compile("(?i)^(\\d+)(?:-(\\d+))?(?:/(tcp|udp|sctp))?$");

    static List<Finding> check(Dockerfile df, LintConfig config, LocalDate today, EolTable eol) {
        List<Finding> out = new ArrayList<>();
        String f = df.file();
        baseImages(df, config, today, eol, out);
        casing(df, out);
        Set<String> stageNames = new HashSet<>();
        Map<String, Map<String, String>> stageEnv = new HashMap<>();
        for (Stage s : df.stages()) {
            if (s.name() != null) {
                if (!s.name().equals(s.name().toLowerCase(Locale.ROOT))) out.add(B008.at(f, s.from().line(), "stage name '" + s.name() + "' is not lower case"));
                if (s.name().equalsIgnoreCase("scratch") || s.name().equalsIgnoreCase("context")) {
                    out.add(B009.at(f, s.from().line(), "stage name '" + s.name() + "' is reserved"));
                }
                if (!stageNames.add(s.name().toLowerCase(Locale.ROOT))) out.add(B011.at(f, s.from().line(), "stage name '" + s.name() + "' is used twice"));
            }
            stage(df, s, out, stageEnv);
        }
        finalUser(df, out);
        return out;
    }

    private static void baseImages(Dockerfile df, LintConfig config, LocalDate today, EolTable eol, List<Finding> out) {
        String f = df.file();
        Set<String> earlier = new HashSet<>();
        for (Stage s : df.stages()) {
            Instruction from = s.from();
            String platform = from.flag("platform");
            if (platform != null && !platform.contains("$")) {
                out.add(B006.at(f, from.line(), "FROM --platform=" + platform + " hard-codes the platform"));
            }
            List<String> noDefault = new ArrayList<>();
            List<String> undefined = new ArrayList<>();
            Vars.expand(s.image() + (platform == null ? "" : " " + platform), df.escape(), name -> {
                if (df.globalArgs().containsKey(name)) {
                    String v = df.globalArgs().get(name);
                    if (v == null) noDefault.add(name);
                    return v;
                }
                return AUTOMATIC_PLATFORM_ARGS.contains(name) ? "linux/amd64" : null;
            }, name -> { if (!df.globalArgs().containsKey(name)) undefined.add(name); });
            for (String a : noDefault) out.add(B007.at(f, from.line(), "FROM uses ARG " + a + ", which has no default"));
            for (String a : undefined) out.add(P020.at(f, from.line(), "FROM uses $" + a + ", which no ARG before the first FROM declares"));
            String image = s.resolvedImage();
            boolean isStage = earlier.contains(image.toLowerCase(Locale.ROOT));
            if (s.name() != null) earlier.add(s.name().toLowerCase(Locale.ROOT));
            if (isStage || image.equalsIgnoreCase("scratch") || image.isEmpty() || image.contains("$") || !noDefault.isEmpty()) continue;
            BaseImage ref = BaseImage.parse(image);
            if (ref.tag() == null && ref.digest() == null) out.add(B001.at(f, from.line(), "FROM " + image + " has no tag (means :latest)"));
            if ("latest".equals(ref.tag())) out.add(B002.at(f, from.line(), "FROM " + image + " uses :latest"));
            if (config.requireDigest() && ref.digest() == null) out.add(B003.at(f, from.line(), "FROM " + image + " is not pinned by digest"));
            if (!config.isTrusted(ref.registry())) {
                out.add(B004.at(f, from.line(), "FROM " + image + " comes from " + ref.registry() + ", not in the trusted registries " + config.trustedRegistries()));
            }
            eol.lookup(ref.shortName(), ref.tag()).ifPresent(c -> {
                if (!c.eol().isAfter(today)) {
                    out.add(B005.at(f, from.line(), "FROM " + image + ": " + c.image() + " " + c.cycle() + " reached end of life on " + c.eol()
                            + " (end-of-life table of " + eol.tableDate() + ")"));
                }
            });
        }
    }

    private static void casing(Dockerfile df, List<Finding> out) {
        int upper = 0, lower = 0;
        for (Instruction i : df.instructions()) {
            if (i.keyword().equals(i.keyword().toUpperCase(Locale.ROOT))) upper++;
            else if (i.keyword().equals(i.keyword().toLowerCase(Locale.ROOT))) lower++;
        }
        boolean expectUpper = upper >= lower;
        for (Instruction i : df.instructions()) {
            String k = i.keyword();
            boolean ok = expectUpper ? k.equals(k.toUpperCase(Locale.ROOT)) : k.equals(k.toLowerCase(Locale.ROOT));
            if (!ok) out.add(P019.at(df.file(), i.line(), "'" + k + "' is not " + (expectUpper ? "upper" : "lower") + " case like most instructions"));
        }
    }

    private static void stage(Dockerfile df, Stage s, List<Finding> out, Map<String, Map<String, String>> stageEnv) {
        String f = df.file();
        // what this stage can see: its ARGs (globals only when redeclared), its ENV, and a parent stage's ENV
        Map<String, String> vars = new LinkedHashMap<>();
        Map<String, String> parent = stageEnv.get(s.resolvedImage().toLowerCase(Locale.ROOT));
        if (parent != null) vars.putAll(parent);
        Map<String, String> env = new LinkedHashMap<>(parent == null ? Map.of() : parent);
        Set<String> declared = new HashSet<>(vars.keySet());
        boolean pipNoCache = false;
        Map<String, Integer> seen = new HashMap<>();
        for (Instruction i : s.instructions()) {
            String cmd = i.command();
            switch (cmd) {
                case "ARG" -> {
                    undefinedIn(df, i, i.rest(), declared, out);
                    for (var e : DockerfileParser.argDefinitions(i).entrySet()) {
                        declared.add(e.getKey());
                        if (SECRET_NAME.matcher(e.getKey()).find()) out.add(P012.at(f, i.line(), "ARG " + e.getKey() + " looks like a secret"));
                    }
                }
                case "ENV" -> {
                    undefinedIn(df, i, i.rest(), declared, out);
                    for (var e : DockerfileParser.envDefinitions(i).entrySet()) {
                        declared.add(e.getKey());
                        env.put(e.getKey(), e.getValue());
                        if (e.getKey().equals("PIP_NO_CACHE_DIR")) pipNoCache = true;
                        if (SECRET_NAME.matcher(e.getKey()).find()) out.add(P012.at(f, i.line(), "ENV " + e.getKey() + " looks like a secret"));
                    }
                }
                case "RUN" -> run(f, i, pipNoCache, out);
                case "ADD" -> {
                    undefinedIn(df, i, i.rest(), declared, out);
                    add(f, i, out);
                }
                case "COPY" -> undefinedIn(df, i, i.rest(), declared, out);
                case "WORKDIR" -> {
                    undefinedIn(df, i, i.rest(), declared, out);
                    String w = i.rest().strip();
                    if (!w.startsWith("/") && !w.startsWith("$") && !w.matches("(?i)^[a-z]:[\\\\/].*")) {
                        out.add(P010.at(f, i.line(), "WORKDIR " + w + " is relative"));
                    }
                }
                case "CMD", "ENTRYPOINT" -> {
                    if (!i.execForm()) out.add(P011.at(f, i.line(), cmd + " uses shell form"));
                }
                case "MAINTAINER" -> out.add(P016.at(f, i.line(), "MAINTAINER is deprecated"));
                case "EXPOSE" -> {
                    undefinedIn(df, i, i.rest(), declared, out);
                    for (String p : i.rest().split("\\s+")) {
                        if (p.isEmpty() || p.contains("$")) continue;
                        if (!validPort(p)) out.add(P018.at(f, i.line(), "EXPOSE " + p + " is not a valid port"));
                    }
                }
                case "LABEL", "STOPSIGNAL", "USER", "VOLUME" -> undefinedIn(df, i, i.rest(), declared, out);
                default -> { }
            }
            if (cmd.equals("CMD") || cmd.equals("ENTRYPOINT") || cmd.equals("HEALTHCHECK")) {
                int n = seen.merge(cmd, 1, Integer::sum);
                if (n > 1) out.add(P017.at(f, i.line(), cmd + " appears " + n + " times in stage " + stageLabel(s) + "; only the last counts"));
            }
            if (cmd.equals("COPY") && i.flag("from") != null) copyFrom(df, s, i, out);
        }
        if (s.name() != null) stageEnv.put(s.name().toLowerCase(Locale.ROOT), env);
    }

    private static String stageLabel(Stage s) {
        return s.name() != null ? "'" + s.name() + "'" : "#" + s.index();
    }

    private static void undefinedIn(Dockerfile df, Instruction i, String text, Set<String> declared, List<Finding> out) {
        Set<String> reported = new HashSet<>();
        Vars.expand(text, df.escape(), name -> declared.contains(name) || PREDEFINED_ARGS.contains(name) || COMMON_ENV.contains(name) ? "" : null,
                name -> {
                    if (reported.add(name)) out.add(P020.at(df.file(), i.line(), i.command() + " uses $" + name + ", which no ARG or ENV in this stage declares"));
                });
    }

    private static void copyFrom(Dockerfile df, Stage s, Instruction i, List<Finding> out) {
        String from = i.flag("from");
        if (from.contains("$")) return;
        if (from.matches("\\d+")) {
            int idx = Integer.parseInt(from);
            if (idx >= s.index()) out.add(B010.at(df.file(), i.line(), "COPY --from=" + from + " refers to stage " + idx + ", which is not an earlier stage"));
            return;
        }
        Stage target = df.stage(from);
        if (target != null && target.index() < s.index()) return;
        if (target != null) {
            out.add(B010.at(df.file(), i.line(), "COPY --from=" + from + " refers to a stage defined later"));
        } else if (!from.contains("/") && !from.contains(":") && !from.contains("@")) {
            out.add(B010.at(df.file(), i.line(), "COPY --from=" + from + ": no stage has that name (it would be pulled as the image docker.io/library/" + from + ")"));
        }
    }

    static boolean validPort(String p) {
        Matcher m = EXPOSE_PORT.matcher(p);
        if (!m.matches()) return false;
        long lo = Long.parseLong(m.group(1));
        long hi = m.group(2) == null ? lo : Long.parseLong(m.group(2));
        return lo <= 65535 && hi <= 65535 && lo <= hi;
    }

    /** The shell text a RUN executes: its arguments (or exec form joined) plus heredoc bodies. */
    static String shellText(Instruction i) {
        StringBuilder sb = new StringBuilder(i.execForm() ? String.join(" ", i.json()) : i.rest());
        for (Heredoc h : i.heredocs()) sb.append('\n').append(h.content());
        return sb.toString();
    }

    /** Splits shell text into simple commands at {@code && || ; | &} and newlines, each as words. */
    static List<List<String>> commands(String text) {
        List<List<String>> out = new ArrayList<>();
        for (String part : text.split("&&|\\|\\||;|\\||&|\\n")) {
            List<String> words = new ArrayList<>();
            for (String w : part.strip().split("\\s+")) if (!w.isEmpty()) words.add(w.replaceAll("^[\"'(]+|[\"')]+$", ""));
            // skip wrappers that do not change what runs
            while (!words.isEmpty() && (words.get(0).equals("sudo") || words.get(0).equals("env") || words.get(0).matches("[A-Za-z_][A-Za-z0-9_]*=.*")
                    || words.get(0).equals("exec") || words.get(0).equals("then") || words.get(0).equals("do") || words.get(0).equals("{"))) {
                words.remove(0);
            }
            if (!words.isEmpty()) out.add(words);
        }
        return out;
    }

    private static void run(String f, Instruction i, boolean pipNoCache, List<Finding> out) {
        String text = shellText(i);
        String mount = i.flag("mount") == null ? "" : i.flag("mount");
        boolean update = false, install = false;
        boolean aptCacheMount = mount.contains("type=cache") && mount.contains("/var/lib/apt");
        for (List<String> c : commands(text)) {
            String prog = c.get(0).replaceAll("^.*/", "");
            boolean apt = prog.equals("apt-get") || prog.equals("apt");
            if (apt && c.contains("update")) update = true;
            if (apt && c.contains("install")) {
                install = true;
                boolean yes = c.stream().anyMatch(w -> w.matches("-[a-zA-Z]*y[a-zA-Z]*") || w.equals("--yes") || w.equals("--assume-yes"));
                if (!yes) out.add(P002.at(f, i.line(), prog + " install without -y"));
                boolean noRec = c.contains("--no-install-recommends") || text.contains("APT::Install-Recommends=false") || text.contains("APT::Install-Recommends \"false\"");
                if (!noRec) out.add(P003.at(f, i.line(), prog + " install without --no-install-recommends"));
            }
            if (prog.equals("apk") && c.contains("add") && !c.contains("--no-cache") && !mount.contains("/var/cache/apk")) {
                out.add(P005.at(f, i.line(), "apk add without --no-cache"));
            }
            boolean pip = prog.matches("pip[0-9.]*") && c.contains("install")
                    || prog.matches("python[0-9.]*") && c.size() > 3 && c.get(1).equals("-m") && c.get(2).equals("pip") && c.contains("install");
            if (pip && !c.contains("--no-cache-dir") && !pipNoCache && !(mount.contains("type=cache") && mount.contains("pip"))) {
                out.add(P006.at(f, i.line(), "pip install without --no-cache-dir"));
            }
            if (prog.equals("cd")) out.add(P009.at(f, i.line(), "cd " + (c.size() > 1 ? c.get(1) + " " : "") + "in RUN; use WORKDIR"));
        }
        if (text.matches("(?s).*(^|[\\s;&|(])sudo\\s.*")) out.add(P015.at(f, i.line(), "RUN uses sudo"));
        if (update && !install) out.add(P001.at(f, i.line(), "apt-get update without apt-get install in the same RUN"));
        if (install && !aptCacheMount && !text.contains("/var/lib/apt/lists")) out.add(P004.at(f, i.line(), "apt-get install without removing /var/lib/apt/lists/*"));
        if (CURL_PIPE_SH.matcher(text).find()) out.add(P014.at(f, i.line(), "RUN pipes a download into a shell"));
    }

    /** The source arguments of COPY/ADD (everything but the destination), heredoc sources excluded. */
    static List<String> sources(Instruction i) {
        List<String> args = i.execForm() ? new ArrayList<>(i.json()) : new ArrayList<>(List.of(i.rest().split("\\s+")));
        args.removeIf(String::isEmpty);
        if (args.size() < 2) return List.of();
        List<String> src = new ArrayList<>(args.subList(0, args.size() - 1));
        src.removeIf(a -> a.startsWith("<<"));
        return src;
    }

    private static void add(String f, Instruction i, List<Finding> out) {
        for (String src : sources(i)) {
            if (src.matches("(?i)^(https?|ftp)://.*")) {
                if (i.flag("checksum") == null) out.add(P007.at(f, i.line(), "ADD downloads " + src + " without --checksum"));
            } else if (src.startsWith("git@") || src.matches("(?i)^git://.*")) {
                out.add(P007.at(f, i.line(), "ADD fetches " + src));
            } else if (!ARCHIVE.matcher(src).matches() && !src.contains("$")) {
                out.add(P008.at(f, i.line(), "ADD " + src + " is a plain file; use COPY"));
            }
        }
    }

    private static void finalUser(Dockerfile df, List<Finding> out) {
        if (df.stages().isEmpty()) return;
        Stage last = df.stages().get(df.stages().size() - 1);
        if (last.resolvedImage().equalsIgnoreCase("scratch")) return;
        Instruction user = null;
        // a stage built FROM an earlier stage inherits that stage's USER
        Set<Integer> visited = new HashSet<>();
        for (Stage s = last; s != null && user == null && visited.add(s.index()); ) {
            for (Instruction i : s.instructions()) if (i.command().equals("USER")) user = i;
            Stage parent = df.stage(s.resolvedImage());
            s = parent != null && parent.index() < s.index() ? parent : null;
        }
        if (user == null) {
            out.add(P013.at(df.file(), last.from().line(), "the final stage sets no USER, so it runs as the base image's user (usually root)"));
            return;
        }
        String u = user.rest().strip().split(":")[0];
        if (u.equals("root") || u.equals("0")) out.add(P013.at(df.file(), user.line(), "the final stage runs as USER " + user.rest().strip()));
    }
}
