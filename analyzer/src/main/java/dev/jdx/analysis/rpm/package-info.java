/**
 * rpm package databases: {@link dev.jdx.analysis.rpm.RpmDatabase} reads the packages of an {@code rpmdb.sqlite}
 * through {@link dev.jdx.analysis.rpm.SqliteFile}, a read-only reader of the SQLite file format. Used by the analysis'
 * package inventory; depends on nothing else in jdx.
 */
package dev.jdx.analysis.rpm;
