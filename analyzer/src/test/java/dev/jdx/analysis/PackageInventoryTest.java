package dev.jdx.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.jdx.fixtures.Requirements;
import dev.jdx.fs.LayerStack;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class PackageInventoryTest {

    private static final String DPKG = """
            Package: libc6
            Status: install ok installed
            Priority: optional
            Architecture: amd64
            Multi-Arch: same
            Source: glibc
            Version: 2.36-9+deb12u4
            Depends: libgcc-s1
            Description: GNU C Library: Shared libraries
             Contains the standard libraries that are used by nearly all programs on
             the system.
             .
             Version: not-a-field

            Package: oldpkg
            Status: deinstall ok config-files
            Architecture: all
            Version: 1.0

            Package: base-files
            Status: install ok installed
            Essential: yes
            Architecture: amd64
            Version: 12.4+deb12u5
            """;

    private static Packages inventory(TestFs fs) {
        return PackageInventory.inventory(fs.files(), fs.captured());
    }

    @Test
    void dpkgStatusInstalledOnly() {
        var p = inventory(new TestFs().file("/var/lib/dpkg/status", DPKG));
        assertThat(p.packages()).extracting(Package::type, Package::name, Package::version, Package::arch, Package::layer)
                .containsExactly(tuple("deb", "base-files", "12.4+deb12u5", "amd64", 0),
                        tuple("deb", "libc6", "2.36-9+deb12u4", "amd64", 0));
        assertThat(p.notes()).isEmpty();
    }

    @Test
    void dpkgLayerIsWhereThisVersionFirstAppeared() {
        var fs = new TestFs()
                .file("/var/lib/dpkg/status", "Package: a\nStatus: install ok installed\nVersion: 1\n\nPackage: b\nStatus: install ok installed\nVersion: 1\n")
                .layer().file("/tmp/x", "unrelated")
                .layer().file("/var/lib/dpkg/status", "Package: a\nStatus: install ok installed\nVersion: 1\n\nPackage: b\nStatus: install ok installed\nVersion: 2\n\nPackage: c\nStatus: install ok installed\nVersion: 1\n");
        assertThat(inventory(fs).packages()).extracting(Package::name, Package::version, Package::layer)
                .containsExactly(tuple("a", "1", 0), tuple("b", "2", 2), tuple("c", "1", 2));
    }

    @Test
    void distrolessStatusD() {
        var p = inventory(new TestFs()
                .file("/var/lib/dpkg/status.d/base-files", "Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\n")
                .file("/var/lib/dpkg/status.d/base-files.md5sums", "abc  etc/issue\n")
                .layer().file("/var/lib/dpkg/status.d/tzdata", "Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\n"));
        assertThat(p.packages()).extracting(Package::name, Package::version, Package::layer, Package::location)
                .containsExactly(tuple("base-files", "12.4+deb12u5", 0, "/var/lib/dpkg/status.d/base-files"),
                        tuple("tzdata", "2024a-0+deb12u1", 1, "/var/lib/dpkg/status.d/tzdata"));
    }

    @Test
    void apkInstalled() {
        var p = inventory(new TestFs().file("/lib/apk/db/installed", """
                C:Q1abc=
                P:musl
                V:1.2.4-r2
                A:x86_64
                S:383152
                T:the musl c library (libc) implementation
                F:lib
                R:ld-musl-x86_64.so.1

                C:Q1def=
                P:busybox
                V:1.36.1-r5
                A:x86_64
                """));
        assertThat(p.packages()).extracting(Package::type, Package::name, Package::version, Package::arch)
                .containsExactly(tuple("apk", "busybox", "1.36.1-r5", "x86_64"), tuple("apk", "musl", "1.2.4-r2", "x86_64"));
    }

    @Test
    void languagePackages() throws Exception {
        var fs = new TestFs()
                .file("/usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA",
                        "Metadata-Version: 2.1\nName: requests\nVersion: 2.31.0\nSummary: HTTP\n\nName: body-not-header\n")
                .file("/usr/lib/python3.11/site-packages/six-1.16.0.egg-info/PKG-INFO", "Metadata-Version: 1.2\nName: six\nVersion: 1.16.0\n")
                .layer()
                .file("/app/node_modules/express/package.json", "{\"name\":\"express\",\"version\":\"4.18.2\",\"main\":\"index.js\"}")
                .file("/app/node_modules/@types/node/package.json", "{\"name\":\"@types/node\",\"version\":\"20.11.0\"}")
                .file("/app/node_modules/express/node_modules/debug/package.json", "{\"name\":\"debug\",\"version\":\"2.6.9\"}")
                .file("/app/node_modules/express/lib/package.json", "{\"name\":\"not-a-package\",\"version\":\"0\"}")
                .file("/app/node_modules/broken/package.json", "{not json")
                .layer()
                .file("/app/lib/guava.jar", jar("com.google.guava", "guava", "32.1.3-jre", null))
                .file("/app/app.jar", jar("com.example", "app", "1.0.0", jar("org.slf4j", "slf4j-api", "2.0.9", null)))
                .file("/app/lib/plain.jar", jar(null, null, null, null));
        var p = inventory(fs);
        assertThat(p.packages()).extracting(Package::type, Package::name, Package::version, Package::layer)
                .containsExactly(
                        tuple("maven", "com.example:app", "1.0.0", 2),
                        tuple("maven", "com.google.guava:guava", "32.1.3-jre", 2),
                        tuple("maven", "org.slf4j:slf4j-api", "2.0.9", 2),
                        tuple("npm", "@types/node", "20.11.0", 1),
                        tuple("npm", "debug", "2.6.9", 1),
                        tuple("npm", "express", "4.18.2", 1),
                        tuple("pypi", "requests", "2.31.0", 0),
                        tuple("pypi", "six", "1.16.0", 0));
        assertThat(p.packages()).filteredOn(x -> x.name().equals("org.slf4j:slf4j-api")).extracting(Package::location)
                .containsExactly("/app/app.jar!/BOOT-INF/lib/dep.jar!/META-INF/maven/org.slf4j/slf4j-api/pom.properties");
        assertThat(p.notes()).containsExactly("1 JAR file(s) carry no META-INF/maven/**/pom.properties: not listed as packages");
    }

    @Test
    void ndbRpmDatabasesAreReportedAsNotReadAndUnreadableOnesWithTheReason() {
        var p = inventory(new TestFs().file("/var/lib/rpm/Packages", new byte[4096]).file("/usr/lib/sysimage/rpm/Packages.db", new byte[8192]));
        assertThat(p.packages()).isEmpty();
        assertThat(p.notes()).containsExactly(
                "rpm database /var/lib/rpm/Packages could not be read: neither an SQLite nor a Berkeley DB hash database",
                "rpm database present at /usr/lib/sysimage/rpm/Packages.db (8192 bytes) but not read: NDB rpm databases"
                        + " (SUSE) are not supported");
    }

    @Test
    void anRpmSqliteDatabaseBeyondTheCaptureLimitIsNoted() {
        var p = inventory(new TestFs(path -> 0).file("/var/lib/rpm/rpmdb.sqlite", new byte[4096]));
        assertThat(p.notes()).singleElement().asString().contains("/var/lib/rpm/rpmdb.sqlite present (4096 bytes) but its content was not captured");
    }

    @Test
    void databaseLargerThanTheCaptureLimitIsNoted() {
        var p = inventory(new TestFs(path -> 0).file("/var/lib/dpkg/status", DPKG));
        assertThat(p.packages()).isEmpty();
        assertThat(p.notes()).singleElement().asString().startsWith("/var/lib/dpkg/status present (");
    }

    @Test
    void realAlpine311() throws Exception {
        var l = TestArchives.load(Requirements.realworld("trivy/alpine-311.tar.gz"), AnalysisCapture.INSTANCE);
        var p = PackageInventory.inventory(new FileContents(LayerStack.build(l.layers()).finalTree(), l.captured()), l.captured());
        assertThat(p.packages()).hasSize(14).allMatch(x -> x.type().equals("apk") && x.layer() == 0);
        assertThat(p.packages()).extracting(Package::name, Package::version).contains(tuple("musl", "1.1.24-r2"));
    }

    @Test
    void realContainerdAlpine() throws Exception {
        var l = TestArchives.load(Requirements.realworld("snyk/containerd-archives_alpine.tar"), AnalysisCapture.INSTANCE);
        var files = new FileContents(LayerStack.build(l.layers()).finalTree(), l.captured());
        var p = PackageInventory.inventory(files, l.captured());
        assertThat(p.packages()).isNotEmpty().allMatch(x -> x.type().equals("apk"));
        assertThat(p.packages()).extracting(Package::name).contains("musl", "busybox", "alpine-baselayout");
        assertThat(OsDetector.detect(files).versionId()).startsWith("3.14");
    }

    @Test
    void realDpkgStatus() throws Exception {
        var l = TestArchives.load(Requirements.realworld("snyk/docker-archives_skopeo-copy_nodes-fake-multi.tar"), AnalysisCapture.INSTANCE);
        var p = PackageInventory.inventory(new FileContents(LayerStack.build(l.layers()).finalTree(), l.captured()), l.captured());
        assertThat(p.packages()).filteredOn(x -> x.type().equals("deb")).hasSize(84);
        assertThat(p.packages()).extracting(Package::name, Package::version).contains(tuple("adduser", "3.118"));
    }

    /** A JAR holding a pom.properties (unless groupId is null) and optionally a nested JAR under BOOT-INF/lib. */
    static byte[] jar(String group, String artifact, String version, byte[] nested) throws Exception {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bos)) {
            z.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            z.write("Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
            if (group != null) {
                z.putNextEntry(new ZipEntry("META-INF/maven/" + group + "/" + artifact + "/pom.properties"));
                z.write(("#Generated by Maven\ngroupId=" + group + "\nartifactId=" + artifact + "\nversion=" + version + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            if (nested != null) {
                z.putNextEntry(new ZipEntry("BOOT-INF/lib/dep.jar"));
                z.write(nested);
            }
        }
        return bos.toByteArray();
    }
}
