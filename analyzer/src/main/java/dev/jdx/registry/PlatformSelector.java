package dev.jdx.registry;

import dev.jdx.image.Descriptor;
import dev.jdx.image.MediaType;
import dev.jdx.image.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Picks one manifest from an index: the wanted platform, else linux/amd64, else the only one; attestations never. */
final class PlatformSelector {
    private PlatformSelector() {}

    static Descriptor select(List<Descriptor> manifests, Platform wanted, String what) throws RegistryException {
        List<Descriptor> candidates = new ArrayList<>();
        for (Descriptor d : manifests) {
            if (d.platform() != null && d.platform().isUnknown()) continue; // attestation manifests: unknown/unknown
            if (d.mediaType() != null && !MediaType.isManifest(d.mediaType()) && !MediaType.isIndex(d.mediaType())) continue;
            candidates.add(d);
        }
        if (wanted != null) {
            Descriptor exact = null;
            Descriptor loose = null;
            for (Descriptor d : candidates) {
                if (d.platform() == null || !d.platform().satisfies(wanted)) continue;
                if (exact == null && d.platform().equals(wanted)) exact = d;
                if (loose == null) loose = d;
            }
            if (exact != null) return exact;
            if (loose != null) return loose;
            throw new RegistryException(ErrorCode.PLATFORM_NOT_FOUND, 0, what + ": no manifest for platform " + wanted
                    + "; available: " + available(candidates));
        }
        for (Descriptor d : candidates) {
            if (d.platform() != null && d.platform().satisfies(Platform.LINUX_AMD64)) return d;
        }
        if (candidates.size() == 1) return candidates.get(0);
        throw new RegistryException(ErrorCode.PLATFORM_NOT_FOUND, 0, what + ": "
                + (candidates.isEmpty() ? "the index lists no image manifest" : "no linux/amd64 manifest and several platforms; choose one with --platform; available: " + available(candidates)));
    }

    static String available(List<Descriptor> candidates) {
        if (candidates.isEmpty()) return "none";
        return candidates.stream().map(d -> d.platform() == null ? "(no platform)" : d.platform().toString())
                .distinct().collect(Collectors.joining(", "));
    }
}
