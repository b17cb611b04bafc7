package dev.jdx.html;

/**
 * What the analysis detected about the image's system: either may be null.
 *
 * @param os        e.g. {@code Debian GNU/Linux 12 (bookworm)}
 * @param baseImage e.g. {@code debian:12-slim}, with how sure the detection is in {@code baseImageHow}
 */
public record ImageFacts(String os, String baseImage, String baseImageHow) {}
