package dev.jdx.index;

/**
 * One file document found by a search or a listing: an entry of one layer of one image.
 *
 * @param imageKey   the image's config digest
 * @param image      the image's display name (first ref or short id)
 * @param layer      layer position, 0 = bottom
 * @param path       absolute path
 * @param type       file, dir, symlink, hardlink, char, block, fifo, whiteout or opaque
 * @param mode       mode bits (permissions + setuid/setgid/sticky)
 * @param linkTarget symlink / hardlink target, or null
 * @param sha256     content hash of regular files, or null
 * @param status     added, modified, removed or shadowed; {@code implied} for a directory no tar declared, which a
 *                   listing shows because entries lie under it (see {@link ImpliedDirectories}), or that is empty
 *                   in the final filesystem after a later layer deleted what was in it
 * @param shadowedBy the layer that replaced or removed this entry (its own layer for the first of two writes of a
 *                   path), or null when none did
 * @param inFinal    whether visible in the final filesystem
 */
public record FileHit(String imageKey, String image, int layer, String path, String type, long size, int mode,
                      int uid, int gid, long mtime, String linkTarget, String sha256, String status, Integer shadowedBy,
                      boolean inFinal) {

    /** The status as a table shows it: "shadowed by 5" names the layer that replaced or removed the entry. */
    public String statusText() {
        return shadowedBy == null || !status.equals("shadowed") ? status : status + " by " + shadowedBy;
    }

    /** The last path element. */
    public String name() {
        if (path.equals("/")) return "/";
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public boolean isDirectory() {
        return type.equals("dir");
    }

    /** Mode as {@code ls -l} shows it, e.g. {@code -rwsr-xr-x}. */
    public String modeString() {
        char[] c = new char[10];
        c[0] = switch (type) {
            case "dir" -> 'd';
            case "symlink" -> 'l';
            case "char" -> 'c';
            case "block" -> 'b';
            case "fifo" -> 'p';
            case "whiteout", "opaque" -> 'w';
            default -> '-';
        };
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) c[i + 1] = (mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-';
        if ((mode & 04000) != 0) c[3] = (mode & 0100) != 0 ? 's' : 'S';
        if ((mode & 02000) != 0) c[6] = (mode & 010) != 0 ? 's' : 'S';
        if ((mode & 01000) != 0) c[9] = (mode & 01) != 0 ? 't' : 'T';
        return new String(c);
    }
}
