package dev.jdx.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run behind {@code cli/target/jdx.aot}, the JDK 25+ ahead-of-time cache the {@code ./jdx} launcher
 * starts with (JEP 483 class loading and linking, JEP 515 method profiles). Run by the build at {@code package} as
 * {@code java -XX:AOTCacheOutput=target/jdx.aot -cp target/jdx.jar dev.jdx.cli.AotTraining DEMO_IMAGE WORK_DIR}: it
 * runs the common commands once in one JVM, so the cache holds the classes they load already parsed and linked, and
 * the JIT starts from their profiles. Not a user command; everything it writes stays under WORK_DIR.
 */
public final class AotTraining {
    private AotTraining() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: AotTraining DEMO_IMAGE WORK_DIR");
            System.exit(2);
        }
        String image = args[0];
        Path work = Path.of(args[1]);
        Files.createDirectories(work);
        String index = work.resolve("index").toString();
        List<String[]> commands = new ArrayList<>();
        commands.add(new String[] {"--version"});
        commands.add(new String[] {"--help"});
        commands.add(new String[] {"inspect", image});
        commands.add(new String[] {"inspect", "-q", "--index", index, "--json", work.resolve("r.json").toString(),
                "--html", work.resolve("r.html").toString(), "--sarif", work.resolve("r.sarif").toString(), image});
        commands.add(new String[] {"inspect", "-q", "--no-index", "--no-hash", image});
        commands.add(new String[] {"search", "--index", index, "name:*.so* OR size:>1k"});
        commands.add(new String[] {"images", "--index", index});
        commands.add(new String[] {"ls", "--index", index, image, "/"});
        PrintStream out = System.out, err = System.err;
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        int failed = 0;
        try {
            System.setOut(nowhere);
            System.setErr(nowhere);
            for (String[] c : commands) {
                if (JdxCommand.run(c) > 1) failed++;
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        // a failing command trains less, it does not break the build: the cache is an optimisation
        if (failed > 0) System.err.println("AotTraining: " + failed + " of " + commands.size() + " commands failed");
    }
}
