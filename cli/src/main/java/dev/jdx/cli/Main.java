package dev.jdx.cli;

/** Entry point of the {@code jdx} launcher. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(JdxCommand.run(args));
    }
}
