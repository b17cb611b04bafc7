/**
 * The self-contained HTML report: the {@link dev.jdx.html.HtmlView} view model (built from the
 * {@link dev.jdx.report.Report} plus the layer stack, with optional analysis sections), the compact embedded
 * file-tree data ({@link dev.jdx.html.TreeData}) and the one {@link dev.jdx.html.HtmlReportRenderer}, which renders
 * the Thymeleaf templates under {@code dev/jdx/html/templates} with the module's CSS and JS inlined and pinned by
 * a Content-Security-Policy of hashes.
 *
 * <p>May import {@code dev.jdx.report}, {@code dev.jdx.fs}, Thymeleaf and Jackson; never picocli or the CLI. Templates
 * read only the view records of this package.
 */
package dev.jdx.html;
