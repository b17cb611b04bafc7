package dev.jdx.fs;

/** What a tar entry in a layer is. Whiteouts are markers, not files: they delete what lies below. */
public enum EntryType {
    FILE, DIR, SYMLINK, HARDLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO,
    /** {@code .wh.NAME}: deletes NAME (file or directory) from the layers below; the entry's path is NAME. */
    WHITEOUT,
    /** {@code DIR/.wh..wh..opq}: hides everything the layers below had under DIR; the entry's path is DIR. */
    OPAQUE;

    public boolean isMarker() {
        return this == WHITEOUT || this == OPAQUE;
    }

    /** One-letter type as {@code ls -l} shows it. */
    public char lsChar() {
        return switch (this) {
            case DIR -> 'd';
            case SYMLINK -> 'l';
            case CHAR_DEVICE -> 'c';
            case BLOCK_DEVICE -> 'b';
            case FIFO -> 'p';
            default -> '-';
        };
    }
}
