package dev.jdx.html;

import java.util.List;

/** Installed packages found in the image, each with the layer that installed it. */
public record PackagesView(List<Package> packages) {
    public PackagesView {
        packages = List.copyOf(packages);
    }

    /**
     * One package.
     *
     * @param ecosystem e.g. {@code deb}, {@code apk}, {@code npm}, {@code maven}
     * @param layer     the layer that installed (or last changed) it, or null when unknown
     * @param source    the file it was read from, or null
     */
    public record Package(String ecosystem, String name, String version, Integer layer, String source) {}
}
