package dev.jdx.cli;

import dev.jdx.image.ImageRef;
import dev.jdx.image.Platform;
import dev.jdx.registry.RegistrySettings;
import dev.jdx.registry.auth.Credential;
import dev.jdx.registry.auth.Keychain;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The registry options every command that reads from a registry shares ({@code jdx pull}, {@code jdx inspect REF}):
 * credentials, TLS, the blob cache and the platform. Use as a picocli {@code @Mixin}.
 */
public final class RegistryOptions {

    @Option(names = "--username", paramLabel = "USER", description = "Registry user name; the password is read with --password-stdin.")
    String username;

    @Option(names = "--password-stdin", description = "Read the registry password (or token) from standard input.")
    boolean passwordStdin;

    @Option(names = "--ca-cert", paramLabel = "FILE", description = {"Also trust this CA certificate (PEM) for registry TLS; repeatable.", "/etc/docker/certs.d/HOST:PORT/ is read too: *.crt CAs, and NAME.cert + NAME.key client certificates (mutual TLS)."})
    List<Path> caCerts = new ArrayList<>();

    @Option(names = "--insecure", description = "Skip TLS verification and allow plain HTTP for the registry.")
    boolean insecure;

    @Option(names = "--plain-http", description = "Speak plain HTTP to the registry without trying TLS first.")
    boolean plainHttp;

    @Option(names = "--cache", paramLabel = "DIR", description = "Blob cache directory (default $XDG_CACHE_HOME/jdx/blobs or ~/.cache/jdx/blobs).")
    Path cache;

    @Option(names = "--no-cache", description = "Neither read nor fill the blob cache.")
    boolean noCache;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "Platform to pick from a multi-platform image (default linux/amd64, else the only one).")
    String platform;

    /** Where {@code --password-stdin} reads from; tests replace it. */
    InputStream stdin = System.in;

    /** The wanted platform, or null for the default; {@link IllegalArgumentException} when malformed. */
    public Platform platform() {
        return platform == null ? null : Platform.parse(platform);
    }

    /**
     * The registry settings for {@code ref}: an explicit {@code --username} credential wins for that registry,
     * else Docker's and Podman's config files and credential helpers.
     */
    public RegistrySettings settings(ImageRef ref) throws IOException {
        if (passwordStdin && username == null) throw new IllegalArgumentException("--password-stdin needs --username");
        if (username != null && !passwordStdin) throw new IllegalArgumentException("--username needs --password-stdin (passwords are never taken as arguments)");
        if (noCache && cache != null) throw new IllegalArgumentException("--cache and --no-cache exclude each other");
        RegistrySettings s = RegistrySettings.defaults();
        if (username != null) {
            String password = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
            // like docker login: one trailing newline is not part of the password
            password = password.replaceAll("\\r?\\n$", "");
            if (password.isEmpty()) throw new IllegalArgumentException("--password-stdin read an empty password");
            s = s.withKeychain(Keychain.chain(List.of(Keychain.of(ref.registry(), Credential.basic(username, password)), s.keychain())));
        }
        if (!caCerts.isEmpty()) s = s.withCaCerts(caCerts);
        if (insecure) s = s.withInsecure(true);
        if (plainHttp) s = s.withPlainHttp(true);
        if (noCache) s = s.withCacheDir(null);
        else if (cache != null) s = s.withCacheDir(cache);
        return s;
    }
}
