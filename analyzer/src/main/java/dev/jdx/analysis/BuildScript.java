package dev.jdx.analysis;

import dev.jdx.fs.LayerContents;
import dev.jdx.image.HistoryEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The image history read back as a build script: one {@link BuildStep} per history entry with the shell and
 * {@code #(nop)} wrappers of the classic builder, buildah and BuildKit removed, and each non-empty step joined
 * to the layer it produced.
 */
public final class BuildScript {
    private static final Set<String> INSTRUCTIONS = Set.of("FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV",
            "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL");
    /** {@code |2 A=1 B=2 } : the build-arg prefix of RUN lines (classic builder, buildah, BuildKit). */
    private static final Pattern BUILD_ARGS = Pattern.compile("^\\|\\d+(?: +\\S+=(?:\"[^\"]*\"|\\S*))* +");
    /** A shell wrapper: {@code /bin/sh -c }, {@code /bin/bash -o pipefail -c }, {@code cmd /S /C }, {@code powershell -Command }. */
    private static final Pattern SHELL = Pattern.compile(
            "^(?:(?:\\S*/)?(?:sh|bash|ash|dash|zsh)(?: +-o +\\w+| +-[a-zA-Z]+)*? +-[a-zA-Z]*c|cmd(?:\\.exe)? +/S +/C|(?:powershell|pwsh)(?:\\.exe)?(?: +-\\w+)*? +-Command) +",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NOP = Pattern.compile("^#\\(nop\\)\\s*");
    /** {@code COPY file:<64 hex> in /app} and {@code dir:}, {@code multi:} sources of the classic builder. */
    private static final Pattern CONTENT_SOURCE = Pattern.compile(
            "^(ADD|COPY)((?: +--\\S+)*) +(file|dir|multi):([0-9a-f]{12})[0-9a-f]* +in +(.*)$", Pattern.DOTALL);
    private static final Pattern EXPOSE_MAP = Pattern.compile("^EXPOSE +map\\[(.*)\\]$");
    private static final Pattern HEALTHCHECK = Pattern.compile(
            "^HEALTHCHECK +&\\{\\[(.*?)\\]((?: +\"[^\"]*\")*) *(?:'\\\\x([0-9a-f]{2})')?.*\\}$", Pattern.DOTALL);
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private BuildScript() {}

    /** The steps of {@code history}, joined to {@code layers} (non-empty entries in order). */
    public static List<BuildStep> steps(List<HistoryEntry> history, List<LayerContents> layers) {
        List<BuildStep> out = new ArrayList<>();
        int layer = 0;
        for (int i = 0; i < history.size(); i++) {
            HistoryEntry h = history.get(i);
            Integer l = null;
            Long size = null;
            if (!h.emptyLayer() && layer < layers.size()) {
                l = layer;
                size = layers.get(layer).entryBytes();
                layer++;
            }
            out.add(new BuildStep(i, clean(h.createdBy()), h.createdBy(), h.created(), h.comment(), h.emptyLayer(), l, size));
        }
        // layers the history does not describe (no history, or fewer entries than layers)
        for (; layer < layers.size(); layer++) {
            out.add(new BuildStep(out.size(), "# (no history entry for this layer)", null, null, null, false, layer,
                    layers.get(layer).entryBytes()));
        }
        return out;
    }

    /** The cleaned instruction of each layer, index = layer. */
    static List<String> instructionPerLayer(List<BuildStep> steps, int layerCount) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < layerCount; i++) out.add(null);
        for (BuildStep s : steps) if (s.layer() != null && s.layer() < layerCount) out.set(s.layer(), s.instruction());
        return out;
    }

    /** The steps as a Dockerfile-like text, each preceded by a comment naming its layer and size. */
    public static String text(List<BuildStep> steps) {
        StringBuilder sb = new StringBuilder();
        for (BuildStep s : steps) {
            if (s.layer() != null) {
                sb.append("# layer ").append(s.layer()).append(", ").append(Sizes.human(s.layerSizeBytes()));
            } else {
                sb.append("# no layer");
            }
            if (s.created() != null) sb.append(", ").append(s.created());
            sb.append('\n').append(s.instruction()).append('\n');
        }
        return sb.toString();
    }

    /** One {@code created_by} line as a Dockerfile instruction. */
    static String clean(String createdBy) {
        if (createdBy == null || createdBy.isBlank()) return "# (no command recorded)";
        String s = createdBy.strip();
        // instructions are recorded in upper case by BuildKit and kaniko; "cmd /S /C" is a Windows shell
        String upperFirst = firstWord(s);
        if (INSTRUCTIONS.contains(upperFirst)) {
            // BuildKit / kaniko: already an instruction; BuildKit still wraps RUN in its shell
            if (upperFirst.equals("RUN")) return "RUN " + unwrapRun(s.substring(3).strip());
            return tidy(s);
        }
        String rest = BUILD_ARGS.matcher(s).replaceFirst("");
        Matcher sh = SHELL.matcher(rest);
        if (sh.find()) {
            rest = rest.substring(sh.end());
            Matcher nop = NOP.matcher(rest);
            if (nop.find()) return tidy(rest.substring(nop.end()).strip());
            return "RUN " + rest.strip();
        }
        if (s.equals(rest)) {
            Matcher nop = NOP.matcher(s);
            if (nop.find()) return tidy(s.substring(nop.end()).strip());
            return "# " + s.replace("\n", "\n# ");
        }
        return "RUN " + rest.strip();
    }

    private static String unwrapRun(String s) {
        String rest = BUILD_ARGS.matcher(s).replaceFirst("");
        Matcher sh = SHELL.matcher(rest);
        return sh.find() ? rest.substring(sh.end()) : rest;
    }

    /** Rewrites the classic builder's renderings of some instructions into Dockerfile syntax. */
    private static String tidy(String ins) {
        Matcher m = CONTENT_SOURCE.matcher(ins);
        if (m.matches()) return m.group(1) + m.group(2) + " " + m.group(3) + ":" + m.group(4) + " " + m.group(5).strip();
        m = EXPOSE_MAP.matcher(ins);
        if (m.matches()) {
            List<String> ports = new ArrayList<>();
            for (String p : m.group(1).trim().split(" +")) if (!p.isEmpty()) ports.add(p.replaceAll(":\\{}$", ""));
            return "EXPOSE " + String.join(" ", ports);
        }
        m = HEALTHCHECK.matcher(ins);
        if (m.matches()) return healthcheck(m);
        return ins;
    }

    private static String healthcheck(Matcher m) {
        List<String> test = new ArrayList<>();
        Matcher q = QUOTED.matcher(m.group(1));
        while (q.find()) test.add(q.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        if (test.isEmpty() || test.get(0).equals("NONE")) return "HEALTHCHECK NONE";
        StringBuilder sb = new StringBuilder("HEALTHCHECK");
        List<String> durations = new ArrayList<>();
        Matcher d = QUOTED.matcher(m.group(2) == null ? "" : m.group(2));
        while (d.find()) durations.add(d.group(1));
        String[] names = {"--interval", "--timeout", "--start-period", "--start-interval"};
        for (int i = 0; i < durations.size() && i < names.length; i++) {
            if (!durations.get(i).equals("0s")) sb.append(' ').append(names[i]).append('=').append(durations.get(i));
        }
        if (m.group(3) != null) {
            int retries = Integer.parseInt(m.group(3), 16);
            if (retries != 0) sb.append(" --retries=").append(retries);
        }
        if (test.get(0).equals("CMD-SHELL")) {
            sb.append(" CMD ").append(test.size() > 1 ? test.get(1) : "");
        } else {
            List<String> args = test.subList(test.get(0).equals("CMD") ? 1 : 0, test.size());
            sb.append(" CMD [");
            for (int i = 0; i < args.size(); i++) sb.append(i > 0 ? ", " : "").append(jsonString(args.get(i)));
            sb.append(']');
        }
        return sb.toString();
    }

    static String jsonString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    private static String firstWord(String s) {
        int i = 0;
        while (i < s.length() && !Character.isWhitespace(s.charAt(i))) i++;
        return s.substring(0, i);
    }
}
