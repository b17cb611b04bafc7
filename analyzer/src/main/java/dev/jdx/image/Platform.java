package dev.jdx.image;

import java.util.Locale;

/** An OS / architecture / variant triple such as {@code linux/arm64/v8}. */
public record Platform(String os, String architecture, String variant) {

    public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", null);

    public Platform {
        os = os == null || os.isBlank() ? "unknown" : os.toLowerCase(Locale.ROOT);
        architecture = architecture == null || architecture.isBlank() ? "unknown" : architecture.toLowerCase(Locale.ROOT);
        variant = variant == null || variant.isBlank() ? null : variant.toLowerCase(Locale.ROOT);
    }

    /** Parses {@code os/arch[/variant]}. */
    public static Platform parse(String s) {
        String[] parts = s.trim().split("/");
        if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IllegalArgumentException("malformed platform '" + s + "' (expected os/arch[/variant])");
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
    }

    /** True for the {@code unknown/unknown} platform that attestation manifests carry. */
    public boolean isUnknown() {
        return "unknown".equals(os) && "unknown".equals(architecture);
    }

    /**
     * Whether this concrete platform satisfies {@code wanted}. A wanted platform without a variant accepts any
     * variant; arm64's default variant is v8 and amd64's is v1, as containerd normalises them.
     */
    public boolean satisfies(Platform wanted) {
        if (!os.equals(wanted.os) || !architecture.equals(wanted.architecture)) return false;
        if (wanted.variant == null) return true;
        return wanted.variant.equals(normalisedVariant());
    }

    private String normalisedVariant() {
        if (variant != null) return variant;
        return switch (architecture) {
            case "arm64" -> "v8";
            case "amd64" -> "v1";
            default -> null;
        };
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
