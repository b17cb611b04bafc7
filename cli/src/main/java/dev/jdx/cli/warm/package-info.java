/**
 * The warm server: a jdx JVM kept in the background between long runs, so that a repeated inspection of a large
 * image runs on code the JIT has already compiled instead of paying the compilers again (about 4 of the 19 CPU-seconds
 * of a cold inspect of the L benchmark image, more in the interpreter before that). The {@code ./jdx} launcher decides
 * when to use it; {@link dev.jdx.cli.warm.WarmClient} forwards one command line and its standard streams over a Unix
 * socket, and {@link dev.jdx.cli.warm.WarmServer} runs it exactly as {@link dev.jdx.cli.Main} would.
 */
package dev.jdx.cli.warm;
