package dev.jdx.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.jdx.image.ImageConfig.Healthcheck;
import dev.jdx.image.ImageConfig.RuntimeConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds a {@code docker run} line and a compose service from an image's runtime config.
 *
 * <p>Choices: every exposed port is published on the same host port ({@code -p 8080:8080}, {@code /udp} and
 * {@code /sctp} kept); every volume gets a named volume derived from its path ({@code -v var-lib-data:/var/lib/data})
 * so data survives the container; {@code -e NAME} (value taken from the caller's environment, never written into
 * the line) for variables declared without a value or whose name says secret ({@code *TOKEN*}, {@code *PASSWORD*},
 * {@code *SECRET*}, {@code *_KEY}, {@code *_PASS}); {@code --user} and {@code --workdir} when set, although they
 * repeat the image's defaults, so they are visible and easy to change; the default command after the image, again
 * repeating the default for the same reason. {@code --entrypoint} is never emitted: the line reproduces the
 * image's default behaviour, in which the entrypoint applies by itself, and {@code --entrypoint} takes a single
 * executable, so it could not restate a multi-word exec-form entrypoint anyway; a note says how to replace it.
 */
public final class RunCommandBuilder {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
    private static final Pattern SECRET = Pattern.compile(".*(TOKEN|PASSWORD|PASSWD|SECRET|_KEY|_PASS|CREDENTIALS?)$|.*(PASSWORD|SECRET|TOKEN).*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern VOLUME_NAME_BAD = Pattern.compile("[^a-zA-Z0-9_.-]+");

    private RunCommandBuilder() {}

    /** @param image the reference to put in the line (a tag, or the image id) */
    public static RunCommand build(String image, RuntimeConfig c) {
        if (c == null) c = RuntimeConfig.EMPTY;
        List<String> argv = new ArrayList<>(List.of("docker", "run"));
        List<String> notes = new ArrayList<>();
        List<String> ports = new ArrayList<>();
        for (String p : orEmpty(c.exposedPorts())) {
            String spec = portSpec(p);
            if (spec == null) continue;
            ports.add(spec);
            argv.add("-p");
            argv.add(spec);
        }
        Map<String, String> volumes = new LinkedHashMap<>();
        for (String v : orEmpty(c.volumes())) {
            String name = volumeName(v);
            volumes.put(name, v);
            argv.add("-v");
            argv.add(name + ":" + v);
        }
        List<String> passEnv = new ArrayList<>();
        for (String e : orEmpty(c.env())) {
            int eq = e.indexOf('=');
            String name = eq < 0 ? e : e.substring(0, eq);
            String value = eq < 0 ? "" : e.substring(eq + 1);
            if (name.isEmpty()) continue;
            if (value.isEmpty() || SECRET.matcher(name).matches()) {
                passEnv.add(name);
                argv.add("-e");
                argv.add(name);
            }
        }
        if (!passEnv.isEmpty()) {
            notes.add("-e NAME passes the variable from your environment: set " + String.join(", ", passEnv)
                    + " before running (declared empty or named like a secret in the image)");
        }
        if (notBlank(c.user())) {
            argv.add("--user");
            argv.add(c.user());
        }
        if (notBlank(c.workingDir())) {
            argv.add("--workdir");
            argv.add(c.workingDir());
        }
        argv.add(image);
        if (c.cmd() != null) argv.addAll(c.cmd());

        if (c.entrypoint() != null && !c.entrypoint().isEmpty()) {
            notes.add("ENTRYPOINT " + jsonArray(c.entrypoint()) + " runs first and receives the command as arguments;"
                    + " replace it with --entrypoint EXECUTABLE (the arguments then follow the image name)");
        }
        Healthcheck hc = c.healthcheck();
        if (hc != null && hc.test() != null && !hc.test().isEmpty()) {
            if (hc.test().get(0).equals("NONE")) {
                notes.add("HEALTHCHECK NONE: the image disables any inherited health check");
            } else {
                notes.add("HEALTHCHECK " + healthText(hc) + ": docker reports the state in docker ps; override with"
                        + " --health-cmd or disable with --no-healthcheck");
            }
        }
        if (notBlank(c.stopSignal())) {
            notes.add("STOPSIGNAL " + c.stopSignal() + ": docker stop sends it instead of SIGTERM (--stop-signal changes it)");
        }
        if (c.onBuild() != null && !c.onBuild().isEmpty()) {
            notes.add("ONBUILD triggers run when another image is built FROM this one: " + String.join("; ", c.onBuild()));
        }
        if (!ports.isEmpty()) {
            notes.add("-p publishes on every host interface; write 127.0.0.1:HOST:CONTAINER to keep a port local");
        }
        String line = shellJoin(argv);
        String compose = compose(image, c, ports, volumes, passEnv);
        return new RunCommand(argv, line, compose, notes);
    }

    /** {@code 8080/tcp} → {@code 8080:8080}; {@code 53/udp} → {@code 53:53/udp}; ranges kept. */
    static String portSpec(String exposed) {
        String p = exposed.trim();
        if (p.isEmpty()) return null;
        String proto = "tcp";
        int slash = p.indexOf('/');
        if (slash >= 0) {
            proto = p.substring(slash + 1).toLowerCase(Locale.ROOT);
            p = p.substring(0, slash);
        }
        String spec = p + ":" + p;
        return proto.equals("tcp") || proto.isEmpty() ? spec : spec + "/" + proto;
    }

    static String volumeName(String path) {
        String n = VOLUME_NAME_BAD.matcher(path).replaceAll("-").replaceAll("^[-.]+|-+$", "");
        return n.isEmpty() ? "data" : n;
    }

    /** POSIX shell quoting: safe words bare, anything else in single quotes. */
    static String quote(String s) {
        if (s.isEmpty()) return "''";
        if (SAFE.matcher(s).matches()) return s;
        return "'" + s.replace("'", "'\\''") + "'";
    }

    static String shellJoin(List<String> argv) {
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(quote(a));
        }
        return sb.toString();
    }

    private static String compose(String image, RuntimeConfig c, List<String> ports, Map<String, String> volumes,
                                  List<String> passEnv) {
        Map<String, Object> svc = new LinkedHashMap<>();
        svc.put("image", image);
        if (notBlank(c.user())) svc.put("user", c.user());
        if (notBlank(c.workingDir())) svc.put("working_dir", c.workingDir());
        if (c.cmd() != null) svc.put("command", c.cmd());
        if (!ports.isEmpty()) svc.put("ports", ports);
        if (!passEnv.isEmpty()) svc.put("environment", passEnv);
        if (!volumes.isEmpty()) {
            List<String> vs = new ArrayList<>();
            volumes.forEach((name, path) -> vs.add(name + ":" + path));
            svc.put("volumes", vs);
        }
        if (notBlank(c.stopSignal())) svc.put("stop_signal", c.stopSignal());
        Healthcheck hc = c.healthcheck();
        if (hc != null && hc.test() != null && !hc.test().isEmpty()) {
            Map<String, Object> h = new LinkedHashMap<>();
            if (hc.test().get(0).equals("NONE")) {
                h.put("disable", true);
            } else {
                h.put("test", hc.test());
                if (hc.intervalNanos() > 0) h.put("interval", duration(hc.intervalNanos()));
                if (hc.timeoutNanos() > 0) h.put("timeout", duration(hc.timeoutNanos()));
                if (hc.startPeriodNanos() > 0) h.put("start_period", duration(hc.startPeriodNanos()));
                if (hc.retries() > 0) h.put("retries", hc.retries());
            }
            svc.put("healthcheck", h);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("services", Map.of(serviceName(image), svc));
        if (!volumes.isEmpty()) {
            Map<String, Object> vols = new LinkedHashMap<>();
            for (String name : volumes.keySet()) vols.put(name, Map.of());
            root.put("volumes", vols);
        }
        try {
            return yaml().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing the compose snippet: " + e.getOriginalMessage(), e);
        }
    }

    private static ObjectMapper yaml() {
        YAMLFactory f = YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .build();
        return new ObjectMapper(f);
    }

    /** The last path element of the repository, without tag or digest, as a compose service name. */
    static String serviceName(String image) {
        String s = image;
        int at = s.indexOf('@');
        if (at >= 0) s = s.substring(0, at);
        int slash = s.lastIndexOf('/');
        int colon = s.lastIndexOf(':');
        if (colon > slash) s = s.substring(0, colon);
        s = s.substring(slash + 1).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() || s.equals("sha256") ? "app" : s;
    }

    static String duration(long nanos) {
        if (nanos % 1_000_000_000L == 0) return (nanos / 1_000_000_000L) + "s";
        if (nanos % 1_000_000L == 0) return (nanos / 1_000_000L) + "ms";
        return (nanos / 1000L) + "us";
    }

    private static String healthText(Healthcheck hc) {
        List<String> t = hc.test();
        StringBuilder sb = new StringBuilder();
        if (hc.intervalNanos() > 0) sb.append("--interval=").append(duration(hc.intervalNanos())).append(' ');
        if (hc.timeoutNanos() > 0) sb.append("--timeout=").append(duration(hc.timeoutNanos())).append(' ');
        if (hc.startPeriodNanos() > 0) sb.append("--start-period=").append(duration(hc.startPeriodNanos())).append(' ');
        if (hc.retries() > 0) sb.append("--retries=").append(hc.retries()).append(' ');
        if (t.get(0).equals("CMD-SHELL")) sb.append("CMD ").append(t.size() > 1 ? t.get(1) : "");
        else sb.append("CMD ").append(jsonArray(t.get(0).equals("CMD") ? t.subList(1, t.size()) : t));
        return sb.toString();
    }

    private static String jsonArray(List<String> l) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < l.size(); i++) sb.append(i > 0 ? ", " : "").append(BuildScript.jsonString(l.get(i)));
        return sb.append(']').toString();
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
