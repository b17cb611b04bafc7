package dev.jdx.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CredentialTest {
    @Test
    void toStringNeverShowsSecrets() {
        Credential basic = Credential.basic("alice", "hunter2-secret");
        assertThat(basic.toString()).contains("alice").doesNotContain("hunter2-secret").contains("<redacted>");
        Credential token = new Credential("bob", null, "refresh-token-xyz");
        assertThat(token.toString()).doesNotContain("refresh-token-xyz").contains("<redacted>");
        assertThat(token.hasIdentityToken()).isTrue();
        // records would print every component: a credential inside another record or a message stays redacted too
        assertThat(String.valueOf(java.util.Optional.of(basic))).doesNotContain("hunter2-secret");
    }

    @Test
    void basicAuthorizationIsBase64OfUserColonPassword() {
        String h = Credential.basic("alice", "p:w").basicAuthorization();
        assertThat(h).startsWith("Basic ");
        assertThat(new String(Base64.getDecoder().decode(h.substring(6)), StandardCharsets.UTF_8)).isEqualTo("alice:p:w");
    }
}
