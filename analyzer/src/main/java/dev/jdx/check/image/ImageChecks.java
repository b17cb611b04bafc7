package dev.jdx.check.image;

import dev.jdx.check.ByteSize;
import dev.jdx.analysis.WastedPath;
import dev.jdx.check.Check;
import dev.jdx.check.Finding;
import dev.jdx.check.Severity;
import dev.jdx.check.dockerfile.BaseImage;
import dev.jdx.check.dockerfile.EolTable;
import dev.jdx.fs.EntryType;
import dev.jdx.fs.FileEntry;
import dev.jdx.fs.FinalEntry;
import dev.jdx.image.ImageConfig.RuntimeConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The image-content checks ({@code JDX-I...}): each a pure function of {@link ImageFacts} and {@link ImageCheckOptions}. */
public final class ImageChecks {
    private ImageChecks() {}

    public static final Check I001 = new Check("JDX-I001", Severity.MEDIUM, "Image runs as root",
            "A process running as root in the container is root on the host's kernel: a container escape or a writable host mount gives full control.",
            "Create an unprivileged user and end the Dockerfile with USER <name or uid> (not 0).");
    public static final Check I002 = new Check("JDX-I002", Severity.MEDIUM, "Unexpected setuid/setgid file",
            "A setuid or setgid binary runs with its owner's rights whoever starts it; each one is a privilege-escalation path.",
            "Remove the bit (chmod u-s,g-s FILE) in the layer that installs it, or allowlist the file in .jdx.yaml (allow.setuid) if it is needed.");
    public static final Check I003 = new Check("JDX-I003", Severity.MEDIUM, "World-writable file or directory without the sticky bit",
            "Any user in the container can replace or delete what is there, including programs and configuration other processes trust.",
            "chmod o-w the path, or give shared directories the sticky bit (chmod 1777) as /tmp has.");
    public static final Check I004 = new Check("JDX-I004", Severity.HIGH, "Private key in the image",
            "Anyone who can pull the image can read the key, from any layer that stored it, even if a later layer deleted it.",
            "Do not COPY keys into images: mount them at run time (secrets, volumes) or use build secrets (RUN --mount=type=secret).");
    public static final Check I005 = new Check("JDX-I005", Severity.HIGH, "Credential file in the image",
            "Cloud, registry and package-index credentials stored in a layer are readable by everyone who can pull the image.",
            "Remove the file in the same RUN that needed it, or better pass it as a build secret (RUN --mount=type=secret).");
    public static final Check I006 = new Check("JDX-I006", Severity.MEDIUM, ".git directory in the image",
            "The repository history can hold removed secrets and internal code, and it bloats the image.",
            "Add .git to .dockerignore, or copy only the build output from a build stage.");
    public static final Check I007 = new Check("JDX-I007", Severity.LOW, "Package-manager cache left in the image",
            "Downloaded package lists and archives are never used at run time; they only add size (and stale metadata).",
            "Clean in the same RUN that fills the cache: rm -rf /var/lib/apt/lists/*, apk add --no-cache, pip --no-cache-dir, npm cache clean --force, or a cache mount.");
    public static final Check I008 = new Check("JDX-I008", Severity.MEDIUM, "Large reclaimable waste",
            "Bytes that later layers overwrite or delete are still stored, pulled and scanned with every image.",
            "Delete files in the same RUN that creates them, chmod/chown at COPY time (COPY --chmod/--chown), or squash with a multi-stage build.");
    public static final Check I009 = new Check("JDX-I009", Severity.HIGH, "End-of-life operating system",
            "An OS release past its end of life gets no security fixes: every new vulnerability stays open.",
            "Rebuild on a supported release of the base image.");
    public static final Check I010 = new Check("JDX-I010", Severity.MEDIUM, "Base image is :latest or untagged",
            "The image was built from whatever the tag pointed at that day; rebuilds silently pick up another base.",
            "Build FROM a specific version tag (and a digest) of the base image.");
    public static final Check I011 = new Check("JDX-I011", Severity.LOW, "Base image not pinned by digest",
            "A tag can be moved; only a digest names exactly the base that was tested.",
            "FROM name:tag@sha256:... and let a bot (Renovate, Dependabot) update it.");
    public static final Check I012 = new Check("JDX-I012", Severity.HIGH, "Base image from an untrusted registry",
            "The policy lists the registries base images may come from; this one is not among them.",
            "Mirror the base into a trusted registry, or add the registry to trustedRegistries in .jdx.yaml.");
    public static final Check I013 = new Check("JDX-I013", Severity.HIGH, "Secret in an environment variable or label",
            "ENV and LABEL values are stored in the image config in clear text and shown by docker inspect to anyone with the image.",
            "Pass secrets at run time (docker run -e, orchestrator secrets) and build secrets with RUN --mount=type=secret.");
    public static final Check I014 = new Check("JDX-I014", Severity.INFO, "No HEALTHCHECK",
            "Without a healthcheck the runtime only knows whether the process exists, not whether it works.",
            "Add HEALTHCHECK CMD ... to the Dockerfile (or configure the orchestrator's probes and disable this check).");

    /** Every image check, by id. */
    public static final List<Check> ALL = List.of(I001, I002, I003, I004, I005, I006, I007, I008, I009, I010, I011, I012,
            I013, I014);

    /** The check with {@code id}, or null. */
    public static Check byId(String id) {
        for (Check c : ALL) if (c.id().equalsIgnoreCase(id)) return c;
        return null;
    }

    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----");
    private static final Pattern SECRET_KEY_NAME = Pattern.compile(
            "(?i)(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|_KEY$)");
    /** Value signatures of well-known credential formats. */
    private static final Map<String, Pattern> VALUE_SIGNATURES = new LinkedHashMap<>();
    static {
        VALUE_SIGNATURES.put("AWS access key id", Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b"));
        VALUE_SIGNATURES.put("GitHub token", Pattern.compile("\\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\\b"));
        VALUE_SIGNATURES.put("Slack token", Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{10,}\\b"));
        VALUE_SIGNATURES.put("Google API key", Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}\\b"));
        VALUE_SIGNATURES.put("private key", PRIVATE_KEY);
    }
    /** Key names that look secret but hold public data (the python images' GPG_KEY fingerprint, key ids). */
    private static final Pattern PUBLIC_KEY_NAME = Pattern.compile("(?i)(GPG_KEYS?|_FINGERPRINT|_KEY_?ID|PUBLIC_?KEY|_KEYRING|_KEY_?FILE|_PASSWORD_?FILE|_SECRET_?FILE)$");
    /** Values that name a secret without being one (a file path, a variable reference, a placeholder). */
    private static final Pattern NOT_A_SECRET = Pattern.compile(
            "(?i)^(/.*|\\$\\{?[A-Za-z_][A-Za-z0-9_]*}?|changeme|change-me|<.*>|xxx+|\\*+|none|null|false|true|0|1|yes|no)$");
    /** Package-manager caches; {@link #underCacheRoot} must cover where each alternative starts (a test checks). */
    static final Pattern CACHE = Pattern.compile("^(/var/lib/apt/lists|/var/cache/apt|/var/cache/apk"
            + "|(?:/root|/home/[^/]+)/\\.cache/pip|(?:/root|/home/[^/]+)/\\.npm|(?:/root|/home/[^/]+)/\\.cache/yarn"
            + "|/usr/local/share/\\.cache/yarn|(?:/root|/home/[^/]+)/\\.m2/repository)/");

    /** Runs every image check. Findings come in check order, then path order. */
    public static List<Finding> run(ImageFacts facts, ImageCheckOptions options) {
        ImageCheckOptions.Globs exclude = new ImageCheckOptions.Globs(options.exclude());
        List<String> allowGlobs = new ArrayList<>(ImageCheckOptions.DEFAULT_SECRET_ALLOW);
        allowGlobs.addAll(options.secretAllow());
        ImageCheckOptions.Globs secretAllow = new ImageCheckOptions.Globs(allowGlobs);
        List<Finding> out = new ArrayList<>();
        runsAsRoot(facts.config(), out);
        setuid(facts, options, exclude, out);
        worldWritable(facts, exclude, out);
        secrets(facts, exclude, secretAllow, out);
        gitDirs(facts, exclude, out);
        caches(facts, exclude, out);
        waste(facts, options, exclude, out);
        endOfLife(facts, options, out);
        base(facts.config(), options, out);
        configSecrets(facts.config(), out);
        if (facts.config().healthcheck() == null || facts.config().healthcheck().test() == null
                || facts.config().healthcheck().test().isEmpty()) {
            out.add(I014.inImage(null, "the image defines no HEALTHCHECK"));
        }
        return out;
    }

    static void runsAsRoot(RuntimeConfig c, List<Finding> out) {
        String user = c.user() == null ? "" : c.user().strip();
        String name = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        if (name.isEmpty()) out.add(I001.inImage(null, "no USER is set: the container runs as root"));
        else if (name.equals("root") || name.equals("0")) out.add(I001.inImage(null, "USER " + user + " runs the container as root"));
    }

    private static void setuid(ImageFacts f, ImageCheckOptions o, ImageCheckOptions.Globs exclude, List<Finding> out) {
        List<String> allowed = new ArrayList<>(ImageCheckOptions.DEFAULT_SETUID_ALLOW);
        allowed.addAll(o.setuidAllow());
        for (FinalEntry fe : f.finalTree().entries()) {
            FileEntry e = fe.entry();
            if (e.type() != EntryType.FILE && e.type() != EntryType.HARDLINK) continue;
            if (!e.isSetuid() && !e.isSetgid()) continue;
            if (allowed.contains(e.name()) || allowed.contains(e.path()) || exclude.matches(e.path())) continue;
            String bits = e.isSetuid() && e.isSetgid() ? "setuid and setgid" : e.isSetuid() ? "setuid" : "setgid";
            out.add(I002.inLayer(e.path(), fe.layer(), e.path() + " is " + bits + " (" + e.modeString() + ", owner "
                    + e.uid() + ":" + e.gid() + ")"));
        }
    }

    private static void worldWritable(ImageFacts f, ImageCheckOptions.Globs exclude, List<Finding> out) {
        for (FinalEntry fe : f.finalTree().entries()) {
            FileEntry e = fe.entry();
            if ((e.mode() & 02) == 0 || exclude.matches(e.path())) continue;
            if (e.type() == EntryType.DIR) {
                if ((e.mode() & FileEntry.STICKY) == 0) {
                    out.add(I003.inLayer(e.path(), fe.layer(), e.path() + "/ is world-writable without the sticky bit (" + e.modeString() + ")"));
                }
            } else if (e.type() == EntryType.FILE || e.type() == EntryType.HARDLINK) {
                out.add(I003.inLayer(e.path(), fe.layer(), e.path() + " is world-writable (" + e.modeString() + ")"));
            }
        }
    }

    private static void secrets(ImageFacts f, ImageCheckOptions.Globs exclude, ImageCheckOptions.Globs allow, List<Finding> out) {
        for (FinalEntry fe : f.finalTree().entries()) {
            FileEntry e = fe.entry();
            if (e.type() != EntryType.FILE || !SecretCapture.isCandidate(e.path())) continue;
            if (exclude.matches(e.path()) || allow.matches(e.path())) continue;
            byte[] bytes = f.captured().get(fe.layer(), e.path());
            String text = bytes == null ? null : new String(bytes, StandardCharsets.ISO_8859_1);
            String name = e.name().toLowerCase(Locale.ROOT);
            if (text != null && PRIVATE_KEY.matcher(text).find()) {
                Matcher m = PRIVATE_KEY.matcher(text);
                m.find();
                out.add(I004.inLayer(e.path(), fe.layer(), e.path() + " holds a private key (" + m.group().replace("-----", "") + ")"));
                continue;
            }
            String what = credentialKind(e.path(), name, text);
            if (what != null) out.add(I005.inLayer(e.path(), fe.layer(), e.path() + ": " + what));
        }
    }

    /** What kind of credential the file is, or null when it holds none. Content is null when it was too large to keep. */
    static String credentialKind(String path, String name, String text) {
        if (path.endsWith("/.aws/credentials")) return text == null || text.contains("aws_secret_access_key") || text.contains("aws_access_key_id")
                ? "AWS credentials file" : null;
        if (name.equals("application_default_credentials.json")) return "Google Cloud application default credentials";
        if (name.equals(".git-credentials")) return text == null || text.contains("@") ? "git credential store" : null;
        if (name.equals(".npmrc")) return text != null && (text.contains("_authToken") || text.contains("_auth=") || text.contains("_password"))
                ? "npm registry token" : null;
        if (name.equals(".pypirc")) return text != null && text.contains("password") ? "PyPI password" : null;
        if (name.equals(".netrc")) return text != null && text.contains("password") ? "netrc password" : null;
        if (path.endsWith("/.docker/config.json")) return text != null && text.contains("\"auth\"") ? "registry credentials (docker config auths)" : null;
        if (name.endsWith(".p12") || name.endsWith(".pfx") || name.endsWith(".jks") || name.endsWith(".keystore")) return "key store";
        if (name.equals(".env") || name.startsWith(".env.")) {
            if (text == null) return null;
            List<String> keys = new ArrayList<>();
            for (String line : text.split("\n")) {
                String l = line.strip();
                if (l.startsWith("export ")) l = l.substring(7).strip();
                int eq = l.indexOf('=');
                if (l.startsWith("#") || eq <= 0) continue;
                String k = l.substring(0, eq).strip(), v = unquote(l.substring(eq + 1).strip());
                if (isSecret(k, v)) keys.add(k);
            }
            return keys.isEmpty() ? null : "dotenv file with secrets (" + String.join(", ", keys) + ")";
        }
        if (name.startsWith("id_") && text == null) return "SSH private key (too large to read)";
        return null;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) return v.substring(1, v.length() - 1);
        return v;
    }

    /** A key=value pair is a secret when the key names one and the value is non-empty and not a placeholder, or the value has a known signature. */
    static boolean isSecret(String key, String value) {
        if (signature(value) != null) return true;
        return SECRET_KEY_NAME.matcher(key).find() && !PUBLIC_KEY_NAME.matcher(key).find() && !value.isBlank() && !NOT_A_SECRET.matcher(value.strip()).matches();
    }

    private static String signature(String value) {
        for (Map.Entry<String, Pattern> s : VALUE_SIGNATURES.entrySet()) if (s.getValue().matcher(value).find()) return s.getKey();
        return null;
    }

    private static void gitDirs(ImageFacts f, ImageCheckOptions.Globs exclude, List<Finding> out) {
        for (FinalEntry fe : f.finalTree().entries()) {
            FileEntry e = fe.entry();
            if (e.type() == EntryType.DIR && e.name().equals(".git") && !exclude.matches(e.path())) {
                out.add(I006.inLayer(e.path(), fe.layer(), e.path() + "/ is a git repository"));
            }
        }
    }

    /** Whether the path starts where every {@link #CACHE} alternative does: most files are not, and skip the regex. */
    static boolean underCacheRoot(String path) {
        return path.startsWith("/var/") || path.startsWith("/root/") || path.startsWith("/home/")
                || path.startsWith("/usr/local/share/");
    }

    private static void caches(ImageFacts f, ImageCheckOptions.Globs exclude, List<Finding> out) {
        Map<String, long[]> sizes = new LinkedHashMap<>();
        Map<String, Integer> layer = new LinkedHashMap<>();
        for (FinalEntry fe : f.finalTree().entries()) {
            FileEntry e = fe.entry();
            if (e.type() != EntryType.FILE || e.size() == 0 || !underCacheRoot(e.path()) || exclude.matches(e.path())) continue;
            Matcher m = CACHE.matcher(e.path());
            if (!m.lookingAt() || e.path().endsWith("/lock")) continue; // anchored: one try at the start, not one per position
            long[] s = sizes.computeIfAbsent(m.group(1), k -> new long[2]);
            s[0] += e.size();
            s[1]++;
            layer.merge(m.group(1), fe.layer(), Math::max);
        }
        for (Map.Entry<String, long[]> c : sizes.entrySet()) {
            out.add(I007.inLayer(c.getKey(), layer.get(c.getKey()), c.getKey() + " holds " + c.getValue()[1] + " file"
                    + (c.getValue()[1] == 1 ? "" : "s") + " (" + ByteSize.formatIec(c.getValue()[0]) + ")"));
        }
    }

    private static void waste(ImageFacts f, ImageCheckOptions o, ImageCheckOptions.Globs exclude, List<Finding> out) {
        long total = 0;
        List<WastedPath> counted = new ArrayList<>();
        for (WastedPath w : f.waste()) {
            if (exclude.matches(w.path())) continue;
            total += w.bytes();
            counted.add(w);
        }
        if (total < o.largeWasteBytes() || total == 0) return;
        List<String> top = counted.stream().limit(3)
                .map(w -> w.path() + " " + ByteSize.formatIec(w.bytes()) + " (layer " + w.writtenBy() + ", " + w.reason().label() + " by " + w.discardedBy() + ")")
                .toList();
        out.add(I008.inImage(null, ByteSize.formatIec(total) + " reclaimable (limit " + ByteSize.formatIec(o.largeWasteBytes()) + "); largest: "
                + String.join("; ", top)));
    }

    private static void endOfLife(ImageFacts f, ImageCheckOptions o, List<Finding> out) {
        String id = f.os().id(), version = f.os().versionId();
        if (id == null || version == null) return;
        Optional<EolTable.Cycle> c = EolTable.embedded().lookup(id.toLowerCase(Locale.ROOT), version);
        if (c.isEmpty() || !c.get().eol().isBefore(o.today())) return;
        String name = f.os().prettyName() != null ? f.os().prettyName() : id + " " + version;
        out.add(I009.inImage(f.os().source(), name + " (" + c.get().cycle() + ") reached end of life on " + c.get().eol()));
    }

    static void base(RuntimeConfig c, ImageCheckOptions o, List<Finding> out) {
        Map<String, String> labels = c.labels() == null ? Map.of() : c.labels();
        String name = labels.get("org.opencontainers.image.base.name");
        if (name == null || name.isBlank()) return;
        BaseImage b = BaseImage.parse(name.strip());
        String digest = b.digest() != null ? b.digest() : labels.get("org.opencontainers.image.base.digest");
        boolean hasDigest = digest != null && !digest.isBlank();
        if (b.tag() == null && !hasDigest) out.add(I010.inImage(null, "base image " + name + " has no tag (means :latest)"));
        else if ("latest".equals(b.tag()) && !hasDigest) out.add(I010.inImage(null, "base image " + name + " uses :latest"));
        else if (!hasDigest) out.add(I011.inImage(null, "base image " + name + " is not pinned by digest"));
        if (!o.trustedRegistries().isEmpty()) {
            dev.jdx.check.LintConfig trust = new dev.jdx.check.LintConfig(java.util.Set.of(), Map.of(), o.trustedRegistries(), false);
            if (!trust.isTrusted(b.registry())) out.add(I012.inImage(null, "base image " + name + " comes from " + b.registry()
                    + ", not one of " + String.join(", ", o.trustedRegistries())));
        }
    }

    static void configSecrets(RuntimeConfig c, List<Finding> out) {
        for (String kv : c.env() == null ? List.<String>of() : c.env()) {
            int eq = kv.indexOf('=');
            String k = eq < 0 ? kv : kv.substring(0, eq), v = eq < 0 ? "" : kv.substring(eq + 1);
            if (isSecret(k, v)) out.add(I013.inImage(null, "ENV " + k + " " + describe(v)));
        }
        Map<String, String> labels = c.labels() == null ? Map.of() : c.labels();
        for (Map.Entry<String, String> l : new java.util.TreeMap<>(labels).entrySet()) {
            if (l.getKey().startsWith("org.opencontainers.image.")) continue;
            if (isSecret(l.getKey().replace('.', '_').replace('-', '_'), l.getValue())) {
                out.add(I013.inImage(null, "LABEL " + l.getKey() + " " + describe(l.getValue())));
            }
        }
    }

    /** Says why a value looks secret without printing it (the report would leak it again). */
    private static String describe(String value) {
        String sig = signature(value);
        return sig != null ? "holds a value shaped like a " + sig : "has a non-empty value (" + value.length() + " characters)";
    }
}
