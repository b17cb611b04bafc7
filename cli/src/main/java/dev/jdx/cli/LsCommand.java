package dev.jdx.cli;

import dev.jdx.index.FileHit;
import dev.jdx.index.FileIndex;
import dev.jdx.index.IndexedImage;
import dev.jdx.index.Listing;
import dev.jdx.index.Sizes;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jdx ls IMAGE [PATH]}: the file tree of an indexed image's final filesystem or of one layer. */
@Command(name = "ls", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List a directory of an indexed image like ls -l: the final filesystem, or one layer's tar with --layer",
                "(whiteouts shown). Served from the index: run jdx inspect IMAGE first."},
        footer = {"", "Examples:", "  jdx ls app:1 /usr/lib", "  jdx ls app:1 / --tree --depth 2", "  jdx ls sha256:3f2a --layer 2 /etc",
                "", "Exit codes: 0 ok, 2 ambiguous image or bad option, 3 image not indexed or no such path."})
final class LsCommand implements Callable<Integer> {
    private static final DateTimeFormatter MTIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Ref, digest or digest prefix of an indexed image.")
    String image;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", defaultValue = "/", description = "Directory or file (default: /).")
    String path;

    @Option(names = "--layer", paramLabel = "N", description = "List layer N's own entries instead of the final filesystem.")
    Integer layer;

    @Option(names = {"-R", "--tree"}, description = "Everything under PATH, drawn as a tree.")
    boolean tree;

    @Option(names = "--depth", paramLabel = "N", description = "With --tree: at most N levels.")
    Integer depth;

    @Option(names = {"-H", "--human-readable"}, description = "Sizes as 1.2 MB instead of bytes.")
    boolean human;

    @Option(names = "--json", description = "Print the entries as JSON.")
    boolean json;

    @Mixin
    IndexOptions indexOptions = new IndexOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return IndexCli.run(spec, this::ls);
    }

    private int ls() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (depth != null && depth < 1) throw new IllegalArgumentException("--depth must be at least 1");
        try (FileIndex index = indexOptions.open(spec.commandLine().getErr())) {
            IndexedImage img = index.require(image);
            if (layer != null && (layer < 0 || layer >= img.document().layers().size())) {
                throw new IllegalArgumentException("--layer " + layer + ": " + img.displayName() + " has layers 0 to "
                        + (img.document().layers().size() - 1));
            }
            Listing l = index.list(img.key(), path, layer, tree);
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("image", img.displayName());
                m.put("imageId", img.key());
                m.put("layer", layer);
                m.put("path", l.path());
                m.put("entry", l.self() == null ? null : IndexCli.hitJson(l.self()));
                m.put("entries", l.entries().stream().map(IndexCli::hitJson).toList());
                IndexCli.printJson(out, m);
            } else if (tree) {
                printTree(out, l);
            } else {
                List<FileHit> rows = l.self() != null && !l.self().isDirectory() ? List.of(l.self()) : l.entries();
                printLong(out, rows);
            }
            return ExitCode.OK;
        }
    }

    private void printLong(PrintWriter out, List<FileHit> rows) {
        if (rows.isEmpty()) return;
        IndexCli.Table t = new IndexCli.Table("MODE", "UID/GID", "SIZE", "MODIFIED", "PATH").right(1, 2);
        for (FileHit h : rows) {
            String name = h.path() + (h.linkTarget() != null ? (h.type().equals("hardlink") ? " link to " : " -> ") + h.linkTarget() : "")
                    + (h.type().equals("whiteout") ? "  (whiteout: deletes it from the layers below)"
                    : h.type().equals("opaque") ? "  (opaque: hides what the layers below had here)" : "");
            t.add(h.modeString(), h.uid() + "/" + h.gid(), human ? Sizes.format(h.size()) : Long.toString(h.size()),
                    MTIME.format(Instant.ofEpochSecond(h.mtime())), name);
        }
        t.print(out);
    }

    /** A directory tree node; directories no tar declared are made up from their children's paths. */
    private static final class Node {
        final String name;
        FileHit hit;
        final TreeMap<String, Node> children = new TreeMap<>();

        Node(String name) {
            this.name = name;
        }
    }

    private void printTree(PrintWriter out, Listing l) {
        Node root = new Node(l.path());
        root.hit = l.self();
        String prefix = l.path().equals("/") ? "/" : l.path() + "/";
        for (FileHit h : l.entries()) {
            if (!h.path().startsWith(prefix)) continue;
            Node n = root;
            for (String part : h.path().substring(prefix.length()).split("/")) n = n.children.computeIfAbsent(part, Node::new);
            n.hit = h;
        }
        out.println(l.path());
        int[] counts = new int[2];
        walk(out, root, "", 1, counts);
        out.println();
        out.println(counts[0] + " directories, " + counts[1] + " files");
    }

    private void walk(PrintWriter out, Node node, String indent, int level, int[] counts) {
        if (depth != null && level > depth) return;
        List<Node> kids = new ArrayList<>(node.children.values());
        for (int i = 0; i < kids.size(); i++) {
            Node k = kids.get(i);
            boolean last = i == kids.size() - 1;
            boolean dir = !k.children.isEmpty() || k.hit != null && k.hit.isDirectory();
            if (dir) counts[0]++;
            else counts[1]++;
            StringBuilder line = new StringBuilder(indent).append(last ? "└── " : "├── ").append(k.name);
            if (k.hit != null) {
                if (k.hit.linkTarget() != null) line.append(" -> ").append(k.hit.linkTarget());
                if (k.hit.type().equals("whiteout")) line.append("  (whiteout)");
                else if (k.hit.type().equals("file") || k.hit.type().equals("hardlink")) line.append("  (").append(Sizes.format(k.hit.size())).append(')');
            }
            out.println(line);
            walk(out, k, indent + (last ? "    " : "│   "), level + 1, counts);
        }
    }
}
