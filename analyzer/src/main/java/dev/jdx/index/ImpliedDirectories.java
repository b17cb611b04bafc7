package dev.jdx.index;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.StringHelper;

/**
 * Directories that no tar declared. A layer tar need not have an entry for each directory it writes into (many
 * build tools leave them out), yet the directory exists in the filesystem: {@code jdx ls} lists such a directory,
 * and lists into it, as an unpacker would create it. It is found through the {@link IndexFields#PARENT} terms of the
 * entries under it, and shown as a directory with status {@link #STATUS}.
 */
final class ImpliedDirectories {
    /** The status of a listed directory that no entry declares. */
    static final String STATUS = "implied";

    private ImpliedDirectories() {}

    /**
     * The names of the direct children of {@code dir} that are the parent, or an ancestor of the parent, of some entry
     * in the index (of any image: the caller checks its own). A walk of the parent terms that skips each child's
     * subtree with one seek, so it costs one step per child directory, not per directory below.
     */
    static Set<String> childCandidates(IndexReader reader, String dir) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        Terms terms = MultiTerms.getTerms(reader, IndexFields.PARENT);
        if (terms == null) return out;
        String prefix = dir.equals("/") ? "/" : dir + "/";
        BytesRef start = new BytesRef(prefix);
        TermsEnum te = terms.iterator();
        if (te.seekCeil(start) == TermsEnum.SeekStatus.END) return out;
        while (true) {
            BytesRef t = te.term();
            if (!StringHelper.startsWith(t, start)) break;
            String rest = new String(t.bytes, t.offset + start.length, t.length - start.length, StandardCharsets.UTF_8);
            int slash = rest.indexOf('/');
            String child = slash < 0 ? rest : rest.substring(0, slash);
            if (!child.isEmpty()) out.add(child);
            if (slash >= 0) {
                // the terms under prefix/child/ sort before prefix/child0 ('0' follows '/'): skip them all
                if (te.seekCeil(new BytesRef(prefix + child + "0")) == TermsEnum.SeekStatus.END) break;
            } else if (te.next() == null) {
                break;
            }
        }
        return out;
    }

    /** The directory {@code path} as a listing shows it, from one entry under it (its layer, image and mtime). */
    static FileHit hit(String path, FileHit under) {
        return new FileHit(under.imageKey(), under.image(), under.layer(), path, "dir", 0, 0755, 0, 0, under.mtime(),
                null, null, STATUS, null, under.inFinal());
    }

    /** The directories between {@code dir} (excluded) and each entry (excluded) that no entry declares. */
    static List<FileHit> missingAncestors(String dir, List<FileHit> entries) {
        Set<String> declared = new HashSet<>();
        for (FileHit h : entries) declared.add(h.path());
        List<FileHit> out = new ArrayList<>();
        Set<String> added = new HashSet<>();
        String base = dir.equals("/") ? "" : dir;
        for (FileHit h : entries) {
            for (int at = h.path().indexOf('/', base.length() + 1); at > 0; at = h.path().indexOf('/', at + 1)) {
                String a = h.path().substring(0, at);
                if (!declared.contains(a) && added.add(a)) out.add(hit(a, h));
            }
        }
        return out;
    }
}
