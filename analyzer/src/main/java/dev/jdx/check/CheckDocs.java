package dev.jdx.check;

import java.util.List;

/** Renders a list of checks as the Markdown reference page {@code docs/checks.md}. */
public final class CheckDocs {
    private CheckDocs() {}

    /** The Markdown page: a summary table, then one section per check with why and fix. */
    public static String markdown(String title, String intro, List<Check> checks) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(title).append("\n\n").append(intro).append("\n\n");
        sb.append("<!-- generated from the check registry by ChecksDocTest; run it with -Djdx.updateDocs=true to refresh -->\n\n");
        sb.append("| id | severity | finds |\n|---|---|---|\n");
        for (Check c : checks) sb.append("| [").append(c.id()).append("](#").append(c.id().toLowerCase(java.util.Locale.ROOT)).append(") | ")
                .append(c.severity().label()).append(" | ").append(c.title().replace("|", "\\|")).append(" |\n");
        for (Check c : checks) {
            sb.append("\n## ").append(c.id()).append("\n\n");
            sb.append("**").append(c.title()).append("** — severity ").append(c.severity().label()).append("\n\n");
            sb.append("- Why: ").append(c.why()).append("\n");
            sb.append("- Fix: ").append(c.fix()).append("\n");
        }
        return sb.toString();
    }
}
