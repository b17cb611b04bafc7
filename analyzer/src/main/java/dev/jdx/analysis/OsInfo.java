package dev.jdx.analysis;

/**
 * The operating system of the final filesystem.
 *
 * @param id         os-release {@code ID} ({@code debian}, {@code alpine}, {@code centos}, {@code busybox}), or null
 *                   when nothing identifies one (scratch images, static binaries)
 * @param versionId  {@code VERSION_ID} or the version a release file names, or null
 * @param prettyName {@code PRETTY_NAME} or a name built from id and version, or null
 * @param idLike     {@code ID_LIKE}, or null
 * @param versionCodename {@code VERSION_CODENAME}, or null
 * @param source     the file the answer came from ({@code /usr/lib/os-release} when reached through the
 *                   {@code /etc/os-release} symlink), or null
 * @param distroless true when the image carries dpkg metadata in {@code /var/lib/dpkg/status.d/} (Google distroless)
 * @param busybox    true when {@code /bin/busybox} is present
 */
public record OsInfo(String id, String versionId, String prettyName, String idLike, String versionCodename,
                     String source, boolean distroless, boolean busybox) {

    public static final OsInfo UNKNOWN = new OsInfo(null, null, null, null, null, null, false, false);
}
