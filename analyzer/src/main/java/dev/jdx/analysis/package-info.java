/**
 * Image analysis: pure functions over the scanned layers, the config and a few captured files. Waste
 * (dive-compatible figures and jdx's own reclaimable bytes), per-layer summaries, the build script and the
 * {@code docker run} line reconstructed from history and config, OS and package inventory, the base-image guess.
 *
 * <p>May import {@code dev.jdx.image}, {@code dev.jdx.fs}, Jackson (YAML output of the compose snippet) and the
 * JDK; knows nothing of reports, Lucene, sources or registries. Results are records with simple fields (no
 * cycles) so the report can serialise them with Jackson as they are.
 */
package dev.jdx.analysis;
