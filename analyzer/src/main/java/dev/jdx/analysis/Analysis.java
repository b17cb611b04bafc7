package dev.jdx.analysis;

import java.util.List;

/**
 * Everything {@code jdx inspect} tells about an image beyond its manifest: immutable, cycle-free, ready for
 * Jackson.
 *
 * @param dive         dive's figures, reproduced exactly for {@code .dive-ci} gates
 * @param efficiency   jdx's own waste figures
 * @param layers       per-layer changes
 * @param buildSteps   the history as build steps
 * @param buildScript  the same as a Dockerfile-like text
 * @param run          a {@code docker run} line and a compose service
 * @param os           the operating system
 * @param packages     installed packages and what could not be read
 * @param base         the base-image guess
 * @param largestFiles the largest files of the final filesystem
 * @param duplicates   the largest groups of identical content at different paths
 * @param topWaste     the largest discarded copies
 * @param allWaste     every discarded copy, largest first: not reported (the JSON has {@code topWaste}); the quality
 *                     gate's path excludes read it, so the gate does not compute the waste a second time
 */
public record Analysis(DiveFigures dive, Efficiency efficiency, List<LayerSummary> layers, List<BuildStep> buildSteps,
                       String buildScript, RunCommand run, OsInfo os, Packages packages, BaseImageGuess base,
                       List<LargeFile> largestFiles, List<DuplicateGroup> duplicates, List<WastedPath> topWaste,
                       @com.fasterxml.jackson.annotation.JsonIgnore List<WastedPath> allWaste) {

    public Analysis {
        layers = List.copyOf(layers);
        buildSteps = List.copyOf(buildSteps);
        largestFiles = List.copyOf(largestFiles);
        duplicates = List.copyOf(duplicates);
        topWaste = List.copyOf(topWaste);
        allWaste = List.copyOf(allWaste);
    }
}
