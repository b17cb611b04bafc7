package dev.jdx.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jdx.check.dockerignore.BuildContext;
import dev.jdx.check.dockerignore.Builder;
import dev.jdx.check.dockerignore.ContextFile;
import dev.jdx.check.dockerignore.ContextListing;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jdx context}: lists exactly the files a build of a directory would send, as a given builder sees it. */
@Command(name = "context", mixinStandardHelpOptions = true,
        description = "List the files a docker/buildah build of DIR would send (after .dockerignore), with sizes and total.")
public final class ContextCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Build context directory (default: .)")
    Path dir = Path.of(".");

    @Option(names = {"-f", "--file"}, paramLabel = "DOCKERFILE", description = "Dockerfile (default: DIR/Dockerfile)")
    Path dockerfile;

    @Option(names = "--builder", paramLabel = "legacy|buildkit|buildah", description = "Whose rules to apply (default: ${DEFAULT-VALUE})")
    String builder = "buildkit";

    @Option(names = "--json", description = "Print {files: [{path, size}], totalBytes, ignoreFile, builder}")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Builder b;
        try {
            b = Builder.parse(builder);
        } catch (IllegalArgumentException e) {
            err.println(Errors.line(e.getMessage()));
            err.flush();
            return ExitCode.USAGE;
        }
        try {
            ContextListing listing = BuildContext.list(dir, dockerfile, b);
            if (json) out.println(toJson(listing));
            else printText(out, listing);
            out.flush();
            return ExitCode.OK;
        } catch (IOException e) {
            err.println(Errors.line(e.getMessage()));
            err.flush();
            return ExitCode.INPUT;
        } catch (RuntimeException e) {
            err.println(Errors.line("internal error: " + e));
            err.flush();
            return ExitCode.INTERNAL;
        }
    }

    static String toJson(ContextListing listing) throws IOException {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        ArrayNode files = root.putArray("files");
        ArrayNode notCopyable = m.createArrayNode();
        for (ContextFile f : listing.files()) {
            files.addObject().put("path", f.path()).put("size", f.size());
            if (!f.copyable()) notCopyable.add(f.path());
        }
        root.put("totalBytes", listing.totalBytes());
        root.put("ignoreFile", listing.ignoreFile());
        root.put("builder", listing.builder().label());
        root.put("dockerfile", listing.dockerfile());
        root.set("notCopyable", notCopyable);
        return m.writeValueAsString(root);
    }

    private static void printText(PrintWriter out, ContextListing listing) {
        int width = Long.toString(listing.files().stream().mapToLong(ContextFile::size).max().orElse(0)).length();
        for (ContextFile f : listing.files()) {
            out.printf(Locale.ROOT, "%" + width + "d  %s%s%n", f.size(), f.path(), f.copyable() ? "" : "  (sent, but COPY cannot use it)");
        }
        out.printf(Locale.ROOT, "%d files, %d bytes (%s) sent to the %s builder; ignore file: %s%n", listing.files().size(),
                listing.totalBytes(), dev.jdx.check.ByteSize.formatIec(listing.totalBytes()), listing.builder().label(),
                listing.ignoreFile() == null ? "none" : listing.ignoreFile());
    }
}
