package dev.jdx.check;

import java.util.Objects;

/**
 * One occurrence of a {@link Check}: where it is (a file and line of a build context, or a path inside an
 * image) and a one-line message.
 *
 * @param checkId   the check's stable id
 * @param severity  the effective severity (after configuration)
 * @param message   one line saying what was found
 * @param file      file relative to the context ({@code Dockerfile}, {@code .dockerignore}), or null
 * @param line      1-based line in {@code file}, or null when the finding concerns the whole file
 * @param imagePath path inside an image the finding is about, or null
 * @param why       why it matters (from the check)
 * @param fix       how to fix it (from the check)
 * @param layer     index of the image layer that wrote {@code imagePath} (0 = bottom), or null
 */
public record Finding(String checkId, Severity severity, String message, String file, Integer line, String imagePath,
                      String why, String fix, Integer layer) {
    public Finding {
        Objects.requireNonNull(checkId, "checkId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    /** A finding without a layer (build-context findings, image-wide findings). */
    public Finding(String checkId, Severity severity, String message, String file, Integer line, String imagePath,
                   String why, String fix) {
        this(checkId, severity, message, file, line, imagePath, why, fix, null);
    }

    /** This finding with another severity. */
    public Finding withSeverity(Severity s) {
        return new Finding(checkId, s, message, file, line, imagePath, why, fix, layer);
    }

    /** {@code file:line}, {@code file}, the image path, or an empty string. */
    public String location() {
        if (file != null) return line != null ? file + ":" + line : file;
        return imagePath != null ? imagePath : "";
    }
}
