package dev.jdx.cli;

import dev.jdx.index.FileHit;
import dev.jdx.index.FileIndex;
import dev.jdx.index.FileQuery;
import dev.jdx.index.SearchResult;
import dev.jdx.index.Sizes;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jdx search [QUERY]}: find file entries in every indexed image. */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Find files in every indexed image (Lucene query syntax plus shortcut options).",
                "Fields: path, name, dir, ext, type, size, mode, setuid, setgid, uid, gid, mtime, sha256, link,",
                "status (added|modified|removed|shadowed|implied), change, final, layer, image, ref, manifest, diff_id, layer_digest, chain_id.",
                "A bare word searches name (a bare /path searches path). Sizes take units: size:>10MB (SI, 10^6),",
                "size:>=1.5GiB (IEC, 2^30), size:[1MB TO 50MB]. Wildcards * and ?; AND, OR, NOT, parentheses.",
                "Which images hold a path, a hash or a layer: see jdx images --with-path/--with-sha256/--with-layer."},
        footer = {"", "Examples:", "  jdx search 'name:libssl*'", "  jdx search --larger-than 10MB --final",
                "  jdx search 'dir:/usr/lib AND ext:so AND status:shadowed' --image app:1",
                "  jdx search --sha256 9f86d081884c7d65... --json",
                "", "Exit codes: 0 ok (also for no hits and for an empty index), 2 bad query or option, 3 unknown image or unreadable index."})
final class SearchCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "QUERY", description = "Lucene query over the fields above.")
    String query;

    @Option(names = "--name", paramLabel = "GLOB", description = "File name glob (* and ?), e.g. 'libssl*'.")
    String name;

    @Option(names = "--path", paramLabel = "GLOB", description = "Whole-path glob, e.g. '/usr/lib/*.so*'.")
    String path;

    @Option(names = "--larger-than", paramLabel = "SIZE", description = "Only entries larger than SIZE (10MB = 10^7, 10MiB = 10*2^20).")
    String largerThan;

    @Option(names = "--image", paramLabel = "REF", description = "Only this image (ref, digest or digest prefix).")
    String image;

    @Option(names = "--layer", paramLabel = "N", description = "Only layer N (0 = bottom).")
    Integer layer;

    @Option(names = "--final", description = "Only files present in the final filesystem.")
    boolean finalOnly;

    @Option(names = "--setuid", description = "Only setuid or setgid entries.")
    boolean setuid;

    @Option(names = "--sha256", paramLabel = "HEX", description = "Only files with this content hash (full or a prefix).")
    String sha256;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N hits (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--sort", paramLabel = "ORDER", defaultValue = "path", description = "path (default) or size (largest first).")
    String sort;

    @Option(names = "--json", description = "Print {total, hits:[...]} as JSON.")
    boolean json;

    @Mixin
    IndexOptions indexOptions = new IndexOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return IndexCli.run(spec, this::search);
    }

    private int search() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (limit <= 0) throw new IllegalArgumentException("--limit must be positive");
        FileQuery.Sort order = switch (sort.toLowerCase(Locale.ROOT)) {
            case "path" -> FileQuery.Sort.PATH;
            case "size" -> FileQuery.Sort.SIZE;
            default -> throw new IllegalArgumentException("--sort must be path or size, not '" + sort + "'");
        };
        Long min = null;
        if (largerThan != null) {
            try {
                min = Sizes.parse(largerThan);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--larger-than: " + e.getMessage());
            }
        }
        FileQuery q = new FileQuery(query, name, path, min, image, layer, finalOnly, setuid, sha256, limit, order);
        try (FileIndex index = indexOptions.open(err)) {
            if (index.isEmpty()) {
                index.validate(query);
                err.println(Errors.line(IndexCli.EMPTY_INDEX));
                if (json) IndexCli.printJson(out, Map.of("total", 0, "hits", List.of()));
                return ExitCode.OK;
            }
            SearchResult<FileHit> r = index.search(q);
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("total", r.total());
                m.put("hits", r.hits().stream().map(IndexCli::hitJson).toList());
                IndexCli.printJson(out, m);
                return ExitCode.OK;
            }
            IndexCli.Table t = new IndexCli.Table("IMAGE", "LAYER", "PATH", "SIZE", "MODE", "STATUS").right(1, 3);
            for (FileHit h : r.hits()) {
                t.add(h.image(), h.layer(), h.linkTarget() == null ? h.path() : h.path() + " -> " + h.linkTarget(),
                        h.type().equals("file") || h.type().equals("hardlink") ? Sizes.format(h.size()) : "-",
                        h.modeString(), h.statusText());
            }
            if (t.isEmpty()) {
                err.println("jdx: no matches");
            } else {
                t.print(out);
                if (r.total() > r.hits().size()) {
                    err.println(Errors.line("showing " + r.hits().size() + " of " + r.total() + " matches; use --limit to see more"));
                }
            }
            return ExitCode.OK;
        }
    }
}
