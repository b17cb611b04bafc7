package dev.jdx.check.dockerfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdx.check.dockerignore.IgnoreFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Dockerfile text the way BuildKit's frontend reads it (directives, escapes, heredocs, stages). */
public final class DockerfileParser {
    private DockerfileParser() {}

    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([A-Za-z][A-Za-z0-9_]*)\\s*=\\s*(.*?)\\s*$");
    private static final Set<String> KNOWN_DIRECTIVES = Set.of("syntax", "escape", "check");
    private static final Pattern HEREDOC = Pattern.compile("<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_.-]*)\\2");
    private static final Set<String> FLAG_COMMANDS = Set.of("FROM", "RUN", "COPY", "ADD", "HEALTHCHECK");
    private static final Set<String> HEREDOC_COMMANDS = Set.of("RUN", "COPY", "ADD");
    private static final Set<String> JSON_COMMANDS = Set.of("CMD", "ENTRYPOINT", "RUN", "SHELL", "COPY", "ADD", "VOLUME");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parses {@code content}; {@code file} names it in messages. */
    public static Dockerfile parse(String file, String content) throws DockerfileException {
        if (content.startsWith("\uFEFF")) content = content.substring(1);
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) if (lines[i].endsWith("\r")) lines[i] = lines[i].substring(0, lines[i].length() - 1);

        Map<String, String> directives = new LinkedHashMap<>();
        int i = 0;
        for (; i < lines.length; i++) {
            Matcher m = DIRECTIVE.matcher(lines[i].strip());
            if (!lines[i].strip().startsWith("#") || !m.matches()) break;
            String key = m.group(1).toLowerCase(Locale.ROOT);
            if (!KNOWN_DIRECTIVES.contains(key)) break;
            if (directives.containsKey(key)) throw new DockerfileException(file + ":" + (i + 1) + ": only one " + key + " parser directive can be used");
            directives.put(key, m.group(2));
        }
        char escape = '\\';
        if (directives.containsKey("escape")) {
            String e = directives.get("escape");
            if (!e.equals("\\") && !e.equals("`")) throw new DockerfileException(file + ": invalid escape token '" + e + "' does not match ` or \\");
            escape = e.charAt(0);
        }

        List<Instruction> instructions = new ArrayList<>();
        Map<Integer, Set<String>> suppressions = new HashMap<>();
        Set<String> pendingSuppress = null;
        while (i < lines.length) {
            String raw = lines[i];
            String t = raw.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                Set<String> ids = IgnoreFile.parseSuppression(t);
                if (ids != null) {
                    if (pendingSuppress == null) pendingSuppress = new TreeSet<>();
                    pendingSuppress.addAll(ids);
                }
                i++;
                continue;
            }
            int start = i;
            StringBuilder logical = new StringBuilder();
            String cur = raw;
            while (true) {
                String r = stripTrailing(cur);
                if (!r.isEmpty() && r.charAt(r.length() - 1) == escape) {
                    logical.append(r, 0, r.length() - 1);
                    i++;
                    // comment and empty lines inside a continuation are dropped
                    while (i < lines.length && (lines[i].strip().isEmpty() || lines[i].strip().startsWith("#"))) i++;
                    if (i >= lines.length) break;
                    cur = lines[i];
                } else {
                    logical.append(cur);
                    i++;
                    break;
                }
            }
            String text = logical.toString().strip();
            int sp = firstSpace(text);
            String keyword = sp < 0 ? text : text.substring(0, sp);
            String args = sp < 0 ? "" : text.substring(sp).strip();
            String command = keyword.toUpperCase(Locale.ROOT);

            List<Heredoc> heredocs = new ArrayList<>();
            if (HEREDOC_COMMANDS.contains(command)) {
                Matcher hm = HEREDOC.matcher(args);
                while (hm.find()) {
                    boolean chomp = !hm.group(1).isEmpty();
                    String name = hm.group(3);
                    StringBuilder body = new StringBuilder();
                    boolean closed = false;
                    while (i < lines.length) {
                        String l = lines[i++];
                        String cmp = chomp ? l.replaceFirst("^\t+", "") : l;
                        if (cmp.equals(name)) { closed = true; break; }
                        body.append(cmp).append('\n');
                    }
                    if (!closed) throw new DockerfileException(file + ":" + (start + 1) + ": unterminated heredoc <<" + hm.group(1) + name);
                    heredocs.add(new Heredoc(name, chomp, hm.group(2).isEmpty(), body.toString()));
                }
            }

            Map<String, String> flags = new LinkedHashMap<>();
            String rest = args;
            if (FLAG_COMMANDS.contains(command)) {
                while (rest.startsWith("--")) {
                    int e = firstSpace(rest);
                    String flag = e < 0 ? rest : rest.substring(0, e);
                    int eq = flag.indexOf('=');
                    flags.put(eq < 0 ? flag.substring(2) : flag.substring(2, eq), eq < 0 ? "" : flag.substring(eq + 1));
                    rest = e < 0 ? "" : rest.substring(e).strip();
                }
            }
            List<String> json = null;
            if (JSON_COMMANDS.contains(command) && rest.startsWith("[")) json = jsonArray(rest);
            Instruction ins = new Instruction(keyword, args, flags, rest, json, heredocs, start + 1, i);
            instructions.add(ins);
            if (pendingSuppress != null) {
                suppressions.put(start + 1, Set.copyOf(pendingSuppress));
                pendingSuppress = null;
            }
        }
        return assemble(file, directives, escape, instructions, suppressions);
    }

    private static Dockerfile assemble(String file, Map<String, String> directives, char escape, List<Instruction> instructions,
                                       Map<Integer, Set<String>> suppressions) {
        Map<String, String> globalArgs = new LinkedHashMap<>();
        List<Stage> stages = new ArrayList<>();
        Instruction from = null;
        List<Instruction> body = new ArrayList<>();
        for (Instruction ins : instructions) {
            if (ins.command().equals("FROM")) {
                if (from != null) stages.add(stage(stages.size(), from, body, globalArgs, escape));
                from = ins;
                body = new ArrayList<>();
            } else if (from == null) {
                if (ins.command().equals("ARG")) globalArgs.putAll(argDefinitions(ins));
            } else {
                body.add(ins);
            }
        }
        if (from != null) stages.add(stage(stages.size(), from, body, globalArgs, escape));
        return new Dockerfile(file, directives, escape, instructions, globalArgs, stages, suppressions);
    }

    private static Stage stage(int index, Instruction from, List<Instruction> body, Map<String, String> globalArgs, char escape) {
        String[] words = from.rest().split("\\s+");
        String image = words.length > 0 ? words[0] : "";
        String name = words.length >= 3 && words[1].equalsIgnoreCase("AS") ? words[2] : null;
        String resolved = Vars.expand(image, escape, globalArgs::get, null);
        return new Stage(index, name, from, image, resolved, body);
    }

    /** The names and defaults an {@code ARG} declares ({@code ARG A=1 B}); a missing default maps to null. */
    static Map<String, String> argDefinitions(Instruction ins) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String w : ins.rest().split("\\s+")) {
            if (w.isEmpty()) continue;
            int eq = w.indexOf('=');
            out.put(eq < 0 ? w : w.substring(0, eq), eq < 0 ? null : unquote(w.substring(eq + 1)));
        }
        return out;
    }

    /** The names an {@code ENV} sets ({@code ENV A=1 B=2} or legacy {@code ENV A 1}). */
    static Map<String, String> envDefinitions(Instruction ins) {
        Map<String, String> out = new LinkedHashMap<>();
        String rest = ins.rest();
        if (!rest.contains("=") || firstSpace(rest) >= 0 && rest.indexOf('=') > firstSpace(rest)) {
            int sp = firstSpace(rest);
            if (sp > 0) { out.put(rest.substring(0, sp), rest.substring(sp).strip()); return out; }
        }
        Matcher m = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|\\S*)").matcher(rest);
        while (m.find()) out.put(m.group(1), unquote(m.group(2)));
        return out;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) return v.substring(1, v.length() - 1);
        return v;
    }

    private static List<String> jsonArray(String s) {
        try {
            JsonNode node = JSON.readTree(s);
            if (node == null || !node.isArray()) return null;
            List<String> out = new ArrayList<>();
            for (JsonNode e : node) {
                if (!e.isTextual()) return null;
                out.add(e.asText());
            }
            return out;
        } catch (Exception e) {
            // not JSON: BuildKit falls back to shell form
            return null;
        }
    }

    private static int firstSpace(String s) {
        for (int k = 0; k < s.length(); k++) if (Character.isWhitespace(s.charAt(k))) return k;
        return -1;
    }

    private static String stripTrailing(String s) {
        int e = s.length();
        while (e > 0 && Character.isWhitespace(s.charAt(e - 1))) e--;
        return s.substring(0, e);
    }
}
