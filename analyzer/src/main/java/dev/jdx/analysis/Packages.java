package dev.jdx.analysis;

import java.util.List;

/**
 * The package inventory of the final filesystem.
 *
 * @param packages every package found, sorted by type, name, version, location
 * @param notes    what could not be read and why (unsupported databases, content not captured)
 */
public record Packages(List<Package> packages, List<String> notes) {
    public Packages {
        packages = List.copyOf(packages);
        notes = List.copyOf(notes);
    }

    public static final Packages NONE = new Packages(List.of(), List.of());
}
