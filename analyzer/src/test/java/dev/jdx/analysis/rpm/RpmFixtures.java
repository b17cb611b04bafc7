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

    public static List<String> qa(Path rpm, Path dbDir) throws Exception {
        String out = run(dbDir, List.of(rpm.toString(), "--dbpath", dbDir.toString(), "-qa", "--qf",
                "%{NAME} %|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE} %{ARCH}\\n"));
        return out.lines().filter(s -> !s.isBlank()).toList();
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
