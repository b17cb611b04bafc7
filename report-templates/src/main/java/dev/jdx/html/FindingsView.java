package dev.jdx.html;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Check findings, shown grouped by severity (most severe first) with a filter per severity. */
public record FindingsView(List<Finding> findings) {
    /** Known severities, most severe first; any other severity sorts after them in order of appearance. */
    static final List<String> ORDER = List.of("critical", "error", "high", "warning", "medium", "low", "note", "info");

    public FindingsView {
        findings = List.copyOf(findings);
    }

    /**
     * One finding.
     *
     * @param id       the check id, e.g. {@code JDX-SEC-001}
     * @param severity e.g. {@code high}; lower-cased for display and CSS
     * @param location a path, a layer or a Dockerfile line, or null
     * @param fix      how to fix it, or null
     */
    public record Finding(String id, String severity, String message, String location, String fix) {
        public Finding {
            severity = severity == null ? "info" : severity.toLowerCase(Locale.ROOT);
        }
    }

    /** The findings of one severity. */
    public record Group(String severity, List<Finding> findings) {}

    public List<Group> groups() {
        Map<String, List<Finding>> by = new LinkedHashMap<>();
        for (String s : ORDER) by.put(s, new ArrayList<>());
        for (Finding f : findings) by.computeIfAbsent(f.severity(), k -> new ArrayList<>()).add(f);
        List<Group> out = new ArrayList<>();
        by.forEach((s, l) -> {
            if (!l.isEmpty()) out.add(new Group(s, List.copyOf(l)));
        });
        return out;
    }
}
