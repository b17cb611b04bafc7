package dev.jdx.index;

/**
 * Another indexed image whose whole layer stack is the bottom of this image's stack: its base image, as far as the
 * index knows.
 *
 * @param base         the base image
 * @param sharedLayers how many bottom layers the two share (= the base's layer count)
 * @param chainId      the chain id of the last shared layer
 */
public record BaseImageMatch(IndexedImage base, int sharedLayers, String chainId) {}
