package dev.jdx.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AnalysisCaptureTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            /etc/os-release,                                              65536
            /usr/lib/os-release,                                          65536
            /etc/alpine-release,                                          65536
            /etc/debian_version,                                          65536
            /etc/redhat-release,                                          65536
            /etc/centos-release,                                          65536
            /var/lib/dpkg/status,                                         67108864
            /var/lib/dpkg/status-old,                                     0
            /var/lib/dpkg/status.d/base-files,                            1048576
            /var/lib/dpkg/status.d/base-files.md5sums,                    0
            /lib/apk/db/installed,                                        67108864
            /usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA, 1048576
            /usr/lib/python3/dist-packages/six-1.16.0.dist-info/RECORD,   0
            /usr/lib/python3.11/site-packages/x-1.0.egg-info/PKG-INFO,    1048576
            /app/node_modules/express/package.json,                       1048576
            /app/node_modules/@types/node/package.json,                   1048576
            /app/node_modules/a/node_modules/b/package.json,              1048576
            /app/node_modules/express/lib/package.json,                   0
            /app/package.json,                                            0
            /opt/app/lib/guava.jar,                                       8388608
            /bin/busybox,                                                 4194304
            /bin/[,                                                       4194304
            /usr/bin/[,                                                   4194304
            /bin/sh,                                                      0
            /var/lib/rpm/rpmdb.sqlite,                                    67108864
            /usr/lib/sysimage/rpm/rpmdb.sqlite,                           67108864
            /var/lib/rpm/Packages,                                        67108864
            /var/lib/rpm/Packages.db,                                     0
            /var/lib/rpm/rpmdb.sqlite-wal,                                0
            /etc/passwd,                                                  0
            """)
    void limits(String path, long limit) {
        assertThat(AnalysisCapture.INSTANCE.limit(path)).isEqualTo(limit);
    }

    @Test
    void jarsAreReducedToTheirPomProperties() throws Exception {
        byte[] jar = PackageInventoryTest.jar("org.x", "lib", "1.2", null);
        String kept = new String(AnalysisCapture.INSTANCE.reduce("/a.jar", jar), StandardCharsets.UTF_8);
        assertThat(kept).startsWith("### META-INF/maven/org.x/lib/pom.properties\n").contains("version=1.2").doesNotContain("Manifest-Version");
    }

    @Test
    void aCorruptJarKeepsNothing() {
        assertThat(AnalysisCapture.INSTANCE.reduce("/a.jar", "not a zip".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void aBinaryThatIsNotBusyboxKeepsNothing() {
        assertThat(AnalysisCapture.INSTANCE.reduce("/bin/[", new byte[] {0x7f, 'E', 'L', 'F', 0, 1, 2})).isNull();
        assertThat(new String(AnalysisCapture.INSTANCE.reduce("/bin/[", "xx\0BusyBox v1.31.1 (2019)".getBytes(StandardCharsets.ISO_8859_1)),
                StandardCharsets.US_ASCII)).isEqualTo("BusyBox v1.31.1");
    }

    @Test
    void otherFilesAreKeptWhole() {
        byte[] b = "ID=x\n".getBytes(StandardCharsets.UTF_8);
        assertThat(AnalysisCapture.INSTANCE.reduce("/etc/os-release", b)).isSameAs(b);
    }
}
