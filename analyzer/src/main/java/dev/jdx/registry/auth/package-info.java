/**
 * Registry credentials and authentication: {@link dev.jdx.registry.auth.Credential} values (which never print
 * their secrets), {@link dev.jdx.registry.auth.Keychain}s reading Docker's and Podman's config files and
 * credential helpers, and the {@code WWW-Authenticate} {@link dev.jdx.registry.auth.Challenge} parser.
 *
 * <p>May import {@code dev.jdx.image}; knows nothing of HTTP clients, sources or analysis.
 */
package dev.jdx.registry.auth;
