package dev.jdx.check.dockerfile;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed Dockerfile.
 *
 * @param file         name for messages (relative to the context when inside it)
 * @param directives   parser directives from the top ({@code syntax}, {@code escape}, {@code check}), lower-case keys
 * @param escape       the escape character ({@code \} or {@code `})
 * @param instructions every instruction in order
 * @param globalArgs   ARGs before the first FROM: name to default (null when none)
 * @param stages       the build stages
 * @param suppressions line to check ids suppressed there ({@code # jdx ignore=ID} on the line before)
 */
public record Dockerfile(String file, Map<String, String> directives, char escape, List<Instruction> instructions,
                         Map<String, String> globalArgs, List<Stage> stages, Map<Integer, Set<String>> suppressions) {
    public Dockerfile {
        directives = Map.copyOf(directives);
        instructions = List.copyOf(instructions);
        globalArgs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(globalArgs));
        stages = List.copyOf(stages);
        suppressions = Map.copyOf(suppressions);
    }

    /** The stage named {@code name} (case-insensitive, as BuildKit resolves names), or null. */
    public Stage stage(String name) {
        for (Stage s : stages) if (s.name() != null && s.name().equalsIgnoreCase(name)) return s;
        return null;
    }
}
