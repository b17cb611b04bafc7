package dev.jdx.image.source.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Finds the endpoint of the local Docker or Podman daemon the way their CLIs do. Environment and home directory are
 * injected so that tests can run discovery against temporary configuration.
 *
 * <p>Docker: {@code DOCKER_HOST} (with {@code DOCKER_TLS_VERIFY}, {@code DOCKER_TLS}, {@code DOCKER_CERT_PATH}), else
 * the context named by {@code DOCKER_CONTEXT} or {@code currentContext} in {@code $DOCKER_CONFIG/config.json}
 * ({@code ~/.docker} by default), read from {@code contexts/meta/<sha256 of name>/meta.json}, else
 * {@code /var/run/docker.sock}. Podman: {@code CONTAINER_HOST}, else {@code $XDG_RUNTIME_DIR/podman/podman.sock},
 * else {@code /run/podman/podman.sock} (the first that exists; when none does, the one this user would have).
 */
public final class EndpointDiscovery {
    static final Path DOCKER_DEFAULT = Path.of("/var/run/docker.sock");
    static final Path PODMAN_ROOTFUL = Path.of("/run/podman/podman.sock");
    /** Created on first use: every CLI start builds this class's options, and a mapper costs ~500 classes. */
    private static final class Mapper {
        static final ObjectMapper JSON = new ObjectMapper();
    }

    private final Map<String, String> env;
    private final Path home;
    private final boolean root;

    /**
     * @param env  the environment ({@code System.getenv()})
     * @param home the user's home directory
     * @param root whether the process runs as root (decides Podman's default socket)
     */
    public EndpointDiscovery(Map<String, String> env, Path home, boolean root) {
        this.env = Map.copyOf(env);
        this.home = home;
        this.root = root;
    }

    /** Discovery for this process: its environment, {@code user.home}, and whether the user is root. */
    public static EndpointDiscovery system() {
        return new EndpointDiscovery(System.getenv(), Path.of(System.getProperty("user.home")),
                "root".equals(System.getProperty("user.name")));
    }

    /** The endpoint for {@code kind}. */
    public Endpoint find(DaemonKind kind) throws IOException {
        return kind == DaemonKind.DOCKER ? docker() : podman();
    }

    /** The Docker endpoint. */
    public Endpoint docker() throws IOException {
        Path configDir = nonEmpty("DOCKER_CONFIG") != null ? Path.of(env.get("DOCKER_CONFIG")) : home.resolve(".docker");
        String host = nonEmpty("DOCKER_HOST");
        if (host != null) {
            Endpoint.TlsFiles tls = null;
            if (nonEmpty("DOCKER_TLS_VERIFY") != null || nonEmpty("DOCKER_TLS") != null) {
                Path certs = nonEmpty("DOCKER_CERT_PATH") != null ? Path.of(env.get("DOCKER_CERT_PATH")) : configDir;
                tls = new Endpoint.TlsFiles(certs, nonEmpty("DOCKER_TLS_VERIFY") != null);
            }
            return parseHost(DaemonKind.DOCKER, host, "DOCKER_HOST", tls);
        }
        String context = nonEmpty("DOCKER_CONTEXT");
        String origin = "DOCKER_CONTEXT";
        if (context == null) {
            context = currentContext(configDir.resolve("config.json"));
            origin = "currentContext in " + configDir.resolve("config.json");
        }
        if (context != null && !context.equals("default")) return fromContext(configDir, context, origin);
        return Endpoint.unix(DaemonKind.DOCKER, DOCKER_DEFAULT, "the default socket");
    }

    /** The Podman endpoint. */
    public Endpoint podman() throws IOException {
        String host = nonEmpty("CONTAINER_HOST");
        if (host != null) return parseHost(DaemonKind.PODMAN, host, "CONTAINER_HOST", null);
        String xdg = nonEmpty("XDG_RUNTIME_DIR");
        Path rootless = xdg == null ? null : Path.of(xdg, "podman", "podman.sock");
        if (rootless != null && Files.exists(rootless)) return Endpoint.unix(DaemonKind.PODMAN, rootless, "XDG_RUNTIME_DIR");
        if (Files.exists(PODMAN_ROOTFUL) || root || rootless == null) {
            return Endpoint.unix(DaemonKind.PODMAN, PODMAN_ROOTFUL, "the default socket");
        }
        return Endpoint.unix(DaemonKind.PODMAN, rootless, "XDG_RUNTIME_DIR");
    }

    private String nonEmpty(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static String currentContext(Path config) throws IOException {
        if (!Files.isRegularFile(config)) return null;
        JsonNode n;
        try {
            n = Mapper.JSON.readTree(Files.readAllBytes(config));
        } catch (IOException e) {
            throw new DaemonConfigException(config + ": not valid JSON: " + firstLine(e.getMessage()));
        }
        JsonNode c = n == null ? null : n.get("currentContext");
        return c == null || !c.isTextual() || c.asText().isBlank() ? null : c.asText();
    }

    private static Endpoint fromContext(Path configDir, String name, String origin) throws IOException {
        String id = sha256Hex(name);
        Path meta = configDir.resolve("contexts").resolve("meta").resolve(id).resolve("meta.json");
        if (!Files.isRegularFile(meta)) {
            throw new DaemonConfigException("docker context '" + name + "' (from " + origin + ") does not exist: no " + meta);
        }
        JsonNode n;
        try {
            n = Mapper.JSON.readTree(Files.readAllBytes(meta));
        } catch (IOException e) {
            throw new DaemonConfigException(meta + ": not valid JSON: " + firstLine(e.getMessage()));
        }
        JsonNode docker = n == null ? null : n.path("Endpoints").path("docker");
        String host = docker == null ? null : docker.path("Host").asText(null);
        if (host == null || host.isBlank()) throw new DaemonConfigException(meta + ": docker context '" + name + "' has no Endpoints.docker.Host");
        Path tlsDir = configDir.resolve("contexts").resolve("tls").resolve(id).resolve("docker");
        Endpoint.TlsFiles tls = Files.isDirectory(tlsDir) ? new Endpoint.TlsFiles(tlsDir, !docker.path("SkipTLSVerify").asBoolean(false)) : null;
        return parseHost(DaemonKind.DOCKER, host, "docker context '" + name + "'", tls);
    }

    /** Parses a {@code unix://PATH} or {@code tcp://HOST[:PORT]} endpoint; other schemes are refused with a reason. */
    static Endpoint parseHost(DaemonKind kind, String host, String origin, Endpoint.TlsFiles tls) throws IOException {
        if (host.startsWith("/")) return Endpoint.unix(kind, Path.of(host), origin);
        int sep = host.indexOf("://");
        String scheme = sep < 0 ? "" : host.substring(0, sep);
        String rest = sep < 0 ? host : host.substring(sep + 3);
        switch (scheme) {
            case "unix" -> {
                if (rest.isEmpty()) throw new DaemonConfigException(origin + ": '" + host + "' names no socket path");
                return Endpoint.unix(kind, Path.of(rest), origin);
            }
            case "tcp", "http", "https" -> {
                boolean secure = tls != null || scheme.equals("https");
                int slash = rest.indexOf('/');
                String authority = slash < 0 ? rest : rest.substring(0, slash);
                if (authority.isEmpty()) throw new DaemonConfigException(origin + ": '" + host + "' names no host");
                if (!authority.matches(".*:[0-9]+") && !authority.endsWith("]")) authority += secure ? ":2376" : ":2375";
                else if (authority.startsWith("[") && authority.endsWith("]")) authority += secure ? ":2376" : ":2375";
                try {
                    URI uri = new URI((secure ? "https" : "http") + "://" + authority);
                    if (uri.getHost() == null) throw new URISyntaxException(host, "no host");
                    return new Endpoint(kind, host, null, uri, secure && tls == null ? new Endpoint.TlsFiles(null, true) : tls, origin);
                } catch (URISyntaxException e) {
                    throw new DaemonConfigException(origin + ": '" + host + "' is not a valid tcp endpoint");
                }
            }
            case "ssh" -> throw new DaemonConfigException(origin + ": '" + host + "': ssh:// endpoints are not supported; forward the socket"
                    + " with 'ssh -L /tmp/docker.sock:/var/run/docker.sock HOST' and use unix:///tmp/docker.sock");
            default -> throw new DaemonConfigException(origin + ": '" + host + "': unsupported endpoint (expected unix:// or tcp://)");
        }
    }

    static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
