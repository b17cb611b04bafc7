/**
 * rpm package databases: {@link dev.jdx.analysis.rpm.RpmDatabase} reads the packages of an {@code rpmdb.sqlite}
 * through {@link dev.jdx.analysis.rpm.SqliteFile}, and of a Berkeley DB {@code Packages} file through
 * {@code BerkeleyDbHash}: read-only readers of the two file formats, from bytes in memory. Used by the analysis'
 * package inventory; depends on nothing else in jdx.
 */
package dev.jdx.analysis.rpm;
