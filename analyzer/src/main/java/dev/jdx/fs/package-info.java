/**
 * Layer scanning: {@link dev.jdx.fs.FileEntry} values read in one streaming pass per layer, whiteouts and opaque
 * directories applied, and the squashed final filesystem.
 *
 * <p>May import {@code dev.jdx.image}; knows nothing of Lucene or reports.
 */
package dev.jdx.fs;
