package dev.jdx.fs;

/** An entry visible in the final (squashed) filesystem, with the layer that wrote it. */
public record FinalEntry(FileEntry entry, int layer) {}
