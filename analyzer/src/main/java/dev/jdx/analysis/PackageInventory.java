package dev.jdx.analysis;

import dev.jdx.analysis.rpm.RpmDatabase;
import dev.jdx.fs.CapturedFiles;
import dev.jdx.fs.EntryType;
import dev.jdx.fs.FinalEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The packages installed in the final filesystem: dpkg (status and distroless status.d), apk, and the cheap
 * language ecosystems (Python dist-info / egg-info, npm node_modules, Maven pom.properties inside JARs), and rpm
 * ({@link RpmDatabase}: sqlite and Berkeley DB); NDB rpm databases (SUSE) are detected and reported as not read.
 */
final class PackageInventory {
    static final String DPKG_STATUS = "/var/lib/dpkg/status";
    static final String DPKG_STATUS_D = "/var/lib/dpkg/status.d";
    static final String APK_INSTALLED = "/lib/apk/db/installed";
    private static final String[] RPM_READ = {"/var/lib/rpm/rpmdb.sqlite", "/usr/lib/sysimage/rpm/rpmdb.sqlite",
            "/var/lib/rpm/Packages", "/usr/lib/sysimage/rpm/Packages"};
    private static final String[] RPM_UNREAD = {"/var/lib/rpm/Packages.db", "/usr/lib/sysimage/rpm/Packages.db"};

    private PackageInventory() {}

    static Packages inventory(FileContents files, CapturedFiles captured) {
        List<Package> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        database(files, captured, DPKG_STATUS, "deb", DpkgParser::parse, out, notes);
        for (FinalEntry e : files.under(DPKG_STATUS_D)) {
            if (e.entry().path().endsWith(".md5sums")) continue;
            byte[] b = files.bytesOf(e);
            if (b == null) {
                notes.add(notCaptured(e));
                continue;
            }
            for (DpkgParser.Entry p : DpkgParser.parse(new String(b, StandardCharsets.UTF_8))) {
                out.add(new Package("deb", p.name(), p.version(), p.arch(), e.layer(), e.entry().path()));
            }
        }
        database(files, captured, APK_INSTALLED, "apk", ApkParser::parse, out, notes);
        rpm(files, captured, out, notes);
        languagePackages(files, out, notes);
        out.sort(Comparator.comparing(Package::type).thenComparing(Package::name)
                .thenComparing(Package::version, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Package::location));
        return new Packages(out, notes);
    }

    /**
     * One database file: parsed as the final filesystem shows it; each package's layer is the lowest layer from
     * which every later copy of the database lists that name at that version.
     */
    private static void database(FileContents files, CapturedFiles captured, String path, String type,
                                 Function<String, List<DpkgParser.Entry>> parser, List<Package> out, List<String> notes) {
        FileContents.Found f = files.read(path);
        if (f == null) return;
        if (f.bytes() == null) {
            notes.add(notCaptured(f.entry()));
            return;
        }
        Map<String, String> previous = Map.of();
        Map<String, Integer> origin = new HashMap<>();
        for (int l = 0; l <= f.entry().layer(); l++) {
            byte[] copy = captured.get(l, f.path());
            if (copy == null) continue;
            Map<String, String> now = new HashMap<>();
            for (DpkgParser.Entry e : parser.apply(new String(copy, StandardCharsets.UTF_8))) {
                now.put(e.name(), Objects.toString(e.version(), ""));
            }
            for (var e : now.entrySet()) {
                if (!e.getValue().equals(previous.get(e.getKey()))) origin.put(e.getKey(), l);
            }
            previous = now;
        }
        for (DpkgParser.Entry e : parser.apply(f.text())) {
            out.add(new Package(type, e.name(), e.version(), e.arch(), origin.getOrDefault(e.name(), f.entry().layer()), f.path()));
        }
    }

    /**
     * rpm: the sqlite or Berkeley DB database read (once, when /var/lib/rpm links to /usr/lib/sysimage/rpm), NDB
     * ones noted. An image converted from Berkeley DB to sqlite may hold both: each is listed with its location.
     */
    private static void rpm(FileContents files, CapturedFiles captured, List<Package> out, List<String> notes) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String db : RPM_READ) {
            FileContents.Found f = files.read(db);
            if (f == null || !seen.add(f.path())) continue;
            String error = f.bytes() == null ? null : RpmDatabase.errorOf(f.text());
            if (error != null) {
                notes.add("rpm database " + f.path() + " could not be read: " + error);
                continue;
            }
            database(files, captured, f.path(), "rpm", PackageInventory::rpmEntries, out, notes);
            // rpm keeps an sqlite database in write-ahead-log mode: what is still in the log is not in the file
            FileContents.Found wal = f.path().endsWith(".sqlite") ? files.read(f.path() + "-wal") : null;
            if (wal != null && wal.entry().entry().size() > 0) {
                notes.add(wal.path() + " is not empty (" + wal.entry().entry().size() + " bytes): packages installed or"
                        + " removed since rpm's last checkpoint are not in the list");
            }
        }
        for (String db : RPM_UNREAD) {
            FileContents.Found f = files.read(db);
            if (f != null && seen.add(f.path())) {
                notes.add("rpm database present at " + f.path() + " (" + f.entry().entry().size() + " bytes) but not read:"
                        + " NDB rpm databases (SUSE) are not supported");
            }
        }
    }

    private static List<DpkgParser.Entry> rpmEntries(String reduced) {
        return RpmDatabase.parseReduced(reduced).stream().map(e -> new DpkgParser.Entry(e.name(), e.version(), e.arch())).toList();
    }

    private static void languagePackages(FileContents files, List<Package> out, List<String> notes) {
        int bigJars = 0, jarsWithoutPom = 0;
        AnalysisCapture capture = AnalysisCapture.INSTANCE;
        for (FinalEntry e : files.tree().entries()) {
            if (e.entry().type() != EntryType.FILE) continue;
            String path = e.entry().path();
            if (capture.limit(path) == 0 || path.startsWith("/var/lib/dpkg/") || path.startsWith("/etc/")
                    || path.equals(APK_INSTALLED) || AnalysisCapture.RPM_DATABASES.contains(path)
                    || AnalysisCapture.BUSYBOX_CANDIDATES.contains(path) || path.startsWith("/usr/lib/os-release")) {
                continue;
            }
            byte[] b = files.bytesOf(e);
            if (path.endsWith(".jar")) {
                if (b == null) {
                    if (e.entry().size() > AnalysisCapture.JAR_LIMIT) bigJars++;
                    continue;
                }
                List<LanguagePackageParsers.NameVersion> poms = LanguagePackageParsers.pomProperties(new String(b, StandardCharsets.UTF_8));
                if (poms.isEmpty()) jarsWithoutPom++;
                for (var nv : poms) out.add(new Package("maven", nv.name(), nv.version(), null, e.layer(), path + "!/" + nv.member()));
                continue;
            }
            if (b == null) continue;
            LanguagePackageParsers.NameVersion nv;
            String type;
            if (path.endsWith("/package.json")) {
                nv = LanguagePackageParsers.packageJson(b);
                type = "npm";
            } else {
                nv = LanguagePackageParsers.pythonMetadata(new String(b, StandardCharsets.UTF_8));
                type = "pypi";
            }
            if (nv != null) out.add(new Package(type, nv.name(), nv.version(), null, e.layer(), path));
        }
        if (bigJars > 0) {
            notes.add(bigJars + " JAR file(s) larger than " + AnalysisCapture.JAR_LIMIT / AnalysisCapture.MIB
                    + " MiB were not inspected for Maven metadata");
        }
        if (jarsWithoutPom > 0) {
            notes.add(jarsWithoutPom + " JAR file(s) carry no META-INF/maven/**/pom.properties: not listed as packages");
        }
    }

    private static String notCaptured(FinalEntry e) {
        return e.entry().path() + " present (" + e.entry().size() + " bytes) but its content was not captured"
                + " (larger than the capture limit, or the scanner did not keep it)";
    }
}
