package dev.jdx.check.dockerfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The embedded, dated table of end-of-life dates of common base images ({@code dev/jdx/check/eol.json}). */
public final class EolTable {
    /** One release line: which tags belong to it and when it reached end of life. */
    public record Cycle(String image, String cycle, LocalDate eol, Pattern tags) {}

    private final LocalDate tableDate;
    private final List<String[]> names = new ArrayList<>();
    private final List<List<Cycle>> cycles = new ArrayList<>();

    private EolTable(JsonNode root) {
        tableDate = LocalDate.parse(root.get("tableDate").asText());
        for (JsonNode img : root.get("images")) {
            List<String> n = new ArrayList<>();
            img.get("names").forEach(x -> n.add(x.asText()));
            List<Cycle> c = new ArrayList<>();
            for (JsonNode cy : img.get("cycles")) {
                c.add(new Cycle(n.get(0), cy.get("cycle").asText(), LocalDate.parse(cy.get("eol").asText()), Pattern.compile(cy.get("tags").asText())));
            }
            names.add(n.toArray(String[]::new));
            cycles.add(List.copyOf(c));
        }
    }

    /** The table shipped with jdx. */
    public static EolTable embedded() {
        try (InputStream in = EolTable.class.getResourceAsStream("/dev/jdx/check/eol.json")) {
            if (in == null) throw new IllegalStateException("the end-of-life table dev/jdx/check/eol.json is missing from the jar");
            return new EolTable(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("reading the embedded end-of-life table: " + e.getMessage(), e);
        }
    }

    /** The date the table's data was last reviewed. */
    public LocalDate tableDate() {
        return tableDate;
    }

    /** Every image name the table covers. */
    public List<String> images() {
        return names.stream().flatMap(java.util.Arrays::stream).toList();
    }

    /** The release line of {@code image} (its short name, {@code debian}) with tag {@code tag}, if the table knows it. */
    public Optional<Cycle> lookup(String image, String tag) {
        if (tag == null) return Optional.empty();
        for (int i = 0; i < names.size(); i++) {
            for (String n : names.get(i)) {
                if (!n.equals(image)) continue;
                for (Cycle c : cycles.get(i)) if (c.tags().matcher(tag).matches()) return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
