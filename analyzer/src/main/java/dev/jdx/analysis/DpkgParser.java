package dev.jdx.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads dpkg's status database ({@code /var/lib/dpkg/status}, or one file of distroless {@code status.d/}): RFC 822
 * stanzas separated by blank lines, continuation lines starting with a space or tab. Only packages whose
 * {@code Status} says {@code installed} count (a status.d file has no Status field: it is installed).
 */
final class DpkgParser {
    private DpkgParser() {}

    /** A package's name, version and architecture as the stanza gives them. */
    record Entry(String name, String version, String arch) {}

    static List<Entry> parse(String text) {
        List<Entry> out = new ArrayList<>();
        for (Map<String, String> st : stanzas(text)) {
            String name = st.get("Package");
            if (name == null || name.isBlank()) continue;
            String status = st.get("Status");
            if (status != null) {
                String[] w = status.trim().split("\\s+");
                if (w.length < 3 || !(w[2].equals("installed"))) continue;
            }
            out.add(new Entry(name.trim(), trimOrNull(st.get("Version")), trimOrNull(st.get("Architecture"))));
        }
        return out;
    }

    static List<Map<String, String>> stanzas(String text) {
        List<Map<String, String>> out = new ArrayList<>();
        Map<String, String> cur = new LinkedHashMap<>();
        String lastKey = null;
        for (String line : text.split("\r?\n", -1)) {
            if (line.isBlank()) {
                if (!cur.isEmpty()) out.add(cur);
                cur = new LinkedHashMap<>();
                lastKey = null;
            } else if ((line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                if (lastKey != null) cur.merge(lastKey, "\n" + line.substring(1), String::concat);
            } else {
                int colon = line.indexOf(':');
                if (colon <= 0) continue;
                lastKey = line.substring(0, colon);
                cur.put(lastKey, line.substring(colon + 1).trim());
            }
        }
        if (!cur.isEmpty()) out.add(cur);
        return out;
    }

    private static String trimOrNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
