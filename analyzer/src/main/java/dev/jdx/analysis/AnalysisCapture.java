package dev.jdx.analysis;

import dev.jdx.analysis.rpm.RpmDatabase;
import dev.jdx.fs.ContentCapture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The files analysis reads, for the scanner to keep during its single pass: OS release files, package databases
 * and language package manifests. Pass {@link #INSTANCE} to the scanner.
 *
 * <table>
 * <caption>What is kept</caption>
 * <tr><th>path</th><th>limit</th><th>kept</th></tr>
 * <tr><td>/etc/os-release, /usr/lib/os-release, /etc/alpine-release, /etc/debian_version, /etc/redhat-release,
 *   /etc/centos-release, /etc/fedora-release, /etc/system-release, /etc/lsb-release</td><td>64 KiB</td><td>all</td></tr>
 * <tr><td>/var/lib/dpkg/status, /lib/apk/db/installed</td><td>64 MiB</td><td>all</td></tr>
 * <tr><td>/var/lib/rpm/rpmdb.sqlite, /usr/lib/sysimage/rpm/rpmdb.sqlite (sqlite), /var/lib/rpm/Packages,
 *   /usr/lib/sysimage/rpm/Packages (Berkeley DB)</td><td>64 MiB</td><td>only a line per package (name, version,
 *   arch), see {@link RpmDatabase#reduce}</td></tr>
 * <tr><td>/var/lib/dpkg/status.d/* (not *.md5sums)</td><td>1 MiB</td><td>all</td></tr>
 * <tr><td>*.dist-info/METADATA, *.egg-info/PKG-INFO</td><td>1 MiB</td><td>all</td></tr>
 * <tr><td>.../node_modules/NAME/package.json, .../node_modules/@SCOPE/NAME/package.json</td><td>1 MiB</td><td>all</td></tr>
 * <tr><td>*.jar</td><td>8 MiB</td><td>only its META-INF/maven/.../pom.properties members (and those of jars nested one
 *   level deep), see {@link #reduce}</td></tr>
 * <tr><td>/bin/busybox, /bin/[, /usr/bin/[ (busybox images store the binary under one of these, the other
 *   names being hard links to it)</td><td>4 MiB</td><td>only the {@code BusyBox vX.Y.Z} version string; nothing
 *   for another binary</td></tr>
 * </table>
 */
public final class AnalysisCapture implements ContentCapture {
    public static final AnalysisCapture INSTANCE = new AnalysisCapture();

    static final long KIB = 1024, MIB = 1024 * 1024;
    static final long RELEASE_LIMIT = 64 * KIB, DB_LIMIT = 64 * MIB, MANIFEST_LIMIT = MIB, JAR_LIMIT = 8 * MIB,
            BUSYBOX_LIMIT = 4 * MIB;
    /** Header line of each pom.properties member in a reduced JAR: {@code ### META-INF/maven/g/a/pom.properties}. */
    static final String MEMBER_MARK = "### ";

    private static final java.util.Set<String> RELEASE_FILES = java.util.Set.of("/etc/os-release", "/usr/lib/os-release",
            "/etc/alpine-release", "/etc/debian_version", "/etc/redhat-release", "/etc/centos-release",
            "/etc/fedora-release", "/etc/system-release", "/etc/lsb-release");
    /**
     * rpm's databases jdx reads, sqlite and Berkeley DB, in the classic place and in Fedora 36+'s (where /var/lib/rpm
     * is a symlink to /usr/lib/sysimage/rpm).
     */
    static final java.util.Set<String> RPM_DATABASES = java.util.Set.of("/var/lib/rpm/rpmdb.sqlite",
            "/usr/lib/sysimage/rpm/rpmdb.sqlite", "/var/lib/rpm/Packages", "/usr/lib/sysimage/rpm/Packages");
    static final java.util.Set<String> BUSYBOX_CANDIDATES = java.util.Set.of("/bin/busybox", "/bin/[", "/usr/bin/[");
    private static final Pattern NODE_PACKAGE = Pattern.compile(".*/node_modules/(?:@[^/]+/)?[^/@][^/]*/package\\.json");
    private static final Pattern POM_PROPERTIES = Pattern.compile("META-INF/maven/[^/]+/[^/]+/pom\\.properties");

    private AnalysisCapture() {}

    @Override
    public long limit(String path) {
        if (RELEASE_FILES.contains(path)) return RELEASE_LIMIT;
        if (path.equals("/var/lib/dpkg/status") || path.equals("/lib/apk/db/installed")) return DB_LIMIT;
        if (RPM_DATABASES.contains(path)) return DB_LIMIT;
        if (path.startsWith("/var/lib/dpkg/status.d/") && !path.endsWith(".md5sums")) return MANIFEST_LIMIT;
        if (path.endsWith(".dist-info/METADATA") || path.endsWith(".egg-info/PKG-INFO")) return MANIFEST_LIMIT;
        if (path.endsWith("/package.json") && path.contains("/node_modules/") && NODE_PACKAGE.matcher(path).matches()) {
            return MANIFEST_LIMIT;
        }
        if (path.endsWith(".jar")) return JAR_LIMIT;
        if (BUSYBOX_CANDIDATES.contains(path)) return BUSYBOX_LIMIT;
        return 0;
    }

    @Override
    public byte[] reduce(String path, byte[] content) {
        if (RPM_DATABASES.contains(path)) return RpmDatabase.reduce(content);
        if (path.endsWith(".jar")) return pomProperties(content);
        if (BUSYBOX_CANDIDATES.contains(path)) {
            byte[] v = busyboxVersion(content);
            return v.length == 0 ? null : v;
        }
        return content;
    }

    /** The pom.properties members of a JAR (and of JARs inside it), each after a {@link #MEMBER_MARK} line. */
    static byte[] pomProperties(byte[] jar) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            collect(new ByteArrayInputStream(jar), "", out, 1);
        } catch (IOException | IllegalArgumentException e) {
            // not a readable zip: keep what was found so far; the inventory then reports nothing for it
        }
        return out.toByteArray();
    }

    private static void collect(InputStream in, String prefix, ByteArrayOutputStream out, int depth) throws IOException {
        ZipInputStream zip = new ZipInputStream(in);
        ZipEntry e;
        while ((e = zip.getNextEntry()) != null) {
            String name = e.getName();
            if (POM_PROPERTIES.matcher(name).matches()) {
                out.writeBytes((MEMBER_MARK + prefix + name + "\n").getBytes(StandardCharsets.UTF_8));
                out.writeBytes(zip.readNBytes((int) MANIFEST_LIMIT));
                out.write('\n');
            } else if (depth > 0 && name.endsWith(".jar")) {
                // Spring Boot (BOOT-INF/lib) and WAR (WEB-INF/lib) layouts: libraries are jars inside the jar
                collect(new NonClosing(zip), prefix + name + "!/", out, depth - 1);
            }
        }
    }

    /** Lets a nested ZipInputStream read one entry without closing the outer stream. */
    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {}
    }

    /** {@code BusyBox v1.36.1} from the binary's strings, or empty when absent. */
    static byte[] busyboxVersion(byte[] bin) {
        byte[] needle = "BusyBox v".getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + needle.length < bin.length; i++) {
            for (int j = 0; j < needle.length; j++) if (bin[i + j] != needle[j]) continue outer;
            int end = i + needle.length;
            while (end < bin.length && end - i < 64 && bin[end] > ' ' && bin[end] < 127) end++;
            if (end > i + needle.length) return java.util.Arrays.copyOfRange(bin, i, end);
        }
        return new byte[0];
    }
}
