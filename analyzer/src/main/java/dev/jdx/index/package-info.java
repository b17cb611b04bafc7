/**
 * The persistent Lucene index of every inspected image: one document per file entry per layer, one per layer and
 * one per image, and the searches over them (file queries, cross-image answers, base-image matching, listings).
 *
 * <p>The only package of jdx that imports Lucene; its public API speaks in jdx records ({@link
 * dev.jdx.index.FileHit}, {@link dev.jdx.index.IndexedImage}, ...) so callers never see a Lucene type. May import
 * {@code dev.jdx.image} and {@code dev.jdx.fs}; knows nothing of reports, checks or the CLI.
 */
package dev.jdx.index;
