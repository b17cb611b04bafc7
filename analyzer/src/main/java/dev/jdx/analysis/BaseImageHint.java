package dev.jdx.analysis;

/**
 * What an outside source (the image index, matching layer chains against indexed images) knows about the base:
 * a known image whose layers are the bottom {@code layers} layers of this one.
 *
 * @param name   the known image's reference
 * @param digest its manifest digest, or null
 * @param layers how many bottom layers it shares with this image
 */
public record BaseImageHint(String name, String digest, int layers) {}
