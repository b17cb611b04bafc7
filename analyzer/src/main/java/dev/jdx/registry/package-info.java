/**
 * The registry HTTP API v2 client: manifests and verified blob streams from Docker Hub, OCI registries and
 * private registries, with retries, resumable downloads, TLS options, proxies, a content-addressed blob cache
 * and {@link dev.jdx.registry.RegistrySource}, the {@link dev.jdx.image.source.ImageSource} over it.
 *
 * <p>May import {@code dev.jdx.image}, {@code dev.jdx.image.source} and {@code dev.jdx.registry.auth}; knows
 * nothing of scanning, analysis or reports.
 */
package dev.jdx.registry;
