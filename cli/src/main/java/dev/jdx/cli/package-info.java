/**
 * The {@code jdx} command line: thin picocli commands over the analyzer, the one place that maps exception types
 * to exit codes ({@link dev.jdx.cli.ExitCode}), and the progress display.
 */
package dev.jdx.cli;
