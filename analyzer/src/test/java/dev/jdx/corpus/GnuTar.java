package dev.jdx.corpus;

import dev.jdx.fixtures.Requirements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** An independent reading of a layer blob: GNU tar's verbose listing (it detects gzip and zstd by itself). */
final class GnuTar {
    record Listing(int entries, long bytes) {}

    private GnuTar() {}

    static Listing list(Path blob) throws IOException, InterruptedException {
        Path tar = Requirements.tool("tar");
        Process p = new ProcessBuilder(tar.toString(), "--numeric-owner", "-tvf", blob.toString())
                .redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("tar -tvf " + blob + " failed: " + err);
        }
        int n = 0;
        long bytes = 0;
        for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) continue;
            // "-rw-r--r-- 0/0  1234 2020-01-01 00:00 path"; devices show "major,minor" in the size column
            String[] f = line.trim().split("\\s+", 4);
            n++;
            if (f.length >= 3 && f[2].matches("\\d+") && (line.charAt(0) == '-')) bytes += Long.parseLong(f[2]);
        }
        return new Listing(n, bytes);
    }

    static List<String> names(Path blob) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Requirements.tool("tar").toString(), "-tf", blob.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return List.of(out.split("\n"));
    }
}
