package dev.jdx.analysis;

/**
 * Which image this one was built FROM, as far as the image itself tells.
 *
 * @param name        the base image reference when known (annotation, label or index match), else null
 * @param digest      its digest when known, else null
 * @param layers      how many bottom layers belong to the base (0 when none can be told apart)
 * @param method      how it was found: {@code annotation}, {@code label}, {@code index}, {@code history},
 *                    {@code first-layer} or {@code none}
 * @param confidence  how far to trust it
 * @param description one line for people, e.g. {@code debian 12 base (1 layer) ending at step 1: CMD ["bash"]}
 */
public record BaseImageGuess(String name, String digest, int layers, String method, Confidence confidence,
                             String description) {

    /** How far to trust a guess. */
    public enum Confidence {
        /** Stated by the image (annotation, label) or matched layer by layer against a known image. */
        HIGH,
        /** Read from the history's shape (the base stage's closing CMD or ENTRYPOINT). */
        MEDIUM,
        /** A weak hint only (the first layer is a root filesystem, or nothing at all). */
        LOW;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
