package dev.jdx.registry;

import dev.jdx.image.Digest;

/**
 * A manifest or index exactly as the registry sent it.
 *
 * @param bytes     the body, which the digest covers
 * @param mediaType its media type (from the JSON {@code mediaType}, else the {@code Content-Type})
 * @param digest    the verified digest of {@code bytes}
 */
public record RawManifest(byte[] bytes, String mediaType, Digest digest) {}
