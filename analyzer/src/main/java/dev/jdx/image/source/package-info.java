/**
 * Image sources: docker-archive (every variant), OCI archive, OCI layout directory, and later registries and
 * daemons. Every source reduces to "find the manifest" + "open a blob by digest"; one shared class
 * ({@code ImageAssembler}) derives the {@link dev.jdx.image.Image} from those.
 *
 * <p>Entry point: {@link dev.jdx.image.source.ImageSources#open(String)} with {@code [kind:]path[:name]}, where the
 * kind ({@code docker-archive}, {@code oci-archive}, {@code oci}) is detected from content when absent. Archives are
 * indexed once ({@code TarArchive}) and read in place with positional reads, so layers stream in parallel without
 * extraction; a whole-archive gzip/zstd is the one case that goes through a temporary file. Metadata reads are
 * capped at 16 MiB. A {@link dev.jdx.image.source.SelectionException} means "choose an image or platform" (exit 2),
 * an {@link dev.jdx.image.ImageFormatException} means the bytes are not a readable image (exit 3).
 *
 * <p>May import {@code dev.jdx.image}; knows nothing of registry auth, scanning or analysis.
 */
package dev.jdx.image.source;
