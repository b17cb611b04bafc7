package dev.jdx.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdx.fixtures.Requirements;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OsDetectorTest {

    private static final String DEBIAN_12 = """
            PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
            NAME="Debian GNU/Linux"
            VERSION_ID="12"
            VERSION="12 (bookworm)"
            VERSION_CODENAME=bookworm
            ID=debian
            HOME_URL="https://www.debian.org/"
            """;

    @Test
    void debianThroughTheEtcSymlink() {
        var f = new TestFs().file("/usr/lib/os-release", DEBIAN_12).symlink("/etc/os-release", "../usr/lib/os-release")
                .file("/etc/debian_version", "12.5\n").files();
        OsInfo os = OsDetector.detect(f);
        assertThat(os).isEqualTo(new OsInfo("debian", "12", "Debian GNU/Linux 12 (bookworm)", null, "bookworm",
                "/usr/lib/os-release", false, false));
    }

    @Test
    void ubuntu() {
        var f = new TestFs().file("/usr/lib/os-release", """
                PRETTY_NAME="Ubuntu 22.04.4 LTS"
                NAME="Ubuntu"
                VERSION_ID="22.04"
                VERSION="22.04.4 LTS (Jammy Jellyfish)"
                VERSION_CODENAME=jammy
                ID=ubuntu
                ID_LIKE=debian
                UBUNTU_CODENAME=jammy
                """).symlink("/etc/os-release", "../usr/lib/os-release").files();
        OsInfo os = OsDetector.detect(f);
        assertThat(os.id()).isEqualTo("ubuntu");
        assertThat(os.idLike()).isEqualTo("debian");
        assertThat(os.versionId()).isEqualTo("22.04");
    }

    @Test
    void alpineReleaseWithoutOsRelease() {
        var os = OsDetector.detect(new TestFs().file("/etc/alpine-release", "3.19.1\n").files());
        assertThat(os.id()).isEqualTo("alpine");
        assertThat(os.versionId()).isEqualTo("3.19.1");
        assertThat(os.prettyName()).isEqualTo("Alpine Linux v3.19.1");
    }

    @Test
    void centos6ReleaseFiles() {
        var os = OsDetector.detect(new TestFs().file("/etc/centos-release", "CentOS release 6.10 (Final)\n")
                .symlink("/etc/redhat-release", "centos-release").symlink("/etc/system-release", "centos-release").files());
        assertThat(os.id()).isEqualTo("centos");
        assertThat(os.versionId()).isEqualTo("6.10");
        assertThat(os.source()).isEqualTo("/etc/centos-release");
    }

    @Test
    void rhel7RedhatRelease() {
        var os = OsDetector.detect(new TestFs().file("/etc/redhat-release", "Red Hat Enterprise Linux Server release 7.9 (Maipo)\n").files());
        assertThat(os.id()).isEqualTo("rhel");
        assertThat(os.versionId()).isEqualTo("7.9");
    }

    @Test
    void debianVersionOnly() {
        var os = OsDetector.detect(new TestFs().file("/etc/debian_version", "9.13\n").files());
        assertThat(os.id()).isEqualTo("debian");
        assertThat(os.versionId()).isEqualTo("9.13");
    }

    @Test
    void busyboxVersionFromTheBinary() {
        byte[] bin = ("\u007fELF....junk\0BusyBox v1.36.1 (2023-05-18 22:34:17 UTC)\0more").getBytes(StandardCharsets.ISO_8859_1);
        var os = OsDetector.detect(new TestFs().file("/bin/busybox", bin).files());
        assertThat(os.id()).isEqualTo("busybox");
        assertThat(os.versionId()).isEqualTo("1.36.1");
        assertThat(os.busybox()).isTrue();
    }

    @Test
    void distroless() {
        var os = OsDetector.detect(new TestFs().file("/etc/os-release", """
                PRETTY_NAME="Distroless"
                NAME="Debian GNU/Linux"
                ID="debian"
                VERSION_ID="12"
                """).file("/var/lib/dpkg/status.d/base-files", "Package: base-files\nVersion: 12.4\n").files());
        assertThat(os.distroless()).isTrue();
        assertThat(os.prettyName()).isEqualTo("Distroless");
        assertThat(os.id()).isEqualTo("debian");
    }

    @Test
    void scratchImageHasNoOs() {
        assertThat(OsDetector.detect(new TestFs().file("/app", "binary").files())).isEqualTo(OsInfo.UNKNOWN);
    }

    @Test
    void quotingInOsRelease() {
        var kv = OsDetector.parseOsRelease("# c\nA=\"x \\\"y\\\" \\$z\"\nB='single'\nC=bare\n\nBROKEN\n");
        assertThat(kv).containsEntry("A", "x \"y\" $z").containsEntry("B", "single").containsEntry("C", "bare").hasSize(3);
    }

    @Test
    void realAlpine311() throws Exception {
        var l = TestArchives.load(Requirements.realworld("trivy/alpine-311.tar.gz"), AnalysisCapture.INSTANCE);
        var os = OsDetector.detect(new FileContents(dev.jdx.fs.LayerStack.build(l.layers()).finalTree(), l.captured()));
        assertThat(os.id()).isEqualTo("alpine");
        assertThat(os.versionId()).startsWith("3.11.");
        assertThat(os.busybox()).isTrue();
    }

    @Test
    void realDiveBusyboxImage() throws Exception {
        var l = TestArchives.load(Requirements.realworld("dive/test-docker-image.tar"), AnalysisCapture.INSTANCE);
        var os = OsDetector.detect(new FileContents(dev.jdx.fs.LayerStack.build(l.layers()).finalTree(), l.captured()));
        assertThat(os.id()).isEqualTo("busybox");
        assertThat(os.versionId()).matches("1\\.\\d+\\.\\d+");
    }
}
