package dev.jdx.analysis.rpm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** rpm packages and databases made by the real rpmbuild and rpm, for the rpm tests. */
public final class RpmFixtures {
    private RpmFixtures() {}

    public static final int SMALL_PACKAGES = 120;

    /** Builds the packages and installs all of them (database only) into {@code work/db}; returns the sqlite file. */
    public static Path build(Path work, Path rpmbuild, Path rpm) throws Exception {
        List<String> rpms = packages(work, rpmbuild);
        assertThat(rpms).hasSize(3 + SMALL_PACKAGES);
        Path dbDir = work.resolve("db");
        rpm(work, rpm, dbDir, "-i", rpms);
        return dbDir.resolve("rpmdb.sqlite");
    }

    /**
     * Builds jdx-main (arch-specific), jdx-epoch (epoch 3), jdx-many (300 files: a header of some 30 KB) and
     * {@link #SMALL_PACKAGES} jdx-small-N, once per work directory; returns the paths of the .rpm files.
     */
    public static List<String> packages(Path work, Path rpmbuild) throws Exception {
        Path top = work.resolve("top");
        if (!Files.isDirectory(top.resolve("RPMS"))) {
            StringBuilder spec = new StringBuilder("""
                    %global debug_package %{nil}
                    Name: jdx-main
                    Version: 1.0
                    Release: 1
                    Summary: main package
                    License: MIT
                    %description
                    main
                    %package -n jdx-epoch
                    Summary: with an epoch
                    Epoch: 3
                    Version: 2.5.1
                    Release: 7.el9
                    BuildArch: noarch
                    %description -n jdx-epoch
                    epoch
                    %package -n jdx-many
                    Summary: many files, ünïcödé
                    BuildArch: noarch
                    %description -n jdx-many
                    many
                    """);
            for (int i = 0; i < SMALL_PACKAGES; i++) {
                spec.append("%package -n jdx-small-").append(i).append("\nSummary: small ").append(i)
                        .append("\nVersion: 0.").append(i).append("\nBuildArch: noarch\n%description -n jdx-small-").append(i)
                        .append("\nsmall\n%files -n jdx-small-").append(i).append("\n");
            }
            spec.append("""
                    %install
                    mkdir -p %{buildroot}/opt/many %{buildroot}/opt/main
                    for i in $(seq 1 300); do echo $i > %{buildroot}/opt/many/a-file-with-a-rather-long-name-$i.txt; done
                    echo m > %{buildroot}/opt/main/m
                    %files
                    /opt/main
                    %files -n jdx-epoch
                    %files -n jdx-many
                    /opt/many
                    """);
            Path specFile = work.resolve("jdx.spec");
            Files.writeString(specFile, spec);
            run(work, List.of(rpmbuild.toString(), "-bb", "--define", "_topdir " + top, specFile.toString()));
        }
        List<String> rpms = new ArrayList<>();
        try (var s = Files.walk(top.resolve("RPMS"))) {
            s.filter(p -> p.toString().endsWith(".rpm")).sorted().forEach(p -> rpms.add(p.toString()));
        }
        return rpms;
    }

    /** Runs {@code rpm --dbpath DB --justdb --nodeps OP ARGS} (OP: -i, -U or -e), creating the database directory. */
    public static void rpm(Path work, Path rpm, Path dbDir, String op, List<String> args) throws Exception {
        Files.createDirectories(dbDir);
        List<String> cmd = new ArrayList<>(List.of(rpm.toString(), "--dbpath", dbDir.toString(), "--justdb", "--nodeps"));
        if (!op.equals("-e")) cmd.addAll(List.of("--ignorearch", "--ignoreos"));
        cmd.add(op);
        cmd.addAll(args);
        run(work, cmd);
    }

    /**
     * The same packages as the sqlite database in {@code sqliteDir}, in a Berkeley DB hash {@code Packages} file as
     * rpm 4.15 and older wrote it: the headers exported by the real {@code rpmdb --exportdb}, loaded by the real
     * Berkeley DB ({@code db5.3_load}) under 4-byte native-order keys, with rpm's record 0 (the next instance
     * number). Real rpm reads it back with its {@code bdb_ro} backend (see {@link #qaBerkeleyDb}).
     */
    public static Path berkeleyDb(Path work, Path rpmdb, Path dbLoad, Path sqliteDir, String name, int pageSize) throws Exception {
        Path export = work.resolve(name + ".export");
        ProcessBuilder pb = new ProcessBuilder(rpmdb.toString(), "--dbpath", sqliteDir.toString(), "--exportdb")
                .redirectOutput(export.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("HOME", work.toString());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("rpmdb --exportdb failed");
        byte[] all = Files.readAllBytes(export);
        StringBuilder dump = new StringBuilder("VERSION=3\nformat=bytevalue\ntype=hash\n");
        if (pageSize > 0) dump.append("db_pagesize=").append(pageSize).append('\n');
        dump.append("HEADER=END\n");
        java.util.HexFormat hex = java.util.HexFormat.of();
        int n = 0;
        for (int at = 0; at < all.length; ) {
            // each exported header: the 8-byte header magic, then il and dl (big-endian), the index and the data
            int il = java.nio.ByteBuffer.wrap(all, at + 8, 4).getInt(), dl = java.nio.ByteBuffer.wrap(all, at + 12, 4).getInt();
            int len = 8 + 16 * il + dl;
            n++;
            dump.append(' ').append(hex.formatHex(java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(n).array())).append('\n');
            dump.append(' ').append(hex.formatHex(all, at + 8, at + 8 + len)).append('\n');
            at += 8 + len;
        }
        dump.append(' ').append(hex.formatHex(new byte[4])).append('\n');
        dump.append(' ').append(hex.formatHex(java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(n + 1).array())).append('\n');
        dump.append("DATA=END\n");
        Path dir = work.resolve(name);
        Files.createDirectories(dir);
        Path dumpFile = work.resolve(name + ".dump");
        Files.writeString(dumpFile, dump);
        run(work, List.of(dbLoad.toString(), "-f", dumpFile.toString(), dir.resolve("Packages").toString()));
        return dir.resolve("Packages");
    }

    /** {@code rpm -qa} on a Berkeley DB database, through rpm's read-only Berkeley DB backend. */
    public static List<String> qaBerkeleyDb(Path rpm, Path dbDir) throws Exception {
        return qa(rpm, dbDir, List.of("--define", "_db_backend bdb_ro"));
    }

    public static List<String> qa(Path rpm, Path dbDir) throws Exception {
        return qa(rpm, dbDir, List.of());
    }

    private static List<String> qa(Path rpm, Path dbDir, List<String> options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(rpm.toString(), "--dbpath", dbDir.toString()));
        cmd.addAll(options);
        cmd.addAll(List.of("-qa", "--qf", "%{NAME} %|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE} %{ARCH}\\n"));
        String out = run(dbDir, cmd);
        // bdb_ro warns about each index file it does not find: only Packages is made here
        return out.lines().filter(s -> !s.isBlank() && !s.startsWith("warning: could not open")).toList();
    }

    public static String run(Path home, List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("HOME", home.toString()); // rpm reads ~/.rpmmacros; keep the user's out of it
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + cmd);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) throw new IOException(String.join(" ", cmd.subList(0, Math.min(3, cmd.size()))) + " failed: " + text);
        return text;
    }
}
