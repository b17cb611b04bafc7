package dev.jdx.check.image;

import static dev.jdx.fixtures.ImageBuilder.image;
import static dev.jdx.fixtures.LayerBuilder.layer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jdx.check.Finding;
import dev.jdx.fixtures.ImageBuilder;
import dev.jdx.fixtures.LayerBuilder;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each image check fires on an image built to show the problem and stays quiet on its fixed twin. */
class ImageChecksTest {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 26);
    static final String KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n";

    @TempDir Path tmp;

    /** A clean image: non-root, healthcheck, no setuid, nothing writable, no secrets; extra layers are added by the cases. */
    static ImageBuilder clean(LayerBuilder... extra) {
        ImageBuilder b = image().user("app")
                .healthcheck(List.of("CMD", "true"), 30, 5, 0, 3)
                .layer(layer().dir("/etc").file("/etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n")
                        .dir("/bin").file("/bin/sh", "#!sh".getBytes(), 0755).dir("/tmp", 01777));
        for (LayerBuilder l : extra) b.layer(l);
        return b;
    }

    /**
     * The cache check skips the regex for paths outside a few roots: every alternative of the pattern, with each home
     * directory it allows, must start under one of them, or its caches would never be reported.
     */
    @Test
    void everyCacheAlternativeStartsUnderARootThePrefilterLetsThrough() {
        String p = ImageChecks.CACHE.pattern();
        assertThat(p).startsWith("^(").endsWith(")/");
        List<String> alternatives = new java.util.ArrayList<>();
        int depth = 0, from = 2;
        for (int i = 2; i < p.length() - 2; i++) {
            char c = p.charAt(i);
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == '|' && depth == 0) {
                alternatives.add(p.substring(from, i));
                from = i + 1;
            }
        }
        alternatives.add(p.substring(from, p.length() - 2));
        assertThat(alternatives).hasSizeGreaterThanOrEqualTo(8);
        for (String alt : alternatives) {
            for (String home : List.of("/root", "/home/ann")) {
                String path = alt.replace("(?:/root|/home/[^/]+)", home).replace("\\.", ".") + "/some/file";
                assertThat(ImageChecks.CACHE.matcher(path).lookingAt()).as(path).isTrue();
                assertThat(ImageChecks.underCacheRoot(path)).as(path).isTrue();
            }
        }
        assertThat(ImageChecks.underCacheRoot("/usr/lib/python3/dist-packages/x.py")).isFalse();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("JDX-I001", (UnaryOperator<ImageBuilder>) b -> b.user(""), (UnaryOperator<ImageBuilder>) b -> b.user("1000:1000")),
                Arguments.of("JDX-I001", (UnaryOperator<ImageBuilder>) b -> b.user("0:0"), (UnaryOperator<ImageBuilder>) b -> b.user("nobody")),
                Arguments.of("JDX-I002", op(layer().dir("/usr/bin").file("/usr/bin/sudo", "x".getBytes(), 04755)),
                        op(layer().dir("/usr/bin").file("/usr/bin/passwd", "x".getBytes(), 04755).file("/usr/bin/sudo", "x".getBytes(), 0755))),
                Arguments.of("JDX-I002", op(layer().dir("/usr/bin").file("/usr/bin/wall2", "x".getBytes(), 02755)),
                        op(layer().dir("/usr/bin").file("/usr/bin/wall", "x".getBytes(), 02755))),
                Arguments.of("JDX-I003", op(layer().dir("/data", 0777)), op(layer().dir("/data", 01777))),
                Arguments.of("JDX-I003", op(layer().dir("/app").file("/app/run.sh", "x".getBytes(), 0666)),
                        op(layer().dir("/app").file("/app/run.sh", "x".getBytes(), 0644))),
                Arguments.of("JDX-I004", op(layer().dir("/root/.ssh").file("/root/.ssh/id_rsa", KEY)),
                        op(layer().dir("/root/.ssh").file("/root/.ssh/id_rsa.pub", "ssh-ed25519 AAAA user@host\n"))),
                Arguments.of("JDX-I004", op(layer().dir("/app").file("/app/server.pem", "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n")),
                        op(layer().dir("/app").file("/app/server.pem", "-----BEGIN CERTIFICATE-----\nMIIE\n-----END CERTIFICATE-----\n"))),
                // allowlisted: a library's test key (a dockle CIS-DI-0010 false positive)
                Arguments.of("JDX-I004", op(layer().dir("/srv").file("/srv/key.pem", KEY)),
                        op(layer().dir("/usr/lib/python3/site-packages/requests/tests").file("/usr/lib/python3/site-packages/requests/tests/key.pem", KEY))),
                Arguments.of("JDX-I005", op(layer().dir("/root/.aws").file("/root/.aws/credentials", "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI\n")),
                        op(layer().dir("/root/.aws").file("/root/.aws/config", "[default]\nregion = eu-west-1\n"))),
                Arguments.of("JDX-I005", op(layer().dir("/app").file("/app/.env", "DEBUG=1\nDB_PASSWORD=hunter2\n")),
                        op(layer().dir("/app").file("/app/.env", "DEBUG=1\nDB_PASSWORD=\nDB_PASSWORD_FILE=/run/secrets/db\n"))),
                Arguments.of("JDX-I005", op(layer().dir("/root").file("/root/.npmrc", "//registry.npmjs.org/:_authToken=npm_abc\n")),
                        op(layer().dir("/root").file("/root/.npmrc", "registry=https://registry.npmjs.org/\n"))),
                Arguments.of("JDX-I005", op(layer().dir("/root/.config/gcloud").file("/root/.config/gcloud/application_default_credentials.json", "{}")),
                        op(layer().dir("/root/.config/gcloud").file("/root/.config/gcloud/active_config", "default"))),
                Arguments.of("JDX-I005", op(layer().dir("/root/.docker").file("/root/.docker/config.json", "{\"auths\":{\"r\":{\"auth\":\"dXNlcjpwdw==\"}}}")),
                        op(layer().dir("/root/.docker").file("/root/.docker/config.json", "{\"credsStore\":\"desktop\"}"))),
                Arguments.of("JDX-I006", op(layer().dir("/app").dir("/app/.git").file("/app/.git/HEAD", "ref: refs/heads/main\n")),
                        op(layer().dir("/app").file("/app/.gitignore", "target/\n"))),
                Arguments.of("JDX-I007", op(layer().dir("/var/lib/apt/lists").file("/var/lib/apt/lists/deb_Packages", 5000, 1)),
                        op(layer().dir("/var/lib/apt/lists").file("/var/lib/apt/lists/lock", ""))),
                Arguments.of("JDX-I007", op(layer().dir("/root/.cache/pip/http").file("/root/.cache/pip/http/abc", 3000, 2)),
                        op(layer().dir("/root/.cache").file("/root/.cache/other", 3000, 2))),
                Arguments.of("JDX-I008", (UnaryOperator<ImageBuilder>) b -> b.layer(layer().dir("/opt").file("/opt/big", 11L << 20, 3)).layer(layer().whiteout("/opt/big")),
                        (UnaryOperator<ImageBuilder>) b -> b.layer(layer().dir("/opt").file("/opt/big", 9L << 20, 3)).layer(layer().whiteout("/opt/big"))),
                Arguments.of("JDX-I009", op(layer().file("/etc/os-release", "ID=debian\nVERSION_ID=\"9\"\nPRETTY_NAME=\"Debian GNU/Linux 9 (stretch)\"\n")),
                        op(layer().file("/etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n"))),
                Arguments.of("JDX-I010", label("org.opencontainers.image.base.name", "docker.io/library/debian:latest"),
                        label("org.opencontainers.image.base.name", "docker.io/library/debian:12@sha256:" + "a".repeat(64))),
                Arguments.of("JDX-I010", label("org.opencontainers.image.base.name", "debian"),
                        label("org.opencontainers.image.base.name", "debian:12")),
                Arguments.of("JDX-I011", label("org.opencontainers.image.base.name", "debian:12"),
                        (UnaryOperator<ImageBuilder>) b -> b.label("org.opencontainers.image.base.name", "debian:12")
                                .label("org.opencontainers.image.base.digest", "sha256:" + "b".repeat(64))),
                Arguments.of("JDX-I013", (UnaryOperator<ImageBuilder>) b -> b.env("DB_PASSWORD=hunter2"),
                        (UnaryOperator<ImageBuilder>) b -> b.env("DB_PASSWORD_FILE=/run/secrets/db").env("GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D")),
                Arguments.of("JDX-I013", (UnaryOperator<ImageBuilder>) b -> b.env("DEPLOY=AKIAIOSFODNN7EXAMPLE"),
                        (UnaryOperator<ImageBuilder>) b -> b.env("DEPLOY=production")),
                Arguments.of("JDX-I013", label("ci.token", "ghp_" + "a1B2".repeat(9)), label("ci.token", "")),
                Arguments.of("JDX-I014", (UnaryOperator<ImageBuilder>) b -> image().user("app").layer(layer().dir("/etc")),
                        (UnaryOperator<ImageBuilder>) b -> b));
    }

    private static UnaryOperator<ImageBuilder> op(LayerBuilder l) {
        return b -> b.layer(l);
    }

    private static UnaryOperator<ImageBuilder> label(String k, String v) {
        return b -> b.label(k, v);
    }

    @ParameterizedTest(name = "{0} #{index}")
    @MethodSource("cases")
    void firesAndStaysQuiet(String id, UnaryOperator<ImageBuilder> bad, UnaryOperator<ImageBuilder> good) throws Exception {
        List<Finding> onBad = ImageChecks.run(TestFacts.of(bad.apply(clean()), tmp), ImageCheckOptions.defaults(TODAY));
        List<Finding> onGood = ImageChecks.run(TestFacts.of(good.apply(clean()), tmp), ImageCheckOptions.defaults(TODAY));
        assertThat(onBad).as("fires").extracting(Finding::checkId).contains(id);
        assertThat(onGood).as("stays quiet").extracting(Finding::checkId).doesNotContain(id);
        // everything else stays quiet on the clean image, so each case shows one check
        assertThat(ImageChecks.run(TestFacts.of(clean(), tmp), ImageCheckOptions.defaults(TODAY))).isEmpty();
    }

    @Test
    void findingsCarryPathAndLayer() throws Exception {
        var facts = TestFacts.of(clean(layer().dir("/usr/bin").file("/usr/bin/sudo", "x".getBytes(), 04755)), tmp);
        Finding f = ImageChecks.run(facts, ImageCheckOptions.defaults(TODAY)).get(0);
        assertThat(f.checkId()).isEqualTo("JDX-I002");
        assertThat(f.imagePath()).isEqualTo("/usr/bin/sudo");
        assertThat(f.layer()).isEqualTo(1);
        assertThat(f.message()).contains("setuid").contains("-rwsr-xr-x");
    }

    @Test
    void cacheSizeIsTheSumOfItsFiles() throws Exception {
        var facts = TestFacts.of(clean(layer().dir("/var/cache/apk").file("/var/cache/apk/a.apk", 2048, 1).file("/var/cache/apk/b.apk", 1024, 2)), tmp);
        assertThat(ImageChecks.run(facts, ImageCheckOptions.defaults(TODAY))).extracting(Finding::message)
                .containsExactly("/var/cache/apk holds 2 files (3.0 KiB)");
    }

    @Test
    void excludesAllowlistsAndTrustedRegistriesFromOptions() throws Exception {
        var facts = TestFacts.of(clean(layer().dir("/opt/vendor").file("/opt/vendor/tool", "x".getBytes(), 04755)
                .dir("/fixtures").file("/fixtures/test.key", KEY)).label("org.opencontainers.image.base.name",
                "quay.io/org/base:1@sha256:" + "c".repeat(64)), tmp);
        var none = ImageCheckOptions.defaults(TODAY);
        assertThat(ImageChecks.run(facts, none)).extracting(Finding::checkId).containsExactly("JDX-I002", "JDX-I004");
        var tuned = new ImageCheckOptions(List.of("/opt/vendor/**"), List.of("/fixtures/**"), List.of(), List.of("docker.io"),
                ImageCheckOptions.DEFAULT_LARGE_WASTE, TODAY);
        assertThat(ImageChecks.run(facts, tuned)).extracting(Finding::checkId).containsExactly("JDX-I012");
        var allowTool = new ImageCheckOptions(List.of(), List.of(), List.of("tool"), List.of("docker.io", "quay.io"),
                ImageCheckOptions.DEFAULT_LARGE_WASTE, TODAY);
        assertThat(ImageChecks.run(facts, allowTool)).extracting(Finding::checkId).containsExactly("JDX-I004");
    }

    @Test
    void secretValuesAreNeverPrinted() throws Exception {
        var facts = TestFacts.of(clean().env("API_TOKEN=s3cr3t-value").label("deploy.password", "hunter2"), tmp);
        List<Finding> f = ImageChecks.run(facts, ImageCheckOptions.defaults(TODAY));
        assertThat(f).extracting(Finding::checkId).containsOnly("JDX-I013").hasSize(2);
        assertThat(f).extracting(Finding::message).noneMatch(m -> m.contains("s3cr3t") || m.contains("hunter2"));
    }

    @Test
    void everyCheckHasAUniqueStableId() {
        assertThat(ImageChecks.ALL).extracting(c -> c.id()).doesNotHaveDuplicates()
                .allMatch(id -> id.matches("JDX-I0[0-9]{2}"));
    }

    @Test
    void wasteCheckHonoursExcludesAndTheLimitFromThePolicy() throws Exception {
        var facts = TestFacts.of(clean(layer().dir("/opt").file("/opt/big", 3L << 20, 3).dir("/var").file("/var/log.txt", 1L << 20, 4),
                layer().whiteout("/opt/big").whiteout("/var/log.txt")), tmp);
        var policy = new dev.jdx.check.Policy("p", null, null, null, null, null, null, null, null, List.of(), List.of(),
                List.of(), List.of(), 4L << 20);
        assertThat(ImageChecks.run(facts, ImageCheckOptions.from(policy, TODAY))).extracting(Finding::checkId)
                .containsExactly("JDX-I008");
        assertThat(ImageChecks.run(facts, ImageCheckOptions.from(policy, TODAY)).get(0).message())
                .startsWith("4.0 MiB reclaimable (limit 4.0 MiB); largest: /opt/big 3.0 MiB (layer 1, deleted by 2)");
        var excluding = new dev.jdx.check.Policy("p", null, null, null, null, null, null, null, null, List.of("/var/**"),
                List.of(), List.of(), List.of(), 4L << 20);
        assertThat(ImageChecks.run(facts, ImageCheckOptions.from(excluding, TODAY))).isEmpty();
    }
}
