package dev.jdx.image.source;

import dev.jdx.image.Platform;
import dev.jdx.image.Verification;

/**
 * Which image to take from a source that may hold several.
 *
 * @param name         a tag / ref name ({@code app:1.0}, {@code 1.0}) or null for "the only one"
 * @param platform     the wanted platform, or null for the default (linux/amd64, else the only one present)
 * @param verification what a digest mismatch does
 */
public record ImageSelection(String name, Platform platform, Verification verification) {
    public static ImageSelection defaults() {
        return new ImageSelection(null, null, Verification.strict());
    }
}
