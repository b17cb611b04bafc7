package dev.jdx.analysis;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the OS of an image from its release files: os-release first (at {@code /etc/os-release}, a symlink to
 * {@code ../usr/lib/os-release} on most distributions, then {@code /usr/lib/os-release}), then the older
 * distribution files, then busybox.
 */
final class OsDetector {
    private static final Pattern RELEASE = Pattern.compile("^(.*?)\\s+(?:Linux\\s+)?(?:Server\\s+)?release\\s+(\\S+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BUSYBOX = Pattern.compile("BusyBox v(\\S+)");

    private OsDetector() {}

    static OsInfo detect(FileContents files) {
        boolean distroless = !files.under("/var/lib/dpkg/status.d").isEmpty();
        boolean busybox = files.exists("/bin/busybox");
        for (String p : new String[] {"/etc/os-release", "/usr/lib/os-release"}) {
            FileContents.Found f = files.read(p);
            if (f == null || f.bytes() == null) continue;
            Map<String, String> kv = parseOsRelease(f.text());
            if (kv.isEmpty()) continue;
            String id = kv.get("ID");
            String version = kv.get("VERSION_ID");
            String pretty = kv.getOrDefault("PRETTY_NAME", kv.get("NAME"));
            return new OsInfo(id == null ? null : id.toLowerCase(Locale.ROOT), version, pretty, kv.get("ID_LIKE"),
                    kv.get("VERSION_CODENAME"), f.path(), distroless, busybox);
        }
        FileContents.Found f = files.read("/etc/alpine-release");
        if (f != null && f.bytes() != null) {
            String v = firstLine(f.text());
            return new OsInfo("alpine", v, "Alpine Linux v" + v, null, null, f.path(), distroless, busybox);
        }
        for (String p : new String[] {"/etc/centos-release", "/etc/fedora-release", "/etc/redhat-release", "/etc/system-release"}) {
            f = files.read(p);
            if (f == null || f.bytes() == null) continue;
            String line = firstLine(f.text());
            Matcher m = RELEASE.matcher(line);
            boolean found = m.find();
            String name = found ? m.group(1).trim() : line;
            String version = found ? m.group(2) : null;
            return new OsInfo(idFromName(name), version, line, null, null, f.path(), distroless, busybox);
        }
        f = files.read("/etc/debian_version");
        if (f != null && f.bytes() != null) {
            String v = firstLine(f.text());
            return new OsInfo("debian", v, "Debian GNU/Linux " + v, null, null, f.path(), distroless, busybox);
        }
        if (busybox) {
            f = files.read("/bin/busybox");
            String version = null;
            if (f != null && f.bytes() != null) {
                Matcher m = BUSYBOX.matcher(f.text());
                if (m.find()) version = m.group(1);
            }
            return new OsInfo("busybox", version, version == null ? "BusyBox" : "BusyBox v" + version, null, null,
                    f == null ? "/bin/busybox" : f.path(), distroless, true);
        }
        if (distroless) return new OsInfo(null, null, "Distroless", null, null, "/var/lib/dpkg/status.d", true, false);
        return OsInfo.UNKNOWN;
    }

    private static String idFromName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("red hat")) return "rhel";
        if (n.startsWith("centos")) return "centos";
        if (n.startsWith("fedora")) return "fedora";
        if (n.startsWith("rocky")) return "rocky";
        if (n.startsWith("almalinux")) return "almalinux";
        if (n.startsWith("amazon")) return "amzn";
        if (n.startsWith("oracle")) return "ol";
        return n.split("\\s+")[0];
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl).strip();
    }

    /**
     * os-release(5): {@code KEY=value} lines, values optionally in double or single quotes with shell escapes
     * ({@code \"}, {@code \\}, {@code \$}, {@code \`}) in double quotes; comments and blank lines ignored.
     */
    static Map<String, String> parseOsRelease(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int eq = line.indexOf('=');
            if (eq <= 0) continue;
            String key = line.substring(0, eq).strip();
            String v = line.substring(eq + 1).strip();
            if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
                v = v.substring(1, v.length() - 1).replaceAll("\\\\([\"\\\\$`])", "$1");
            } else if (v.length() >= 2 && v.charAt(0) == '\'' && v.charAt(v.length() - 1) == '\'') {
                v = v.substring(1, v.length() - 1);
            }
            out.put(key, v);
        }
        return out;
    }
}
