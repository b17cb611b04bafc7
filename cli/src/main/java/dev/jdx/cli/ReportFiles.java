package dev.jdx.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes report files whole or not at all: into a temporary file beside the target, then moved over it, so an
 * error or a kill never leaves a partial report. {@code -} means standard output.
 */
final class ReportFiles {
    private ReportFiles() {}

    interface Body {
        void write(OutputStream out) throws IOException;
    }

    static void write(String target, PrintStream stdout, Body body) throws IOException {
        if (target.equals("-")) {
            body.write(stdout);
            stdout.flush();
            return;
        }
        Path dest = Path.of(target).toAbsolutePath();
        Path dir = dest.getParent();
        if (dir != null && !Files.isDirectory(dir)) throw new java.nio.file.NoSuchFileException(dir.toString());
        Path tmp = Files.createTempFile(dir, "." + dest.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                body.write(out);
            }
            // temp files are created owner-only; a report is an artifact others read (CI, shared folders)
            try {
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX filesystem: keep the default
            }
            try {
                Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
