package dev.jdx.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdx.fixtures.Processes;
import dev.jdx.fixtures.RealProxy;
import dev.jdx.fixtures.RealRegistry;
import dev.jdx.fixtures.Requirements;
import dev.jdx.fixtures.TestCertificates;
import dev.jdx.fixtures.TestLayout;
import dev.jdx.image.Image;
import dev.jdx.image.ImageRef;
import dev.jdx.image.Layer;
import dev.jdx.image.source.ImageSelection;
import dev.jdx.registry.auth.Keychain;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Registries reached through a real authenticating proxy (tinyproxy with Basic auth), with the credentials in the
 * proxy URL of {@code HTTPS_PROXY} / {@code HTTP_PROXY} as Docker reads them. Loopback names never go through a
 * proxy, so the registries are named by this machine's host name (and listen on the address it resolves to).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryProxyTest {
    private static final String USER = "jdxuser";
    private static final String PASSWORD = "pr0xy-Pass";
    /** With a percent-escape, which jdx decodes as URLs are (tinyproxy's config takes no '@' or ':' to escape). */
    private static final String USER_INFO = USER + ":pr0xy%2DPass";

    private Path work;
    private TestLayout.ImageInfo info;
    private RealProxy proxy;
    private RealRegistry plain;
    private RealRegistry tls;
    private String hostName;
    private String address;
    private TestCertificates certs;

    @BeforeAll
    void start() throws IOException {
        Requirements.tool("docker-registry");
        Requirements.tool("skopeo");
        Requirements.tool("openssl");
        Requirements.tool("tinyproxy");
        InetAddress local = InetAddress.getLocalHost();
        hostName = local.getHostName();
        Requirements.require(local instanceof Inet4Address && !hostName.equals("localhost") && !hostName.contains(":"),
                "this machine's host name (" + hostName + ") must resolve to an IPv4 address");
        work = Files.createTempDirectory("jdx-regproxy");
        Path layout = work.resolve("layout");
        TestLayout l = new TestLayout(layout);
        l.tag("app", l.image("linux", "amd64", List.of(TestLayout.tar(Map.of("etc/motd", "through the proxy\n")),
                TestLayout.tar(Map.of("usr/bin/tool", "z".repeat(40_000))))));
        info = TestLayout.describe(layout, "app", "linux", "amd64");
        address = local.getHostAddress();
        plain = RealRegistry.builder().address(address).start();
        Processes.skopeo("copy", "--quiet", "--dest-tls-verify=false", "oci:" + layout + ":app", plain.docker("app:1"));
        certs = TestCertificates.create(work.resolve("tls"));
        tls = RealRegistry.builder().address(address).tls(certs.serverCert(), certs.serverKey()).start();
        Processes.skopeo("copy", "--quiet", "--dest-tls-verify=false", "oci:" + layout + ":app", tls.docker("app:1"));
        proxy = RealProxy.start(USER, PASSWORD);
    }

    @AfterAll
    void stop() throws IOException {
        for (AutoCloseable c : new AutoCloseable[] {proxy, plain, tls}) {
            try {
                if (c != null) c.close();
            } catch (Exception e) {
                // keep stopping the rest
            }
        }
        if (work != null) TestLayout.deleteTree(work);
    }

    /** CONNECT requests the proxy received so far (tinyproxy logs each as "Request (file descriptor N): CONNECT ..."). */
    private int connects() {
        return (int) proxy.log().lines().filter(l -> l.contains("Request (") && l.contains(": CONNECT ")).count();
    }

    /** The registry as this machine's host name, which no proxy rule treats as loopback. */
    private String named(RealRegistry r) {
        return hostName + ":" + r.port();
    }

    private RegistrySettings through(String userInfo, String noProxy) {
        Map<String, String> env = new HashMap<>();
        env.put("HTTPS_PROXY", proxy.url(userInfo));
        env.put("HTTP_PROXY", proxy.url(userInfo));
        if (noProxy != null) env.put("NO_PROXY", noProxy);
        // --insecure: the test certificate names 127.0.0.1, not the host name; and it lets the plain registry be
        // reached over http after the https attempt
        return RegistrySettings.defaults().withKeychain(Keychain.anonymous()).withCacheDir(null).withCertsDirs(List.of())
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20)).withInsecure(true)
                .withProxySelector(EnvProxySelector.fromEnvironment(env));
    }

    private void resolveAndRead(RealRegistry r, RegistrySettings s) throws IOException {
        try (RegistrySource src = new RegistrySource(ImageRef.parse(named(r) + "/app:1"), s)) {
            Image image = src.resolve(ImageSelection.defaults());
            assertThat(image.manifestDigest()).hasToString(info.manifestDigest());
            assertThat(image.layers()).extracting(l -> l.descriptor().digest().toString()).containsExactlyElementsOf(info.layerDigests());
            for (Layer l : image.layers()) RegistrySourceTest.assertLayerBytes(l);
        }
    }

    @Test
    void httpsRegistryThroughAnAuthenticatingProxyTunnel() throws IOException {
        resolveAndRead(tls, through(USER_INFO, null));
        assertThat(proxy.log()).contains("CONNECT " + named(tls));
    }

    @Test
    void plainRegistryThroughAnAuthenticatingProxy() throws IOException {
        resolveAndRead(plain, through(USER_INFO, null));
        // the https attempt went through a tunnel the proxy opened (so it took the credentials), then plain requests
        assertThat(proxy.log()).contains("CONNECT " + named(plain)).contains("GET http://" + named(plain) + "/v2/");
    }

    @Test
    void aProxyWantingCredentialsIsAClearErrorThatNeverShowsThem() {
        assertThatThrownBy(() -> resolveAndRead(tls, through(null, null)))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("the proxy 127.0.0.1:" + proxy.port() + " requires authentication (HTTP 407)")
                .hasMessageContaining("HTTPS_PROXY as http://USER:PASSWORD@HOST:PORT");
        int before = connects();
        assertThatThrownBy(() -> resolveAndRead(tls, through(USER + ":wrong-" + "Secret9", null)))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("the proxy 127.0.0.1:" + proxy.port() + " rejected the credentials in HTTPS_PROXY")
                .hasMessageNotContaining("wrong-Secret9").hasMessageNotContaining(USER);
        // one CONNECT without credentials, one with the wrong ones, and no more: no loop answering the proxy, no retry
        assertThat(connects() - before).isEqualTo(2);
        // the same where no probe for plain HTTP comes first (not --insecure): the manifest request is not retried
        int again = connects();
        assertThatThrownBy(() -> resolveAndRead(tls, through(USER + ":wrong-" + "Secret9", null).withInsecure(false)))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("rejected the credentials in HTTPS_PROXY");
        assertThat(connects() - again).isEqualTo(2);
    }

    @Test
    void aRegistryInsideTheTunnelNeverGetsTheProxyPassword() throws IOException {
        // a hostile https registry answers 407 as if it were the proxy: the proxy's credentials go to the CONNECT only
        try (FaultServer origin = new FaultServer(FaultServer.tlsContext(certs, work.resolve("origin-tls")), InetAddress.getByName(address))) {
            for (String path : List.of("/v2/", "/v2/app/manifests/1")) {
                origin.on(path, (ex, nth) -> FaultServer.send(ex, 407, "text/plain", "who are you".getBytes(),
                        Map.of("Proxy-Authenticate", "Basic realm=\"registry\"")));
            }
            String name = hostName + ":" + origin.host().substring(origin.host().lastIndexOf(':') + 1);
            try (RegistrySource src = new RegistrySource(ImageRef.parse(name + "/app:1"), through(USER_INFO, null))) {
                assertThatThrownBy(() -> src.resolve(ImageSelection.defaults())).isInstanceOf(AuthenticationException.class);
            }
            assertThat(proxy.log()).contains("CONNECT " + name);
            assertThat(origin.seen()).extracting(FaultServer.Seen::path).contains("/v2/app/manifests/1");
            assertThat(origin.seen()).allSatisfy(seen -> assertThat(seen.proxyAuthorization()).isNull());
        }
    }

    @Test
    void anUnreadableProxyUrlIsAnErrorNotASilentDirectConnection() {
        RegistrySettings s = through(USER_INFO, null).withProxySelector(EnvProxySelector.fromEnvironment(
                Map.of("HTTPS_PROXY", "http://" + USER + ":Secret9@proxy host:" + proxy.port())));
        assertThatThrownBy(() -> resolveAndRead(tls, s))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("HTTPS_PROXY is set but is not a proxy URL jdx can read")
                .hasMessageNotContaining("Secret9");
    }

    @Test
    void noProxyNamesAHostThatGoesDirect() throws IOException {
        String before = proxy.log();
        resolveAndRead(tls, through(USER_INFO, hostName));
        assertThat(proxy.log().substring(before.length())).doesNotContain(named(tls));
    }
}
