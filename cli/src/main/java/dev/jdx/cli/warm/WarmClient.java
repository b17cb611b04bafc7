package dev.jdx.cli.warm;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * The launcher's side of a warm run: connects to the server (waiting while one the launcher has just started binds
 * its socket), sends the command line, copies the server's output to this process's stdout and stderr, and exits
 * with the command's exit code. Exits {@link #UNAVAILABLE} when no server can take the run (none running, stale
 * socket, busy), and the launcher then runs jdx in a process of its own.
 *
 * <p>Usage: {@code WarmClient SOCKET SERVER_PID ARGS...}; SERVER_PID is the server the launcher started for this
 * run, or 0 when the socket was already there.
 */
public final class WarmClient {
    /** Exit status that tells the launcher to run jdx itself (EX_TEMPFAIL; no jdx command exits with it). */
    public static final int UNAVAILABLE = 75;
    private static final int INTERNAL = 4; // ExitCode.INTERNAL, not loaded here to keep start-up small
    private static final long START_TIMEOUT_MILLIS = Long.getLong("jdx.warm.startTimeout", 60) * 1000;

    private WarmClient() {}

    public static void main(String[] a) {
        if (a.length < 2) {
            System.err.println("usage: WarmClient SOCKET SERVER_PID ARGS...");
            System.exit(INTERNAL);
        }
        Path socket = Path.of(a[0]);
        long serverPid = Long.parseLong(a[1]);
        List<String> args = Arrays.asList(Arrays.copyOfRange(a, 2, a.length));
        SocketChannel ch = connect(socket, serverPid);
        if (ch == null) System.exit(UNAVAILABLE);
        System.exit(run(ch, socket, args));
    }

    /** Null when no server will answer on {@code socket}. */
    static SocketChannel connect(Path socket, long serverPid) {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(socket);
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (true) {
            try {
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    ch.connect(address);
                    return ch;
                } catch (IOException e) {
                    ch.close();
                    throw e;
                }
            } catch (IOException e) {
                if (serverPid <= 0) {
                    // a socket nobody listens on: its server was killed. Removed, so the next run starts one.
                    removeStale(socket);
                    return null;
                }
                if (!ProcessHandle.of(serverPid).map(ProcessHandle::isAlive).orElse(false) || System.currentTimeMillis() > deadline) {
                    return null; // the server the launcher started did not come up (its log says why)
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return null;
            }
        }
    }

    /** Deletes {@code socket} unless a server holds its lock (one that is starting and about to bind it). */
    static void removeStale(Path socket) {
        Path lockFile = socket.resolveSibling(socket.getFileName() + ".lock");
        try (FileChannel lock = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            if (lock.tryLock() != null) Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // no lock file, or no right to it: leave the socket alone
        }
    }

    private static int run(SocketChannel ch, Path socket, List<String> args) {
        FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
        FileOutputStream stderr = new FileOutputStream(FileDescriptor.err);
        boolean started = false, stdoutOpen = true, stderrOpen = true;
        try {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch)));
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch), 1 << 16));
            WarmProtocol.writeHello(out, new WarmProtocol.Hello(Boolean.getBoolean("jdx.stderr.tty"), args));
            while (true) {
                byte type = in.readByte();
                started = true;
                switch (type) {
                    case WarmProtocol.STDOUT -> stdoutOpen = copy(WarmProtocol.readPayload(in), stdout, stdoutOpen);
                    case WarmProtocol.STDERR -> stderrOpen = copy(WarmProtocol.readPayload(in), stderr, stderrOpen);
                    case WarmProtocol.WANT_STDIN -> {
                        WarmProtocol.readPayload(in);
                        Thread.ofPlatform().daemon().name("jdx-warm-stdin").start(() -> pumpStdin(out));
                    }
                    case WarmProtocol.EXIT -> {
                        byte[] code = WarmProtocol.readPayload(in);
                        return java.nio.ByteBuffer.wrap(code).getInt();
                    }
                    case WarmProtocol.BUSY -> {
                        return UNAVAILABLE;
                    }
                    default -> throw new IOException("unexpected frame " + (char) type);
                }
            }
        } catch (EOFException e) {
            if (!started) return UNAVAILABLE; // closed before answering: nothing ran, so running jdx here is safe
            System.err.println("jdx: the warm jdx server stopped before the command finished (its log: "
                    + socket.resolveSibling(socket.getFileName().toString().replaceFirst("\\.sock$", ".log"))
                    + "); JDX_WARM=0 runs jdx without it");
            return INTERNAL;
        } catch (IOException e) {
            if (!started) return UNAVAILABLE;
            System.err.println("jdx: lost the warm jdx server: " + e.getMessage() + "; JDX_WARM=0 runs jdx without it");
            return INTERNAL;
        }
    }

    /**
     * Writes to one of this process's outputs while it takes data. A closed pipe ({@code jdx inspect ... | head}) ends
     * that output only: the run goes on and its exit code stands, as in a jdx process of its own, whose System.out
     * drops what it cannot write.
     */
    private static boolean copy(byte[] data, FileOutputStream to, boolean open) {
        if (!open) return false;
        try {
            to.write(data);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void pumpStdin(DataOutputStream out) {
        byte[] buf = new byte[1 << 16];
        try (FileInputStream in = new FileInputStream(FileDescriptor.in)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (out) {
                    WarmProtocol.writeFrame(out, WarmProtocol.STDIN, buf, 0, n);
                }
            }
            synchronized (out) {
                WarmProtocol.writeFrame(out, WarmProtocol.STDIN_END, buf, 0, 0);
            }
        } catch (IOException ignored) {
            // the run ended, or the server went away: the main thread reports that
        }
    }
}
