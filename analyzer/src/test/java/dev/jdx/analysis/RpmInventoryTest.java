package dev.jdx.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdx.analysis.rpm.RpmFixtures;
import dev.jdx.fixtures.Requirements;
import dev.jdx.fs.CapturedFiles;
import dev.jdx.fs.LayerContents;
import dev.jdx.fs.LayerScanner;
import dev.jdx.fs.LayerStack;
import dev.jdx.fs.ScanOptions;
import dev.jdx.fs.TarBytes;
import dev.jdx.image.Digest;
import dev.jdx.image.Layer;
import dev.jdx.image.Verification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rpm part of the package inventory, through the real scanner: two layers of a Fedora-style filesystem
 * ({@code /var/lib/rpm} a symlink to {@code /usr/lib/sysimage/rpm}) whose databases the real rpm wrote. The inventory
 * must list what {@code rpm -qa} lists for the upper database, once, each package with the layer that installed it.
 */
class RpmInventoryTest {
    @TempDir
    static Path work;
    static Path rpm;
    static byte[] lower, upper, upperBerkeleyDb;
    static List<String> upperQa;

    @BeforeAll
    static void databases() throws Exception {
        rpm = Requirements.tool("rpm");
        List<String> all = RpmFixtures.packages(work, Requirements.tool("rpmbuild"));
        List<String> first = new ArrayList<>(), second = new ArrayList<>();
        for (String p : all) {
            String f = Path.of(p).getFileName().toString();
            if (f.startsWith("jdx-main-") || f.startsWith("jdx-epoch-") || f.matches("jdx-small-[0-4]-.*")) first.add(p);
            if (f.startsWith("jdx-many-") || f.matches("jdx-small-[5-7]-.*")) second.add(p);
        }
        Path v1 = work.resolve("v1"), v2 = work.resolve("v2");
        RpmFixtures.rpm(work, rpm, v1, "-i", first);
        Files.createDirectories(v2);
        Files.copy(v1.resolve("rpmdb.sqlite"), v2.resolve("rpmdb.sqlite"));
        RpmFixtures.rpm(work, rpm, v2, "-e", List.of("jdx-small-0"));
        RpmFixtures.rpm(work, rpm, v2, "-i", second);
        lower = Files.readAllBytes(v1.resolve("rpmdb.sqlite"));
        upper = Files.readAllBytes(v2.resolve("rpmdb.sqlite"));
        upperQa = RpmFixtures.qa(rpm, v2);
        upperBerkeleyDb = Files.readAllBytes(RpmFixtures.berkeleyDb(work, Requirements.tool("rpmdb"),
                Requirements.tool("db5.3_load"), v2, "v2-bdb", 0));
    }

    @Test
    void listsTheUpperDatabaseOnceWithTheLayerThatInstalledEachPackage() throws Exception {
        Packages p = inventory(fedoraLayout(lower, new byte[0]), new TarBytes().file("usr/lib/sysimage/rpm/rpmdb.sqlite", upper, 0644).tar());
        TreeSet<String> got = new TreeSet<>();
        Map<String, Integer> layer = new TreeMap<>();
        for (Package x : p.packages()) {
            assertThat(x.type()).isEqualTo("rpm");
            assertThat(x.location()).isEqualTo("/usr/lib/sysimage/rpm/rpmdb.sqlite");
            got.add(x.name() + " " + x.version() + " " + (x.arch() == null ? "(none)" : x.arch()));
            layer.put(x.name(), x.layer());
        }
        assertThat(p.packages()).hasSize(upperQa.size()); // once, though two database paths lead to it
        assertThat(got).containsExactlyElementsOf(new TreeSet<>(upperQa));
        assertThat(got).doesNotContain("jdx-small-0 0.0-1 noarch").contains("jdx-epoch 3:2.5.1-7.el9 noarch");
        assertThat(layer).containsEntry("jdx-main", 0).containsEntry("jdx-epoch", 0).containsEntry("jdx-small-4", 0)
                .containsEntry("jdx-many", 1).containsEntry("jdx-small-5", 1).containsEntry("jdx-small-7", 1);
        assertThat(p.notes()).isEmpty();
    }

    @Test
    void readsACentos7StyleBerkeleyDbDatabase() throws Exception {
        Packages p = inventory(new TarBytes().dir("var/", 0755).dir("var/lib/", 0755).dir("var/lib/rpm/", 0755)
                .file("var/lib/rpm/Packages", upperBerkeleyDb, 0644).tar());
        TreeSet<String> got = new TreeSet<>();
        for (Package x : p.packages()) {
            assertThat(x.location()).isEqualTo("/var/lib/rpm/Packages");
            got.add(x.name() + " " + x.version() + " " + (x.arch() == null ? "(none)" : x.arch()));
        }
        assertThat(got).containsExactlyElementsOf(new TreeSet<>(upperQa));
        assertThat(p.notes()).isEmpty();
    }

    @Test
    void aWriteAheadLogWithContentIsNoted() throws Exception {
        Packages p = inventory(fedoraLayout(lower, new byte[4096]));
        assertThat(p.packages()).hasSize(7);
        assertThat(p.notes()).containsExactly("/usr/lib/sysimage/rpm/rpmdb.sqlite-wal is not empty (4096 bytes): packages"
                + " installed or removed since rpm's last checkpoint are not in the list");
    }

    @Test
    void aDatabaseThatIsNotSqliteIsNotedWithTheReason() throws Exception {
        Packages p = inventory(new TarBytes().dir("var/", 0755).dir("var/lib/", 0755).dir("var/lib/rpm/", 0755)
                .file("var/lib/rpm/rpmdb.sqlite", "not a database".repeat(20), 0644).tar());
        assertThat(p.packages()).isEmpty();
        assertThat(p.notes()).containsExactly("rpm database /var/lib/rpm/rpmdb.sqlite could not be read: neither an SQLite nor a Berkeley DB hash database");
    }

    private static byte[] fedoraLayout(byte[] db, byte[] wal) {
        return new TarBytes().dir("usr/", 0755).dir("usr/lib/", 0755).dir("usr/lib/sysimage/", 0755)
                .dir("usr/lib/sysimage/rpm/", 0755).file("usr/lib/sysimage/rpm/rpmdb.sqlite", db, 0644)
                .file("usr/lib/sysimage/rpm/rpmdb.sqlite-wal", wal, 0644)
                .dir("var/", 0755).dir("var/lib/", 0755).symlink("var/lib/rpm", "../../usr/lib/sysimage/rpm").tar();
    }

    private static Packages inventory(byte[]... layerTars) throws Exception {
        List<LayerContents> layers = new ArrayList<>();
        List<Map<String, byte[]>> kept = new ArrayList<>();
        for (int i = 0; i < layerTars.length; i++) {
            Map<String, byte[]> k = new HashMap<>();
            Layer layer = TarBytes.layer(i, layerTars[i], Digest.sha256(layerTars[i]), Verification.strict());
            layers.add(new LayerScanner(ScanOptions.defaults().withCapture(AnalysisCapture.INSTANCE))
                    .scanLayer(layer, Verification.strict(), k));
            kept.add(k);
        }
        CapturedFiles captured = new CapturedFiles(kept);
        return PackageInventory.inventory(new FileContents(LayerStack.build(layers).finalTree(), captured), captured);
    }
}
