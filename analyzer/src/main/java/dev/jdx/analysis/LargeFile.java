package dev.jdx.analysis;

/** A regular file of the final filesystem, with its size and the layer that wrote the visible copy. */
public record LargeFile(String path, long sizeBytes, int layer) {}
