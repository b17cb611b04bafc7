package dev.jdx.cli;

import dev.jdx.image.Image;
import dev.jdx.image.ImageRef;
import dev.jdx.image.Platform;
import dev.jdx.image.Verification;
import dev.jdx.image.source.ImageSelection;
import dev.jdx.image.write.ImageWriter;
import dev.jdx.registry.RegistrySettings;
import dev.jdx.registry.RegistrySource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jdx pull REF --output PATH}: saves a registry image as an OCI layout, OCI archive or docker-archive. */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = "Download an image from a registry (no daemon) and save it for offline use.",
        footer = {"", "Examples:", "  jdx pull alpine:3.19 -o alpine.tar --format docker-archive",
                "  jdx pull ghcr.io/org/app@sha256:... -o app-oci --platform linux/arm64"})
public final class PullCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "REF", description = "[registry[:port]/]repository[:tag][@sha256:...], optionally prefixed docker:// or registry:")
    String reference;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "PATH", description = "Where to write the image; must not exist.")
    Path output;

    @Option(names = "--format", defaultValue = "oci", paramLabel = "FORMAT", description = "oci (a layout directory), oci-archive or docker-archive (default: ${DEFAULT-VALUE}).")
    String format;

    @Mixin
    RegistryOptions registry = new RegistryOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ImageRef ref;
        ImageWriter.Format fmt;
        Platform platform;
        RegistrySettings settings;
        try {
            ref = ImageRef.parse(reference);
            fmt = ImageWriter.Format.parse(format);
            platform = registry.platform();
            if (Files.exists(output)) throw new IllegalArgumentException("output " + output + " already exists");
            settings = registry.settings(ref);
        } catch (IllegalArgumentException e) {
            err.println(Errors.line(e.getMessage()));
            return ExitCode.USAGE;
        } catch (IOException e) {
            err.println(Errors.line(e.getMessage()));
            return ExitCode.INPUT;
        }
        try (RegistrySource src = new RegistrySource(ref, settings)) {
            Image image = src.resolve(new ImageSelection(null, platform, Verification.strict()));
            src.prefetch(image);
            String name = fmt == ImageWriter.Format.DOCKER_ARCHIVE
                    ? (ref.tag() == null ? null : ref.name() + ":" + ref.tag())
                    : ref.tag();
            new ImageWriter(fmt).write(image, src.manifestBytes(image.manifestDigest()), name, output);
            out.printf(Locale.ROOT, "pulled %s (%s)%n", ref, image.platform());
            out.printf(Locale.ROOT, "  manifest %s%n", image.manifestDigest());
            out.printf(Locale.ROOT, "  config   %s%n", image.id());
            out.printf(Locale.ROOT, "  layers   %d, %s compressed%n", image.layers().size(), dev.jdx.check.ByteSize.format(image.compressedSize()));
            out.printf(Locale.ROOT, "  wrote    %s (%s)%n", output, fmt.label());
            out.flush();
            return ExitCode.OK;
        } catch (FileAlreadyExistsException e) {
            err.println(Errors.line("output " + output + " already exists"));
            return ExitCode.USAGE;
        } catch (IOException e) {
            err.println(Errors.line(e.getMessage()));
            return ExitCode.INPUT;
        } catch (RuntimeException e) {
            err.println(Errors.line("internal error while pulling " + ref + ": " + e));
            return ExitCode.INTERNAL;
        }
    }
}
