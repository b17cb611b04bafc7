package dev.jdx.registry.auth;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Where credentials come from: resolves the {@link Credential} for a registry host, or none for anonymous access. */
@FunctionalInterface
public interface Keychain {

    /**
     * The credential for {@code registry} as references name it ({@code docker.io}, {@code localhost:5000}).
     * Throws when a configured source (a credential helper) fails, so a broken setup is not silently anonymous.
     */
    Optional<Credential> resolve(String registry) throws IOException;

    /** Anonymous access everywhere. */
    static Keychain anonymous() {
        return registry -> Optional.empty();
    }

    /** One credential for exactly one registry (from {@code --username} / {@code --password-stdin}). */
    static Keychain of(String registry, Credential credential) {
        return r -> r.equals(registry) ? Optional.of(credential) : Optional.empty();
    }

    /** The first keychain that knows the registry wins. */
    static Keychain chain(List<Keychain> keychains) {
        List<Keychain> copy = List.copyOf(keychains);
        return registry -> {
            for (Keychain k : copy) {
                Optional<Credential> c = k.resolve(registry);
                if (c.isPresent()) return c;
            }
            return Optional.empty();
        };
    }

    /**
     * What Docker and Podman would use, in Docker's order: {@code $REGISTRY_AUTH_FILE}, Podman's
     * {@code $XDG_RUNTIME_DIR/containers/auth.json}, then {@code $DOCKER_CONFIG/config.json} or
     * {@code ~/.docker/config.json}.
     */
    static Keychain defaults() {
        return DockerConfigKeychain.defaults(System.getenv(), System.getProperty("user.home"));
    }
}
