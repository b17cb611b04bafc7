package dev.jdx.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdx.image.ImageRef;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Keychain} over Docker's {@code config.json} and Podman's {@code auth.json} files: {@code auths}
 * entries ({@code auth} = base64 {@code user:password}, or {@code identitytoken}), per-registry
 * {@code credHelpers} and the global {@code credsStore}, the latter two by running {@code docker-credential-NAME get}.
 * Files are read in order; the first that knows the registry wins. Missing files are skipped.
 *
 * <p>Like Podman (containers-auth.json(5)), an {@code auths} key may name a namespace or repository as well as a
 * registry ({@code quay.io/team}, {@code quay.io/team/app}); the most specific key matching the repository wins over
 * the registry's own. Keys with a scheme ({@code https://index.docker.io/v1/}) are Docker's and name a registry.
 */
public final class DockerConfigKeychain implements Keychain {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The key Docker uses for Docker Hub in config files and with credential helpers. */
    static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";
    private static final Set<String> DOCKER_HUB_HOSTS = Set.of("docker.io", "index.docker.io", "registry-1.docker.io");

    private final List<Path> files;
    private final String helperPath;

    /**
     * @param files      config files in priority order (missing ones are skipped)
     * @param helperPath the {@code PATH} to find {@code docker-credential-*} helpers in
     */
    public DockerConfigKeychain(List<Path> files, String helperPath) {
        this.files = List.copyOf(files);
        this.helperPath = helperPath == null ? "" : helperPath;
    }

    /** The files Podman and Docker read, from the given environment and home directory. */
    public static DockerConfigKeychain defaults(Map<String, String> env, String home) {
        List<Path> files = new ArrayList<>();
        String authFile = env.get("REGISTRY_AUTH_FILE");
        if (authFile != null && !authFile.isBlank()) files.add(Path.of(authFile));
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) files.add(Path.of(runtime, "containers", "auth.json"));
        String dockerConfig = env.get("DOCKER_CONFIG");
        if (dockerConfig != null && !dockerConfig.isBlank()) files.add(Path.of(dockerConfig, "config.json"));
        else if (home != null) files.add(Path.of(home, ".docker", "config.json"));
        return new DockerConfigKeychain(files, env.getOrDefault("PATH", ""));
    }

    /** The config files consulted, in order. */
    public List<Path> files() {
        return files;
    }

    @Override
    public Optional<Credential> resolve(String registry, String repository) throws IOException {
        for (Path f : files) {
            if (!Files.isRegularFile(f)) continue;
            JsonNode root;
            try {
                root = JSON.readTree(f.toFile());
            } catch (IOException e) {
                throw new IOException("reading registry credentials from " + f + ": not valid JSON");
            }
            if (root == null || !root.isObject()) continue;
            Optional<Credential> c = fromFile(root, registry, repository, f);
            if (c.isPresent()) return c;
        }
        return Optional.empty();
    }

    private Optional<Credential> fromFile(JsonNode root, String registry, String repository, Path file) throws IOException {
        JsonNode helpers = root.path("credHelpers");
        for (Map.Entry<String, JsonNode> e : helpers.properties()) {
            if (matches(e.getKey(), registry)) return runHelper(e.getValue().asText(), registry, file);
        }
        String store = root.path("credsStore").asText("");
        if (!store.isEmpty()) {
            Optional<Credential> c = runHelper(store, registry, file);
            if (c.isPresent()) return c;
        }
        // the most specific matching key first: repository, then its namespaces, then the registry (file order
        // among keys of equal specificity)
        List<Map.Entry<String, JsonNode>> candidates = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : root.path("auths").properties()) {
            if (matches(e.getKey(), registry) && specificity(e.getKey(), repository) >= 0) candidates.add(e);
        }
        candidates.sort(java.util.Comparator.comparingInt((Map.Entry<String, JsonNode> e) -> specificity(e.getKey(), repository)).reversed());
        for (Map.Entry<String, JsonNode> e : candidates) {
            Optional<Credential> c = fromAuthEntry(e.getValue(), registry, file);
            if (c.isPresent()) return c;
        }
        return Optional.empty();
    }

    /**
     * How specifically an {@code auths} key names {@code repository}: 0 for a registry-wide key, the length of its
     * path for a Podman namespace key ({@code host/team}) the repository is in, -1 for a namespace key it is not in
     * (or any namespace key when no repository is asked for).
     */
    static int specificity(String key, String repository) {
        if (key.contains("://")) return 0; // Docker's URL keys name a registry (their path is the API version)
        int slash = key.indexOf('/');
        if (slash < 0) return 0;
        String namespace = key.substring(slash + 1);
        while (namespace.endsWith("/")) namespace = namespace.substring(0, namespace.length() - 1);
        if (namespace.isEmpty()) return 0;
        if (repository == null) return -1;
        return repository.equals(namespace) || repository.startsWith(namespace + "/") ? namespace.length() : -1;
    }

    private static Optional<Credential> fromAuthEntry(JsonNode entry, String registry, Path file) throws IOException {
        String user = text(entry, "username");
        String pass = text(entry, "password");
        String auth = text(entry, "auth");
        if (auth != null && !auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IOException("reading registry credentials for " + registry + " from " + file + ": 'auth' is not base64");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) throw new IOException("reading registry credentials for " + registry + " from " + file + ": 'auth' is not user:password");
            user = decoded.substring(0, colon);
            pass = decoded.substring(colon + 1);
        }
        String identity = text(entry, "identitytoken");
        if (identity != null && !identity.isEmpty()) return Optional.of(new Credential(user, null, identity));
        if (user != null && !user.isEmpty()) return Optional.of(Credential.basic(user, pass));
        return Optional.empty();
    }

    /** Runs {@code docker-credential-NAME get}, feeding the server URL on stdin as the helper protocol says. */
    private Optional<Credential> runHelper(String name, String registry, Path file) throws IOException {
        String exe = "docker-credential-" + name;
        Path helper = findOnPath(exe);
        String what = "getting credentials for " + registry + " from " + exe + " (configured in " + file + ")";
        if (helper == null) throw new IOException(what + ": " + exe + " is not on PATH");
        String serverUrl = isDockerHub(registry) ? DOCKER_HUB_KEY : registry;
        Process p = new ProcessBuilder(helper.toString(), "get").redirectErrorStream(false).start();
        try (OutputStream stdin = p.getOutputStream()) {
            stdin.write(serverUrl.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the helper exited without reading its input; its exit code and output say why
        }
        byte[] out;
        byte[] err;
        try (InputStream o = p.getInputStream(); InputStream e = p.getErrorStream()) {
            out = o.readAllBytes();
            err = e.readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroy();
                throw new IOException(what + ": the helper did not finish within 30 s");
            }
        } catch (InterruptedException ie) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IOException(what + ": interrupted");
        }
        String outText = new String(out, StandardCharsets.UTF_8).trim();
        if (p.exitValue() != 0) {
            // the helper protocol reports "credentials not found in native keychain" on stdout for an unknown server
            if (outText.toLowerCase().contains("credentials not found")) return Optional.empty();
            String errText = new String(err, StandardCharsets.UTF_8).trim();
            String reason = !outText.isEmpty() ? outText : errText;
            int nl = reason.indexOf('\n');
            if (nl >= 0) reason = reason.substring(0, nl);
            throw new IOException(what + ": helper exited with " + p.exitValue() + (reason.isEmpty() ? "" : ": " + reason));
        }
        JsonNode node;
        try {
            node = JSON.readTree(outText);
        } catch (IOException e) {
            throw new IOException(what + ": the helper's answer is not JSON");
        }
        String user = text(node, "Username");
        String secret = text(node, "Secret");
        if (secret == null || secret.isEmpty()) return Optional.empty();
        if ("<token>".equals(user)) return Optional.of(Credential.identityToken(secret));
        return Optional.of(Credential.basic(user, secret));
    }

    private Path findOnPath(String exe) {
        for (String dir : helperPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, exe);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    /** Whether a config key ({@code https://host/v1/}, {@code host}, {@code http://host}) names {@code registry}. */
    static boolean matches(String key, String registry) {
        String host = key;
        int scheme = host.indexOf("://");
        if (scheme >= 0) host = host.substring(scheme + 3);
        int slash = host.indexOf('/');
        if (slash >= 0) host = host.substring(0, slash);
        if (host.equalsIgnoreCase(registry)) return true;
        return isDockerHub(registry) && DOCKER_HUB_HOSTS.contains(host.toLowerCase());
    }

    private static boolean isDockerHub(String registry) {
        return registry.equals(ImageRef.DOCKER_HUB) || DOCKER_HUB_HOSTS.contains(registry);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
