/**
 * Local daemons as image sources: Docker and Podman through the Docker Engine API, over a unix socket (the JDK's
 * unix-domain channels, no native library) or tcp (optionally TLS). Endpoint discovery follows the Docker CLI
 * ({@code DOCKER_HOST}, contexts, the default socket) and Podman ({@code CONTAINER_HOST}, the rootless and rootful
 * sockets). {@code images/{name}/get} is spooled to a temporary docker-archive and read by the archive reader.
 *
 * <p>A sub-package of {@code image.source} because a daemon is one more way to obtain the bytes an archive source
 * reads: it depends on {@code image.source} (one way; {@code image.source} reaches it only through the
 * {@link dev.jdx.image.source.ReferenceOpener} the CLI plugs in). May import {@code dev.jdx.image},
 * {@code dev.jdx.image.source} and jackson; knows nothing of registries, scanning or analysis.
 */
package dev.jdx.image.source.daemon;
