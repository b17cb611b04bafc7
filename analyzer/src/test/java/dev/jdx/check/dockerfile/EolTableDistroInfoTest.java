package dev.jdx.check.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jdx.fixtures.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Debian and Ubuntu lines of the embedded end-of-life table against Debian's own data: the
 * {@code distro-info-data} package's {@code /usr/share/distro-info/*.csv}. Every release out by the table's date
 * that has an end date must be found by its version and by its code name, in one cycle, and a cycle's date must be
 * the latest end date of the releases it groups (the table's rule). Debian's date is the end of LTS where there is
 * one (free security support, as the table's note says); Ubuntu's is the end of standard support (ESM is paid).
 */
class EolTableDistroInfoTest {
    @ParameterizedTest
    @CsvSource({"debian, eol-lts", "ubuntu, eol"})
    void debianAndUbuntuCyclesMatchDistroInfoData(String distro, String column) throws Exception {
        Path csv = Path.of("/usr/share/distro-info/" + distro + ".csv");
        Requirements.require(Files.isRegularFile(csv), csv + " is missing (Debian package distro-info-data; .ci/run installs it)");
        EolTable table = EolTable.embedded();
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        Map<String, LocalDate> latestByCycle = new HashMap<>();
        Map<String, EolTable.Cycle> cycles = new HashMap<>();
        List<String> checked = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            String version = f[header.indexOf("version")].replace(" LTS", ""), series = f[header.indexOf("series")];
            String released = at(f, header.indexOf("release"));
            String end = at(f, header.indexOf(column));
            if (end.isEmpty()) end = at(f, header.indexOf("eol"));
            if (version.isEmpty() || released.isEmpty() || LocalDate.parse(released).isAfter(table.tableDate()) || end.isEmpty()) {
                continue; // unreleased by the table's date, or no end date yet
            }
            Optional<EolTable.Cycle> byVersion = table.lookup(distro, version), bySeries = table.lookup(distro, series);
            assertThat(byVersion).as("%s %s (%s) in the table", distro, version, series).isPresent();
            assertThat(bySeries).as("%s %s by its code name", distro, series).isEqualTo(byVersion);
            String cycle = byVersion.get().cycle();
            cycles.put(cycle, byVersion.get());
            latestByCycle.merge(cycle, LocalDate.parse(end), (a, b) -> a.isAfter(b) ? a : b);
            checked.add(version);
        }
        for (var e : latestByCycle.entrySet()) {
            assertThat(cycles.get(e.getKey()).eol()).as("%s cycle %s", distro, e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(checked).as("releases compared").hasSizeGreaterThan(10);
    }

    private static String at(String[] f, int i) {
        return i >= 0 && i < f.length ? f[i] : "";
    }
}
