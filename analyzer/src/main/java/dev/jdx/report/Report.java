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
@JsonPropertyOrder({"schemaVersion", "tool", "image", "layers", "history", "analysis", "warnings", "findings", "gate"})
public record Report(String schemaVersion, Tool tool, ImageInfo image, List<LayerInfo> layers,
                     List<HistoryInfo> history, Analysis analysis, List<String> warnings, List<FindingInfo> findings,
                     GateInfo gate) {

    /** A report of the scan alone: no analysis, checks or gate (added by {@link #withAnalysis} and {@link #withGate}). */
    public Report(String schemaVersion, Tool tool, ImageInfo image, List<LayerInfo> layers, List<HistoryInfo> history,
                  List<String> warnings) {
        this(schemaVersion, tool, image, layers, history, null, warnings, null, null);
    }

    /** This report with the findings and the gate's decision. */
    public Report withGate(List<FindingInfo> findings, GateInfo gate) {
        return new Report(schemaVersion, tool, image, layers, history, analysis, warnings, List.copyOf(findings), gate);
    }

    public static final String SCHEMA_VERSION = "1.0";

    /** The same report with the analysis attached (reports are built from the scan first, analysed after). */
    public Report withAnalysis(Analysis a) {
        return new Report(schemaVersion, tool, image, layers, history, a, warnings, findings, gate);
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
    @JsonPropertyOrder({"path", "type", "mode", "uid", "gid", "size", "mtime", "linkTarget", "sha256", "change", "shadowed",
            "shadowedBy"})
    public record FileInfo(String path, String type, String mode, int uid, int gid, long size, long mtime,
                           String linkTarget, String sha256, String change, boolean shadowed, Integer shadowedBy) {}

    /**
     * One finding of a check: where (a build-context file and line, or an image path and the layer that wrote it),
     * what, why and how to fix it, and whether it makes the gate fail.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"checkId", "severity", "message", "file", "line", "imagePath", "layer", "failsGate", "why", "fix"})
    public record FindingInfo(String checkId, String severity, String message, String file, Integer line,
                              String imagePath, Integer layer, boolean failsGate, String why, String fix) {}

    /**
     * The quality gate's decision: the verdict, the policy it came from, the failing severity, each threshold
     * with value and limit, every check that ran, the figures judged and the largest waste.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"verdict", "policy", "failOn", "thresholds", "checks", "figures", "topWaste"})
    public record GateInfo(String verdict, String policy, String failOn, List<ThresholdInfo> thresholds,
                           List<CheckInfo> checks, Figures figures, List<WasteInfo> topWaste) {}

    /** One threshold: value and limit as numbers (null when undefined, as dive's 0/0) and as text. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"name", "origin", "status", "value", "limit", "valueText", "limitText", "message"})
    public record ThresholdInfo(String name, String origin, String status, Double value, Double limit,
                                String valueText, String limitText, String message) {}

    /** One check that ran, with the policy's severity, its finding count and whether it fails the gate. */
    @JsonPropertyOrder({"id", "title", "severity", "findings", "failed", "why", "fix"})
    public record CheckInfo(String id, String title, String severity, int findings, boolean failed, String why,
                            String fix) {}

    /** The figures the gate judged. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Figures(long imageSize, int layers, double efficiency, long reclaimableBytes,
                          double userReclaimableRatio, double diveEfficiency, long diveWastedBytes,
                          Double diveUserWastedRatio) {}

    /** One wasted stored copy. */
    public record WasteInfo(String path, long bytes, int writtenBy, int discardedBy, String reason) {}
}
