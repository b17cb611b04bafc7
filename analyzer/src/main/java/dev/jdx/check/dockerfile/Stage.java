package dev.jdx.check.dockerfile;

import java.util.List;

/**
 * One build stage: a FROM and the instructions up to the next FROM.
 *
 * @param index         0-based position
 * @param name          the {@code AS} name as written, or null
 * @param from          the FROM instruction
 * @param image         the base image as written
 * @param resolvedImage the base image after substituting global ARG defaults
 * @param instructions  the instructions after FROM
 */
public record Stage(int index, String name, Instruction from, String image, String resolvedImage, List<Instruction> instructions) {
    public Stage {
        instructions = List.copyOf(instructions);
    }
}
