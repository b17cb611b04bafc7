package dev.jdx.cli;

import dev.jdx.index.BaseImageMatch;
import dev.jdx.index.FileHit;
import dev.jdx.index.FileIndex;
import dev.jdx.index.ImageFiles;
import dev.jdx.index.ImageOverlap;
import dev.jdx.index.IndexedImage;
import dev.jdx.index.Sizes;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jdx images}: the indexed images, and the questions asked across them. */
@Command(name = "images", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List the indexed images, or those matching QUERY over image fields:",
                "ref, image, manifest, platform, arch, os, base, label (key=value), env (KEY=value), port (80/tcp),",
                "user (root when the image runs as root), package, layers, size, files, diff_id, chain_id, indexed_at.",
                "Or ask across images with one of --with-path, --with-sha256, --with-layer, --sharing-layers-with, --base-of."},
        footer = {"", "Examples:", "  jdx images", "  jdx images 'user:root'", "  jdx images 'port:80/tcp OR port:443/tcp'",
                "  jdx images --with-path /usr/bin/curl --final", "  jdx images --sharing-layers-with app:1",
                "  jdx images --base-of app:1",
                "", "Exit codes: 0 ok (also when nothing matches), 2 bad query or option, 3 unknown image or unreadable index."})
final class ImagesCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "QUERY", description = "Lucene query over image fields.")
    String query;

    @ArgGroup(exclusive = true)
    Question question;

    static final class Question {
        @Option(names = "--with-path", paramLabel = "PATH", description = "Images with an entry at PATH.")
        String path;

        @Option(names = "--with-sha256", paramLabel = "HEX", description = "Images with a file of this content.")
        String sha256;

        @Option(names = "--with-layer", paramLabel = "DIGEST", description = "Images with this layer (diff_id, chain id or blob digest).")
        String layer;

        @Option(names = "--sharing-layers-with", paramLabel = "IMAGE", description = "Images sharing layers with IMAGE.")
        String sharing;

        @Option(names = "--base-of", paramLabel = "IMAGE",
                description = "The indexed image whose whole layer stack is the bottom of IMAGE's (the longest one).")
        String baseOf;
    }

    @Option(names = "--final", description = "With --with-path / --with-sha256: only where the file is in the final filesystem.")
    boolean finalOnly;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Mixin
    IndexOptions indexOptions = new IndexOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return IndexCli.run(spec, this::images);
    }

    private int images() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (question != null && query != null) throw new IllegalArgumentException("give either QUERY or one of the --with/--sharing/--base options");
        try (FileIndex index = indexOptions.open(err)) {
            if (index.isEmpty()) {
                if (query != null) index.imagesMatching(query);
                err.println(Errors.line(IndexCli.EMPTY_INDEX));
                if (json) IndexCli.printJson(out, question != null && question.baseOf != null ? null : List.of());
                return ExitCode.OK;
            }
            if (question == null) return list(out, err, index.imagesMatching(query));
            if (question.path != null) return files(out, err, index.imagesContainingPath(question.path, finalOnly));
            if (question.sha256 != null) return files(out, err, index.imagesContainingSha256(question.sha256, finalOnly));
            if (question.layer != null) return list(out, err, index.imagesWithLayer(question.layer));
            if (question.sharing != null) return sharing(out, err, index, index.require(question.sharing));
            return base(out, err, index, index.require(question.baseOf));
        }
    }

    private int list(PrintWriter out, PrintWriter err, List<IndexedImage> images) throws Exception {
        if (json) {
            IndexCli.printJson(out, images.stream().map(IndexCli::imageJson).toList());
            return ExitCode.OK;
        }
        if (images.isEmpty()) {
            err.println("jdx: no matching images");
            return ExitCode.OK;
        }
        IndexCli.Table t = new IndexCli.Table("REF", "IMAGE ID", "PLATFORM", "SIZE", "FILES", "LAYERS", "INDEXED").right(3, 4, 5);
        for (IndexedImage i : images) {
            t.add(i.displayName(), IndexCli.shortId(i.key()), i.document().platform(), Sizes.format(i.size()), i.files(),
                    i.document().layers().size(), IndexCli.TIME.format(i.indexedAt()));
        }
        t.print(out);
        return ExitCode.OK;
    }

    private int files(PrintWriter out, PrintWriter err, List<ImageFiles> found) throws Exception {
        if (json) {
            List<Map<String, Object>> l = new ArrayList<>();
            for (ImageFiles f : found) {
                Map<String, Object> m = IndexCli.imageJson(f.image());
                m.put("matches", f.hits().stream().map(IndexCli::hitJson).toList());
                l.add(m);
            }
            IndexCli.printJson(out, l);
            return ExitCode.OK;
        }
        if (found.isEmpty()) {
            err.println("jdx: no indexed image has it");
            return ExitCode.OK;
        }
        IndexCli.Table t = new IndexCli.Table("REF", "IMAGE ID", "LAYER", "PATH", "SIZE", "STATUS").right(2, 4);
        for (ImageFiles f : found) {
            for (FileHit h : f.hits()) {
                t.add(f.image().displayName(), IndexCli.shortId(f.image().key()), h.layer(), h.path(), Sizes.format(h.size()),
                        h.statusText() + (h.inFinal() ? "" : " (not in final)"));
            }
        }
        t.print(out);
        return ExitCode.OK;
    }

    private int sharing(PrintWriter out, PrintWriter err, FileIndex index, IndexedImage me) throws Exception {
        List<ImageOverlap> overlaps = index.imagesSharingLayers(me.key());
        if (json) {
            List<Map<String, Object>> l = new ArrayList<>();
            for (ImageOverlap o : overlaps) {
                Map<String, Object> m = IndexCli.imageJson(o.image());
                m.put("sharedLayers", o.sharedDiffIds().size());
                m.put("commonBottomLayers", o.commonChainLength());
                m.put("sharedDiffIds", o.sharedDiffIds());
                l.add(m);
            }
            IndexCli.printJson(out, l);
            return ExitCode.OK;
        }
        if (overlaps.isEmpty()) {
            err.println(Errors.line("no other indexed image shares a layer with " + me.displayName()));
            return ExitCode.OK;
        }
        IndexCli.Table t = new IndexCli.Table("REF", "IMAGE ID", "LAYERS", "SHARED", "SAME BOTTOM").right(2, 3, 4);
        for (ImageOverlap o : overlaps) {
            t.add(o.image().displayName(), IndexCli.shortId(o.image().key()), o.image().document().layers().size(),
                    o.sharedDiffIds().size(), o.commonChainLength());
        }
        t.print(out);
        return ExitCode.OK;
    }

    private int base(PrintWriter out, PrintWriter err, FileIndex index, IndexedImage me) throws Exception {
        Optional<BaseImageMatch> m = index.baseImageOf(me.key());
        if (json) {
            if (m.isEmpty()) {
                IndexCli.printJson(out, null);
            } else {
                Map<String, Object> j = new LinkedHashMap<>(IndexCli.imageJson(m.get().base()));
                j.put("sharedLayers", m.get().sharedLayers());
                j.put("chainId", m.get().chainId());
                IndexCli.printJson(out, j);
            }
            return ExitCode.OK;
        }
        if (m.isEmpty()) {
            err.println(Errors.line("no indexed image is the base of " + me.displayName()
                    + " (inspect the base image too, so the index knows its layers)"));
            return ExitCode.OK;
        }
        BaseImageMatch b = m.get();
        out.println(b.base().displayName() + "  " + IndexCli.shortId(b.base().key()) + "  (bottom " + b.sharedLayers()
                + " of " + me.document().layers().size() + " layers of " + me.displayName() + ")");
        return ExitCode.OK;
    }
}
