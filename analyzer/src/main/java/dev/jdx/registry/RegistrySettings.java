package dev.jdx.registry;

import dev.jdx.registry.auth.Keychain;
import java.net.ProxySelector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How jdx talks to registries: credentials, TLS trust, timeouts, retries, proxies, the blob cache.
 *
 * @param keychain       where credentials come from
 * @param caCerts        extra CA certificates (PEM) trusted for every registry ({@code --ca-cert})
 * @param certsDirs      Docker-style {@code certs.d} roots: {@code DIR/HOST:PORT/*.crt} are trusted for that host
 * @param insecure       skip TLS verification and allow plain HTTP for every registry ({@code --insecure})
 * @param cacheDir       the content-addressed blob cache, or null for none ({@code --no-cache})
 * @param connectTimeout TCP/TLS connect timeout
 * @param readTimeout    longest wait for response headers or for the next body bytes
 * @param maxAttempts    attempts per request for 429 / 5xx / dropped connections (1 = no retry)
 * @param maxRetryWait   the longest single wait between attempts, whatever {@code Retry-After} asks
 * @param parallelism    concurrent blob downloads when prefetching
 * @param proxySelector  the proxy selector ({@code HTTPS_PROXY} / {@code NO_PROXY} by default)
 * @param plainHttp      speak plain HTTP to every registry without trying TLS first ({@code --plain-http})
 */
public record RegistrySettings(Keychain keychain, List<Path> caCerts, List<Path> certsDirs, boolean insecure,
                               Path cacheDir, Duration connectTimeout, Duration readTimeout, int maxAttempts,
                               Duration maxRetryWait, int parallelism, ProxySelector proxySelector,
                               boolean plainHttp) {

    public RegistrySettings {
        caCerts = List.copyOf(caCerts);
        certsDirs = List.copyOf(certsDirs);
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1");
    }

    /** Docker's config and credential helpers, system trust plus Docker's certs.d, the user's blob cache, proxies from the environment. */
    public static RegistrySettings defaults() {
        Map<String, String> env = System.getenv();
        String home = System.getProperty("user.home");
        return new RegistrySettings(Keychain.defaults(), List.of(), defaultCertsDirs(home), false,
                defaultCacheDir(env, home), Duration.ofSeconds(30), Duration.ofSeconds(60), 5, Duration.ofSeconds(30), 4,
                EnvProxySelector.fromEnvironment(env), false);
    }

    /** {@code /etc/docker/certs.d} and {@code ~/.docker/certs.d}. */
    public static List<Path> defaultCertsDirs(String home) {
        List<Path> dirs = new ArrayList<>();
        dirs.add(Path.of("/etc/docker/certs.d"));
        if (home != null) dirs.add(Path.of(home, ".docker", "certs.d"));
        return dirs;
    }

    /** {@code $XDG_CACHE_HOME/jdx/blobs}, else {@code ~/.cache/jdx/blobs}. */
    public static Path defaultCacheDir(Map<String, String> env, String home) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "jdx", "blobs");
        return Path.of(home == null ? "." : home, ".cache", "jdx", "blobs");
    }

    public RegistrySettings withKeychain(Keychain k) {
        return new RegistrySettings(k, caCerts, certsDirs, insecure, cacheDir, connectTimeout, readTimeout, maxAttempts, maxRetryWait, parallelism, proxySelector, plainHttp);
    }

    public RegistrySettings withCaCerts(List<Path> certs) {
        return new RegistrySettings(keychain, certs, certsDirs, insecure, cacheDir, connectTimeout, readTimeout, maxAttempts, maxRetryWait, parallelism, proxySelector, plainHttp);
    }

    public RegistrySettings withCertsDirs(List<Path> dirs) {
        return new RegistrySettings(keychain, caCerts, dirs, insecure, cacheDir, connectTimeout, readTimeout, maxAttempts, maxRetryWait, parallelism, proxySelector, plainHttp);
    }

    public RegistrySettings withInsecure(boolean on) {
        return new RegistrySettings(keychain, caCerts, certsDirs, on, cacheDir, connectTimeout, readTimeout, maxAttempts, maxRetryWait, parallelism, proxySelector, plainHttp);
    }

    /** A null directory disables the cache. */
    public RegistrySettings withCacheDir(Path dir) {
        return new RegistrySettings(keychain, caCerts, certsDirs, insecure, dir, connectTimeout, readTimeout, maxAttempts, maxRetryWait, parallelism, proxySelector, plainHttp);
    }

    public RegistrySettings withTimeouts(Duration connect, Duration read) {
        return new RegistrySettings(keychain, caCerts, certsDirs, insecure, cacheDir, connect, read, maxAttempts, maxRetryWait, parallelism, proxySelector, plainHttp);
    }

    public RegistrySettings withRetries(int attempts, Duration maxWait) {
        return new RegistrySettings(keychain, caCerts, certsDirs, insecure, cacheDir, connectTimeout, readTimeout, attempts, maxWait, parallelism, proxySelector, plainHttp);
    }

    public RegistrySettings withParallelism(int n) {
        return new RegistrySettings(keychain, caCerts, certsDirs, insecure, cacheDir, connectTimeout, readTimeout, maxAttempts, maxRetryWait, n, proxySelector, plainHttp);
    }

    public RegistrySettings withProxySelector(ProxySelector p) {
        return new RegistrySettings(keychain, caCerts, certsDirs, insecure, cacheDir, connectTimeout, readTimeout, maxAttempts, maxRetryWait, parallelism, p, plainHttp);
    }

    public RegistrySettings withPlainHttp(boolean on) {
        return new RegistrySettings(keychain, caCerts, certsDirs, insecure, cacheDir, connectTimeout, readTimeout, maxAttempts, maxRetryWait, parallelism, proxySelector, on);
    }
}
