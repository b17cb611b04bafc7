package dev.jdx.registry.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Credentials for one registry: a username and password, or an identity (refresh) token. {@link #toString()}
 * never shows the secret, so a credential may safely end up in a log line or an exception message.
 *
 * @param username      the user, or null with an identity token
 * @param password      the password or access token, or null
 * @param identityToken an OAuth2 refresh token ({@code identitytoken} in Docker's config), or null
 */
public record Credential(String username, String password, String identityToken) {

    public static Credential basic(String username, String password) {
        return new Credential(username, password, null);
    }

    public static Credential identityToken(String token) {
        return new Credential(null, null, token);
    }

    public boolean hasIdentityToken() {
        return identityToken != null && !identityToken.isEmpty();
    }

    /** The value of an {@code Authorization: Basic} header for this username and password. */
    public String basicAuthorization() {
        String up = (username == null ? "" : username) + ":" + (password == null ? "" : password);
        return "Basic " + Base64.getEncoder().encodeToString(up.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credential[username=" + username + ", password=" + (password == null ? "none" : "<redacted>")
                + ", identityToken=" + (identityToken == null ? "none" : "<redacted>") + "]";
    }
}
