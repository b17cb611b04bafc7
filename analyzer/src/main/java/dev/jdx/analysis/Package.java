package dev.jdx.analysis;

/**
 * One installed package.
 *
 * @param type     the package-URL type of its ecosystem: {@code deb}, {@code apk}, {@code pypi}, {@code npm},
 *                 {@code maven}
 * @param name     its name ({@code groupId:artifactId} for maven)
 * @param version  its version as the database records it
 * @param arch     its architecture when the database records one, else null
 * @param layer    the layer that installed this version (for dpkg/apk: the lowest layer from which the database
 *                 lists this name at this version; for the others: the layer that wrote the manifest), or null
 * @param location the database or manifest it was read from ({@code /var/lib/dpkg/status},
 *                 {@code /app/lib/x.jar!/META-INF/maven/g/a/pom.properties})
 */
public record Package(String type, String name, String version, String arch, Integer layer, String location) {}
