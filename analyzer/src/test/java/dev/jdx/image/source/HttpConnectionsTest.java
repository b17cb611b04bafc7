package dev.jdx.image.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Proxy;
import java.net.URI;
import org.junit.jupiter.api.Test;

class HttpConnectionsTest {
    @Test
    void aConnectionOpenedHereLetsTheJdkAnswerAProxysBasicChallengeOnATunnel() throws Exception {
        // surefire starts the JVM without the property; opening a connection (no network yet) loads this class first.
        // RegistryProxyTest shows what it is for; it failed when a daemon connection loaded the JDK's class first.
        HttpConnections.open(URI.create("http://127.0.0.1:9/v2/"), Proxy.NO_PROXY, java.time.Duration.ofSeconds(1)).disconnect();
        assertThat(System.getProperty("jdk.http.auth.tunneling.disabledSchemes")).isEmpty();
    }
}
