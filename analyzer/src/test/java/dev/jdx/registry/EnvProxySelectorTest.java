package dev.jdx.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's {@code ProxyFromEnvironment} rules, which Docker and skopeo follow. */
class EnvProxySelectorTest {

    @ParameterizedTest(name = "{0} with NO_PROXY={1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            https://ghcr.io/v2/                 | -                          | proxy.corp:3128
            https://ghcr.io/v2/                 | ghcr.io                    | -
            https://pkg.ghcr.io/v2/             | ghcr.io                    | -
            https://pkg.ghcr.io/v2/             | .ghcr.io                   | -
            https://ghcr.io/v2/                 | .ghcr.io                   | -
            https://notghcr.io/v2/              | ghcr.io                    | proxy.corp:3128
            https://ghcr.io/v2/                 | *                          | -
            https://10.1.2.3:5000/v2/           | 10.0.0.0/8                 | -
            https://11.1.2.3:5000/v2/           | 10.0.0.0/8                 | proxy.corp:3128
            https://reg.example:5000/v2/        | reg.example:5000           | -
            https://reg.example:5001/v2/        | reg.example:5000           | proxy.corp:3128
            https://localhost:5000/v2/          | -                          | -
            https://127.0.0.1:5000/v2/          | -                          | -
            http://plain.example/v2/            | -                          | httpproxy.corp:80
            https://a.example/v2/               | ' b.example , A.EXAMPLE '  | -
            """)
    void selects(String uri, String noProxy, String expected) {
        Map<String, String> env = new HashMap<>();
        env.put("HTTPS_PROXY", "http://proxy.corp:3128");
        env.put("http_proxy", "httpproxy.corp");
        if (noProxy != null) env.put("no_proxy", noProxy);
        List<Proxy> p = EnvProxySelector.fromEnvironment(env).select(URI.create(uri));
        assertThat(p).hasSize(1);
        if (expected == null) {
            assertThat(p.get(0)).isEqualTo(Proxy.NO_PROXY);
        } else {
            InetSocketAddress a = (InetSocketAddress) p.get(0).address();
            assertThat(a.getHostString() + ":" + a.getPort()).isEqualTo(expected);
        }
    }

    @Test
    void proxyCredentialsGoOnlyToRequestsThroughThatProxyDecoded() {
        EnvProxySelector s = EnvProxySelector.fromEnvironment(Map.of(
                "HTTPS_PROXY", "http://corp%5Cjane:p%40ss:word@proxy.corp:3128",
                "HTTP_PROXY", "http://plain.corp:8080",
                "NO_PROXY", "internal.example"));
        assertThat(s.proxyCredentials(URI.create("https://ghcr.io/v2/"))).hasValueSatisfying(p -> {
            assertThat(p.getUserName()).isEqualTo("corp\\jane");
            assertThat(p.getPassword()).isEqualTo("p@ss:word".toCharArray());
        });
        // direct requests (NO_PROXY, loopback) and a proxy URL without user info carry nothing
        assertThat(s.proxyCredentials(URI.create("https://internal.example/v2/"))).isEmpty();
        assertThat(s.proxyCredentials(URI.create("https://127.0.0.1:5000/v2/"))).isEmpty();
        assertThat(s.proxyCredentials(URI.create("http://ghcr.io/v2/"))).isEmpty();
        // what messages name: the proxy without its credentials
        assertThat(s.describeProxy(URI.create("https://ghcr.io/v2/"))).isEqualTo("proxy.corp:3128");
        assertThat(s.describeProxy(URI.create("https://internal.example/v2/"))).isNull();
    }

    @Test
    void anUnescapedAtInThePasswordEndsAtTheLastAtAsGoReadsIt() {
        EnvProxySelector s = EnvProxySelector.fromEnvironment(Map.of("HTTPS_PROXY", "http://jane:p@ss@proxy.corp:3128"));
        URI target = URI.create("https://ghcr.io/v2/");
        InetSocketAddress a = (InetSocketAddress) s.select(target).get(0).address();
        assertThat(a.getHostString() + ":" + a.getPort()).isEqualTo("proxy.corp:3128");
        assertThat(s.proxyCredentials(target)).hasValueSatisfying(p -> {
            assertThat(p.getUserName()).isEqualTo("jane");
            assertThat(p.getPassword()).isEqualTo("p@ss".toCharArray());
        });
    }

    @Test
    void anUnreadableProxyUrlStopsTheRequestsThatWouldUseItNamingTheVariableOnly() {
        EnvProxySelector s = EnvProxySelector.fromEnvironment(Map.of(
                "https_proxy", "http://jane:Secret9@proxy corp:3128", "NO_PROXY", "internal.example"));
        assertThat(s.unreadableProxy(URI.create("https://ghcr.io/v2/"))).hasValueSatisfying(m -> assertThat(m)
                .contains("HTTPS_PROXY is set but is not a proxy URL").doesNotContain("Secret9").doesNotContain("jane"));
        // requests that would not use it go on: NO_PROXY, loopback, plain http (HTTP_PROXY unset)
        assertThat(s.unreadableProxy(URI.create("https://internal.example/v2/"))).isEmpty();
        assertThat(s.unreadableProxy(URI.create("https://127.0.0.1:5000/v2/"))).isEmpty();
        assertThat(s.unreadableProxy(URI.create("http://ghcr.io/v2/"))).isEmpty();
        assertThat(EnvProxySelector.fromEnvironment(Map.of("HTTPS_PROXY", "http://proxy.corp:3128"))
                .unreadableProxy(URI.create("https://ghcr.io/v2/"))).isEmpty();
    }
}
