package dev.jdx.cli;

/** Placeholder entry point; replaced by the picocli command. */
public final class Main {
    public static void main(String[] args) {
        System.out.println("jdx");
    }
}
