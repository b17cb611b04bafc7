package dev.jdx.fs;

/**
 * One entry of one layer's tar, as read in the streaming pass.
 *
 * @param path       normalised absolute path ({@code /usr/bin/env}); for whiteouts the path deleted, for
 *                   opaque markers the directory made opaque
 * @param type       what it is
 * @param mode       permission bits plus setuid (04000), setgid (02000) and sticky (01000)
 * @param size       the tar header size (content bytes of a regular file; 0 for the rest)
 * @param mtime      modification time, epoch seconds
 * @param linkTarget symlink target, or for hardlinks the normalised absolute path linked to; else null
 * @param sha256     lowercase hex sha256 of a regular file's content, or null (not a file, or hashing off)
 */
public record FileEntry(String path, EntryType type, int mode, int uid, int gid, long size, long mtime,
                        String linkTarget, String sha256) {

    public static final int SETUID = 04000;
    public static final int SETGID = 02000;
    public static final int STICKY = 01000;

    public boolean isSetuid() {
        return (mode & SETUID) != 0;
    }

    public boolean isSetgid() {
        return (mode & SETGID) != 0;
    }

    /** The last path element ({@code /} for the root). */
    public String name() {
        if (path.equals("/")) return "/";
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The parent directory path ({@code /} for top-level entries and the root). */
    public String parent() {
        return PathNames.parentOf(path);
    }

    /** Mode as {@code ls -l} shows it, e.g. {@code -rwsr-xr-x}. */
    public String modeString() {
        char[] c = new char[10];
        c[0] = type.lsChar();
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) c[i + 1] = (mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-';
        if (isSetuid()) c[3] = (mode & 0100) != 0 ? 's' : 'S';
        if (isSetgid()) c[6] = (mode & 010) != 0 ? 's' : 'S';
        if ((mode & STICKY) != 0) c[9] = (mode & 01) != 0 ? 't' : 'T';
        return new String(c);
    }
}
