package dev.jdx.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads apk's installed database ({@code /lib/apk/db/installed}): one record per package, separated by blank
 * lines, each line {@code X:value} ({@code P} name, {@code V} version, {@code A} architecture).
 */
final class ApkParser {
    private ApkParser() {}

    static List<DpkgParser.Entry> parse(String text) {
        List<DpkgParser.Entry> out = new ArrayList<>();
        String name = null, version = null, arch = null;
        for (String line : (text + "\n\n").split("\r?\n", -1)) {
            if (line.isBlank()) {
                if (name != null) out.add(new DpkgParser.Entry(name, version, arch));
                name = version = arch = null;
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != ':') continue;
            String v = line.substring(2);
            switch (line.charAt(0)) {
                case 'P' -> name = v;
                case 'V' -> version = v;
                case 'A' -> arch = v;
                default -> { }
            }
        }
        return out;
    }
}
