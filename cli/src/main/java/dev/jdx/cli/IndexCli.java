package dev.jdx.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jdx.index.FileHit;
import dev.jdx.index.ImageNotIndexedException;
import dev.jdx.index.IndexedImage;
import dev.jdx.index.QuerySyntaxException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** What the index commands share: error mapping to exit codes, JSON, tables and the image / hit columns. */
final class IndexCli {
    private IndexCli() {}

    static final String EMPTY_INDEX = "no images indexed yet; run jdx inspect first";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);

    interface Body {
        int run() throws Exception;
    }

    /** Runs a command body; an exception becomes one line {@code jdx: message} on stderr and its exit code. */
    static int run(CommandSpec spec, Body body) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            int code = body.run();
            spec.commandLine().getOut().flush();
            return code;
        } catch (QuerySyntaxException e) {
            return fail(err, e.getMessage(), ExitCode.USAGE);
        } catch (ImageNotIndexedException e) {
            return fail(err, e.getMessage(), ExitCode.INPUT);
        } catch (IllegalArgumentException e) {
            return fail(err, e.getMessage(), ExitCode.USAGE);
        } catch (UncheckedIOException e) {
            return fail(err, e.getCause().getMessage(), ExitCode.INPUT);
        } catch (IOException e) {
            return fail(err, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), ExitCode.INPUT);
        } catch (Exception e) {
            return fail(err, "internal error: " + e, ExitCode.INTERNAL);
        } finally {
            spec.commandLine().getOut().flush();
        }
    }

    private static int fail(PrintWriter err, String message, int code) {
        err.println(Errors.line(message));
        err.flush();
        return code;
    }

    static void printJson(PrintWriter out, Object value) throws IOException {
        out.println(JSON.writeValueAsString(value));
    }

    /** An image as the JSON of {@code jdx images} and {@code index rm} shows it. */
    static Map<String, Object> imageJson(IndexedImage i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ref", i.displayName());
        m.put("refs", i.document().refs());
        m.put("id", i.key());
        m.put("manifestDigest", i.document().manifestDigest() == null ? null : i.document().manifestDigest().toString());
        m.put("platform", i.document().platform());
        m.put("size", i.size());
        m.put("storedSize", i.storedSize() < 0 ? null : i.storedSize());
        m.put("layers", i.document().layers().size());
        m.put("files", i.files());
        m.put("entries", i.entries());
        m.put("user", i.document().user());
        m.put("exposedPorts", i.document().exposedPorts());
        m.put("os", i.document().os());
        m.put("baseImage", i.document().baseImage());
        m.put("indexedAt", i.indexedAt().toString());
        return m;
    }

    /** A file entry as the JSON of {@code jdx search} and {@code jdx ls} shows it. */
    static Map<String, Object> hitJson(FileHit h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", h.image());
        m.put("imageId", h.imageKey());
        m.put("layer", h.layer());
        m.put("path", h.path());
        m.put("type", h.type());
        m.put("size", h.size());
        m.put("mode", String.format("%04o", h.mode()));
        m.put("uid", h.uid());
        m.put("gid", h.gid());
        m.put("mtime", h.mtime());
        m.put("linkTarget", h.linkTarget());
        m.put("sha256", h.sha256());
        m.put("status", h.status());
        m.put("shadowedBy", h.shadowedBy());
        m.put("final", h.inFinal());
        return m;
    }

    static String shortId(String key) {
        int colon = key.indexOf(':');
        String hex = colon < 0 ? key : key.substring(colon + 1);
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    /** A plain-text table: columns padded to their widest cell, two spaces apart; right-aligned columns for numbers. */
    static final class Table {
        private final String[] headers;
        private final boolean[] right;
        private final List<String[]> rows = new ArrayList<>();

        Table(String... headers) {
            this.headers = headers;
            this.right = new boolean[headers.length];
        }

        Table right(int... columns) {
            for (int c : columns) right[c] = true;
            return this;
        }

        void add(Object... cells) {
            String[] r = new String[headers.length];
            for (int i = 0; i < r.length; i++) r[i] = i < cells.length && cells[i] != null ? cells[i].toString() : "";
            rows.add(r);
        }

        boolean isEmpty() {
            return rows.isEmpty();
        }

        void print(PrintWriter out) {
            int[] w = new int[headers.length];
            for (int i = 0; i < w.length; i++) w[i] = headers[i].length();
            for (String[] r : rows) for (int i = 0; i < w.length; i++) w[i] = Math.max(w[i], r[i].length());
            line(out, headers, w);
            for (String[] r : rows) line(out, r, w);
        }

        private void line(PrintWriter out, String[] cells, int[] w) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) sb.append("  ");
                boolean last = i == cells.length - 1;
                String c = cells[i];
                if (right[i]) sb.append(" ".repeat(w[i] - c.length())).append(c);
                else sb.append(c).append(last ? "" : " ".repeat(w[i] - c.length()));
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
