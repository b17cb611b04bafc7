package dev.jdx.cli;

import dev.jdx.index.FileIndex;
import dev.jdx.index.IndexStats;
import dev.jdx.index.IndexedImage;
import dev.jdx.index.Sizes;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jdx index}: manage the index ({@code rm}, {@code stats}). */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = "Manage the index of inspected images (jdx inspect adds to it; jdx search, images and ls read it).",
        subcommands = {IndexCommand.Rm.class, IndexCommand.Stats.class})
final class IndexCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return SubcommandGroup.missing(spec);
    }

    /** {@code jdx index rm REF|DIGEST}. */
    @Command(name = "rm", mixinStandardHelpOptions = true,
            description = "Remove one image (every ref to its digest) from the index.",
            footer = {"", "Exit codes: 0 removed, 2 ambiguous name, 3 not indexed."})
    static final class Rm implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "REF|DIGEST", description = "A ref, an image or manifest digest, or a digest prefix.")
        String image;

        @Mixin
        IndexOptions indexOptions = new IndexOptions();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return IndexCli.run(spec, () -> {
                PrintWriter out = spec.commandLine().getOut();
                try (FileIndex index = indexOptions.open(spec.commandLine().getErr())) {
                    IndexedImage i = index.require(image);
                    index.remove(i.key());
                    out.println("removed " + String.join(", ", i.document().refs().isEmpty()
                            ? java.util.List.of(IndexCli.shortId(i.key())) : i.document().refs())
                            + " (" + i.key() + ", " + String.format(Locale.ROOT, "%,d", i.entries()) + " file entries)");
                    return ExitCode.OK;
                }
            });
        }
    }

    /** {@code jdx index stats}. */
    @Command(name = "stats", mixinStandardHelpOptions = true, description = "Show what the index holds and its size on disk.")
    static final class Stats implements Callable<Integer> {
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Mixin
        IndexOptions indexOptions = new IndexOptions();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return IndexCli.run(spec, () -> {
                PrintWriter out = spec.commandLine().getOut();
                try (FileIndex index = indexOptions.open(spec.commandLine().getErr())) {
                    IndexStats s = index.stats();
                    if (json) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("directory", s.directory().toString());
                        m.put("images", s.images());
                        m.put("layers", s.layerDocuments());
                        m.put("files", s.fileDocuments());
                        m.put("documents", s.documents());
                        m.put("deletedDocuments", s.deletedDocuments());
                        m.put("bytesOnDisk", s.bytesOnDisk());
                        m.put("segments", s.segments());
                        IndexCli.printJson(out, m);
                        return ExitCode.OK;
                    }
                    out.println("index:     " + s.directory());
                    out.println("images:    " + n(s.images()));
                    out.println("layers:    " + n(s.layerDocuments()));
                    out.println("files:     " + n(s.fileDocuments()) + " entries");
                    out.println("documents: " + n(s.documents())
                            + (s.deletedDocuments() > 0 ? " (+" + n(s.deletedDocuments()) + " deleted, not yet merged away)" : ""));
                    out.println("on disk:   " + Sizes.format(s.bytesOnDisk()) + " in " + s.segments() + " segment"
                            + (s.segments() == 1 ? "" : "s")
                            + (s.fileDocuments() > 0 ? String.format(Locale.ROOT, " (%.0f bytes per file entry)",
                            (double) s.bytesOnDisk() / s.fileDocuments()) : ""));
                    return ExitCode.OK;
                }
            });
        }

        private static String n(long v) {
            return String.format(Locale.ROOT, "%,d", v);
        }
    }
}
