package dev.jdx.image.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HttpClientsTest {
    @Test
    void aClientBuiltHereReadsItsSocketIn256KiBBuffers() throws Exception {
        // surefire starts the JVM without the property: this class sets it before the JDK client loads
        try (var client = HttpClients.newBuilder().build()) {
            assertThat(client).isNotNull();
        }
        assertThat(System.getProperty("jdk.httpclient.bufsize")).isEqualTo("262144");
    }
}
