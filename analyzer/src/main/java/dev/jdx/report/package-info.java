/**
 * The report view model ({@link dev.jdx.report.Report}, versioned by {@link dev.jdx.report.Report#SCHEMA_VERSION})
 * and the renderers that consume only it: JSON, terminal text (later SARIF, JUnit, Markdown).
 *
 * <p>May import {@code image}, {@code fs}, {@code analysis}, {@code check}; never Thymeleaf or picocli.
 */
package dev.jdx.report;
