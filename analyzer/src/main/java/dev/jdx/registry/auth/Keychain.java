package dev.jdx.registry.auth;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Where credentials come from: resolves the {@link Credential} for a registry host, or none for anonymous access. */
@FunctionalInterface
public interface Keychain {

    /**
     * The credential for one repository ({@code team/app}, or null for the registry as a whole) of {@code registry}
     * as references name it ({@code docker.io}, {@code localhost:5000}). A keychain that keeps credentials per
     * repository (Podman's {@code auth.json} keys like {@code quay.io/team}) picks the most specific. Throws when a
     * configured source (a credential helper) fails, so a broken setup is not silently anonymous.
     */
    Optional<Credential> resolve(String registry, String repository) throws IOException;

    /** The registry-wide credential for {@code registry}. */
    default Optional<Credential> resolve(String registry) throws IOException {
        return resolve(registry, null);
    }

    /** Anonymous access everywhere. */
    static Keychain anonymous() {
        return (registry, repository) -> Optional.empty();
    }

    /** One credential for every repository of exactly one registry (from {@code --username} / {@code --password-stdin}). */
    static Keychain of(String registry, Credential credential) {
        return (r, repository) -> r.equals(registry) ? Optional.of(credential) : Optional.empty();
    }

    /** The first keychain that knows the registry (and repository) wins. */
    static Keychain chain(List<Keychain> keychains) {
        List<Keychain> copy = List.copyOf(keychains);
        return (registry, repository) -> {
            for (Keychain k : copy) {
                Optional<Credential> c = k.resolve(registry, repository);
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
