package dev.jdx.analysis;

import dev.jdx.fs.EntryType;
import dev.jdx.fs.FileEntry;
import dev.jdx.fs.LayerContents;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * dive's efficiency algorithm ({@code filetree.Efficiency} and {@code image.Analyze}), reproduced with its quirks
 * so that a gate moved from dive gives the same verdict on the same image.
 *
 * <p>dive builds one tree per layer from the tar entries (intermediate directories a tar does not declare become
 * nodes with empty metadata; {@code .wh.NAME} stays a node named so; {@code .wh..wh.*} markers are dropped), then
 * visits the LEAF nodes of every layer, children first in byte order of names. A whiteout leaf counts 0 unless
 * the path was a directory in the layers below (stacked dive's way), where it counts the sizes of that whole
 * subtree. The quirks kept on purpose: a whiteout of a path absent below aborts the rest of that layer's visit
 * (dive logs an error and goes on with the next layer) and that path's entry keeps dive's "no minimum yet" value
 * -1, which dive adds to the numerator; only leaves count, so a directory replaced by files is
 * counted through its files; a whiteout in layer 0 is looked up in layer 0's own unstacked tree.
 */
final class DiveEfficiency {
    private static final String WH = ".wh.";
    private static final String WH_WH = ".wh..wh..";
    /**
     * Go sorts names by bytes; code point order is the same as UTF-8 byte order. It is UTF-16 order too up to the
     * first differing char when neither of the two is a surrogate, which (names being mostly ASCII) is nearly always.
     */
    static final Comparator<String> GO_ORDER = (a, b) -> {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i), y = b.charAt(i);
            if (x != y) {
                return Character.isSurrogate(x) || Character.isSurrogate(y) ? byCodePoint(a, b) : Integer.compare(x, y);
            }
        }
        return Integer.compare(a.length(), b.length());
    };

    /** Code point order, for names with characters beyond the BMP. */
    static int byCodePoint(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i), cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private DiveEfficiency() {}

    /** A node's payload as dive keeps it: what matters here is the size and whether the header said directory. */
    private record Info(long size, boolean isDir) {
        static final Info EMPTY = new Info(0, false);
    }

    private static final TreeMap<String, Node> EMPTY_CHILDREN = new TreeMap<>(GO_ORDER);

    private static final class Node {
        final String name;
        final Node parent;
        Info info;
        /** Sorted by name as Go sorts; empty for most nodes (files), so shared until a child arrives. */
        private TreeMap<String, Node> children;

        Node(String name, Node parent, Info info) {
            this.name = name;
            this.parent = parent;
            this.info = info;
        }

        TreeMap<String, Node> children() {
            return children == null ? EMPTY_CHILDREN : children;
        }

        void put(Node child) {
            if (children == null) children = new TreeMap<>(GO_ORDER);
            children.put(child.name, child);
        }

        boolean isWhiteout() {
            return name.startsWith(WH);
        }

        /** The path of this node with every name as stored, cached: nodes never move. "" for the root. */
        private String rawPath;

        String rawPath() {
            if (rawPath == null) rawPath = parent == null ? "" : parent.rawPath() + "/" + name;
            return rawPath;
        }

        /** The path dive reports: the whiteout prefix of this (leaf) node's own name dropped. */
        String path() {
            if (parent == null) return "/";
            return isWhiteout() ? parent.rawPath() + "/" + name.substring(WH.length()) : rawPath();
        }

        Node copy(Node newParent) {
            Node c = new Node(name, newParent, info);
            for (Node ch : children().values()) c.put(ch.copy(c));
            return c;
        }

        long subtreeSize() {
            long s = info.size;
            for (Node ch : children().values()) s += ch.subtreeSize();
            return s;
        }
    }

    private static final class Tree {
        final Node root;

        Tree() {
            root = new Node("", null, Info.EMPTY);
        }

        Tree(Node root) {
            this.root = root;
        }

        Tree copy() {
            return new Tree(root.copy(null));
        }

        /**
         * dive's {@code AddPath}: creates missing intermediates with empty payload, attaches data at the end. The
         * names are walked in place (as {@code strings.Split} on the trimmed path, empty names skipped), not split
         * into an array first: this runs for every entry of every layer and for every node of every stacking.
         */
        void addPath(String path, Info data) {
            int from = start(path), end = end(path, from);
            Node node = root;
            while (from < end) {
                int slash = nameEnd(path, from, end);
                if (slash > from) {
                    String name = path.substring(from, slash);
                    Node child = node.children().get(name);
                    if (child == null) {
                        if (name.startsWith(WH_WH)) return;
                        child = new Node(name, node, Info.EMPTY);
                        node.put(child);
                    }
                    node = child;
                    if (slash == end) node.info = data;
                }
                from = slash + 1;
            }
        }

        Node get(String path) {
            int from = start(path), end = end(path, from);
            Node node = root;
            while (from < end) {
                int slash = nameEnd(path, from, end);
                if (slash > from) {
                    node = node.children().get(path.substring(from, slash));
                    if (node == null) return null;
                }
                from = slash + 1;
            }
            return node;
        }

        /** The trimmed path's bounds: leading and trailing slashes dropped. */
        private static int start(String p) {
            int s = 0;
            while (s < p.length() && p.charAt(s) == '/') s++;
            return s;
        }

        private static int end(String p, int start) {
            int e = p.length();
            while (e > start && p.charAt(e - 1) == '/') e--;
            return e;
        }

        /** The end of the name starting at {@code from}: the next slash, or {@code end}. */
        private static int nameEnd(String p, int from, int end) {
            int slash = p.indexOf('/', from);
            return slash < 0 || slash > end ? end : slash;
        }

        void remove(String path) {
            Node n = get(path);
            if (n != null && n != root) n.parent.children().remove(n.name);
        }

        /** dive's {@code Stack}: visit every upper node children first; whiteouts remove, the rest add. */
        void stack(Tree upper) {
            visitAll(upper.root, n -> {
                if (n.isWhiteout()) remove(n.path());
                else addPath(n.path(), n.info);
            });
        }

        private static void visitAll(Node n, java.util.function.Consumer<Node> v) {
            for (Node ch : new ArrayList<>(n.children().values())) visitAll(ch, v);
            if (n.parent != null) v.accept(n);
        }
    }

    /** Per path: cumulative size, smallest size seen, how many leaves. */
    private static final class PathData {
        final String path;
        long cumulative;
        long min = -1;
        int count;

        PathData(String path) {
            this.path = path;
        }
    }

    /** Signals dive's visitor error that stops the current layer's visit. */
    private static final class AbortLayer extends RuntimeException {
        AbortLayer() {
            super(null, null, false, false);
        }
    }

    static DiveFigures compute(List<LayerContents> layers) {
        List<Tree> trees = new ArrayList<>(layers.size());
        for (LayerContents l : layers) trees.add(treeOf(l));

        Map<String, PathData> byPath = new HashMap<>();
        List<PathData> inefficient = new ArrayList<>();
        // the layers below the current one, stacked as dive's StackTreeRange(trees, 0, current-1) does:
        // a copy of layer 0 with layers 0..current-1 stacked on it; advanced lazily, one layer at a time
        Tree[] stacked = {null};
        int[] stackedUpTo = {-1};
        for (int l = 0; l < trees.size(); l++) {
            final int current = l;
            try {
                visitLeaves(trees.get(l).root, node -> {
                    String path = node.path();
                    PathData d = byPath.computeIfAbsent(path, PathData::new);
                    long size;
                    if (node.isWhiteout()) {
                        Tree below;
                        if (current == 0) {
                            below = trees.get(0);
                        } else {
                            if (stacked[0] == null) stacked[0] = trees.get(0).copy();
                            while (stackedUpTo[0] < current - 1) stacked[0].stack(trees.get(++stackedUpTo[0]));
                            below = stacked[0];
                        }
                        Node prev = below.get(path);
                        if (prev == null) throw new AbortLayer();
                        size = prev.info.isDir ? prev.subtreeSize() : 0;
                    } else {
                        size = node.info.size;
                    }
                    d.cumulative += size;
                    if (d.min < 0 || size < d.min) d.min = size;
                    d.count++;
                    if (d.count == 2) inefficient.add(d);
                });
            } catch (AbortLayer e) {
                // dive: "unable to propagate ref tree"; the rest of this layer is not counted
            }
        }

        long minSum = 0, cumSum = 0;
        for (PathData d : byPath.values()) {
            minSum += d.min;
            cumSum += d.cumulative;
        }
        double score = cumSum == 0 ? 1.0 : (double) minSum / (double) cumSum;

        // dive sorts ascending by cumulative size and lists the slice backwards
        inefficient.sort(Comparator.comparingLong(d -> d.cumulative));
        List<DiveFigures.InefficientFile> files = new ArrayList<>(inefficient.size());
        long wasted = 0;
        for (int i = inefficient.size() - 1; i >= 0; i--) {
            PathData d = inefficient.get(i);
            wasted += d.cumulative;
            files.add(new DiveFigures.InefficientFile(d.path, d.count, d.cumulative));
        }
        long size = 0, user = 0;
        for (int i = 0; i < layers.size(); i++) {
            long s = layers.get(i).entryBytes();
            size += s;
            if (i != 0) user += s;
        }
        Double userPercent = user == 0 ? null : (double) wasted / (double) user;
        return new DiveFigures(score, wasted, userPercent, size, user, files);
    }

    private static void visitLeaves(Node n, java.util.function.Consumer<Node> v) {
        for (Node ch : n.children().values()) visitLeaves(ch, v);
        if (n.parent != null && n.children().isEmpty()) v.accept(n);
    }

    /** The layer's tree as dive builds it from the tar, entries in tar order. */
    private static Tree treeOf(LayerContents layer) {
        Tree t = new Tree();
        for (FileEntry e : layer.entries()) {
            if (e.type().isMarker()) addMarker(t, e);
            else if (!e.path().equals("/")) t.addPath(e.path(), new Info(e.size(), e.type() == EntryType.DIR)); // dive skips "." after path.Clean
        }
        return t;
    }

    /** Whiteouts and opaque markers, rare: kept out of treeOf's loop, which the JIT then compiles small. */
    private static void addMarker(Tree t, FileEntry e) {
        if (e.path().equals("/")) return;
        if (e.type() == EntryType.WHITEOUT) t.addPath(childPath(e.parent(), WH + e.name()), new Info(e.size(), false));
        // the marker itself is dropped, but walking to it creates its directory when missing
        else t.addPath(childPath(e.path(), WH_WH + ".opq"), Info.EMPTY);
    }

    private static String childPath(String dir, String name) {
        return dir.equals("/") ? "/" + name : dir + "/" + name;
    }
}
