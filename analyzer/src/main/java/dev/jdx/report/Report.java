package dev.jdx.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.jdx.analysis.Analysis;
import java.util.List;
import java.util.Map;

/**
 * Everything jdx reports about one image, as plain data: renderers read only this. Its JSON form is published
 * as a JSON Schema ({@code report.schema.json}); {@link #SCHEMA_VERSION} changes with every incompatible change.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schemaVersion", "tool", "image", "layers", "history", "analysis", "warnings"})
public record Report(String schemaVersion, Tool tool, ImageInfo image, List<LayerInfo> layers,
                     List<HistoryInfo> history, Analysis analysis, List<String> warnings) {

    public static final String SCHEMA_VERSION = "1.0";

    /** The same report with the analysis attached (reports are built from the scan first, analysed after). */
    public Report withAnalysis(Analysis a) {
        return new Report(schemaVersion, tool, image, layers, history, a, warnings);
    }

    public record Tool(String name, String version) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"ref", "source", "repoTags", "digest", "id", "mediaType", "platform", "created", "author",
            "config", "sizeCompressed", "sizeUncompressed", "contentSize", "fileCount", "layerCount"})
    public record ImageInfo(String ref, String source, List<String> repoTags, String digest, String id,
                            String mediaType, String platform, String created, String author, ConfigInfo config,
                            long sizeCompressed, long sizeUncompressed, long contentSize, int fileCount, int layerCount) {}

    /** The container defaults from the config; absent values are omitted. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record ConfigInfo(String user, List<String> env, List<String> entrypoint, List<String> cmd,
                             String workingDir, List<String> exposedPorts, List<String> volumes,
                             Map<String, String> labels, String stopSignal, HealthcheckInfo healthcheck,
                             List<String> onBuild, List<String> shell) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HealthcheckInfo(List<String> test, Long intervalSeconds, Long timeoutSeconds,
                                  Long startPeriodSeconds, Integer retries) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"index", "digest", "diffId", "mediaType", "compression", "sizeCompressed", "size",
            "contentSize", "fileCount", "added", "modified", "removed", "createdBy", "created", "comment", "files"})
    public record LayerInfo(int index, String digest, String diffId, String mediaType, String compression,
                            long sizeCompressed, long size, long contentSize, int fileCount, int added, int modified,
                            int removed, String createdBy, String created, String comment, List<FileInfo> files) {}

    /** One history entry, aligned with the layer it produced ({@code layer} is null for empty_layer entries). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HistoryInfo(int index, String created, String createdBy, String author, String comment,
                              boolean emptyLayer, Integer layer) {}

    /** One entry of one layer (only with {@code --json-files}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"path", "type", "mode", "uid", "gid", "size", "mtime", "linkTarget", "sha256", "change", "shadowed"})
    public record FileInfo(String path, String type, String mode, int uid, int gid, long size, long mtime,
                           String linkTarget, String sha256, String change, boolean shadowed) {}
}
