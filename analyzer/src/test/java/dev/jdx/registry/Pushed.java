package dev.jdx.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdx.fixtures.Processes;
import dev.jdx.fixtures.TestLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the real {@code skopeo} says an image in a registry is: manifest digest, config digest, layer digests and
 * the config's diff_ids. Tests compare {@link RegistrySource} with this, an independent client.
 */
record Pushed(String manifestDigest, String configDigest, List<String> layerDigests, List<String> diffIds) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Pushed inspect(String dockerRef, String arch, String... extra) throws IOException {
        List<String> base = new ArrayList<>(List.of("--override-os", "linux", "--override-arch", arch, "inspect", "--tls-verify=false"));
        base.addAll(List.of(extra));
        List<String> raw = new ArrayList<>(base);
        raw.add("--raw");
        raw.add(dockerRef);
        byte[] top = Processes.skopeo(raw.toArray(String[]::new)).getBytes(StandardCharsets.UTF_8);
        JsonNode manifest = JSON.readTree(top);
        String manifestDigest = TestLayout.sha256(top);
        if (manifest.has("manifests")) {
            for (JsonNode m : manifest.path("manifests")) {
                if (m.path("platform").path("architecture").asText().equals(arch)) {
                    manifestDigest = m.path("digest").asText();
                    break;
                }
            }
            String at = dockerRef.replaceAll(":[^:/@]+$", "") + "@" + manifestDigest;
            List<String> child = new ArrayList<>(base);
            child.add("--raw");
            child.add(at);
            manifest = JSON.readTree(Processes.skopeo(child.toArray(String[]::new)));
        }
        List<String> cfgCmd = new ArrayList<>(base);
        cfgCmd.addAll(List.of("--config", "--raw", dockerRef));
        byte[] config = Processes.skopeo(cfgCmd.toArray(String[]::new)).getBytes(StandardCharsets.UTF_8);
        List<String> layers = new ArrayList<>();
        manifest.path("layers").forEach(l -> layers.add(l.path("digest").asText()));
        List<String> diffIds = new ArrayList<>();
        JSON.readTree(config).path("rootfs").path("diff_ids").forEach(d -> diffIds.add(d.asText()));
        return new Pushed(manifestDigest, manifest.path("config").path("digest").asText(), layers, diffIds);
    }
}
