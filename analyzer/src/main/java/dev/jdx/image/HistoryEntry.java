package dev.jdx.image;

/** One entry of the config's {@code history}: the step that produced a layer, or none when {@code emptyLayer}. */
public record HistoryEntry(String created, String createdBy, String author, String comment, boolean emptyLayer) {}
