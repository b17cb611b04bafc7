/**
 * The report view model ({@link dev.jdx.report.Report}, versioned by {@link dev.jdx.report.Report#SCHEMA_VERSION})
 * and the renderers that consume only it: JSON, terminal text, SARIF 2.1.0, JUnit XML and Markdown ({@link dev.jdx.report.GateViews} turns the gate's
 * result into view records).
 *
 * <p>May import {@code image}, {@code fs}, {@code analysis}, {@code check}; never Thymeleaf or picocli.
 */
package dev.jdx.report;
