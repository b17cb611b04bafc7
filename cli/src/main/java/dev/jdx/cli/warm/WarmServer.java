package dev.jdx.cli.warm;

import dev.jdx.cli.ExitCode;
import dev.jdx.cli.JdxCommand;
import dev.jdx.cli.Main;
import dev.jdx.image.GzipDecoder;
import dev.jdx.image.SingleByteRead;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Serves jdx command lines on a Unix socket, one at a time, each exactly as {@link Main} runs one in a fresh process.
 *
 * <p>Why that holds: the launcher keys each server by everything a run depends on besides its arguments (the JVM,
 * the jar, the JVM options, the working directory, the umask and the whole environment), so relative paths,
 * {@code System.getenv} and the credentials files all resolve as in the client's own process; jdx keeps no mutable
 * static state between runs; and each request gets its own standard streams. A second client while one runs is told
 * {@link WarmProtocol#BUSY} and runs in its own process instead. When the client goes away mid-run (Ctrl-C), the
 * server exits the way that process would have, shutdown hooks and all; after {@code jdx.warm.idle} seconds without
 * a request (default 600) it exits too, and so does the least recently used idle server when more than
 * {@code jdx.warm.max} (default 2) are up.
 */
public final class WarmServer {
    /** The socket path; set by the launcher on the server's JVM. */
    public static final String SOCKET_PROPERTY = "jdx.warm.socket";
    /** Seconds without a request before the server exits. */
    public static final String IDLE_PROPERTY = "jdx.warm.idle";
    /** What the client's launcher passes for a terminal on stderr (see {@code Progress}). */
    private static final String TTY_PROPERTY = "jdx.stderr.tty";

    /** How many servers a user may have up at once; beyond it the least recently used idle one exits. */
    public static final String MAX_PROPERTY = "jdx.warm.max";

    private final ServerSocketChannel server;
    private final Path socket;
    private final long idleMillis;
    private final int maxServers = Math.max(1, Integer.getInteger(MAX_PROPERTY, 2));
    private final AtomicBoolean busy = new AtomicBoolean();
    private final PrintStream log = System.err;
    private final PrintStream logOut = System.out;
    private final InputStream nullIn = System.in;
    private volatile long lastActive = System.currentTimeMillis();
    private volatile boolean stopping;
    private int served;
    private final Path jar = ownJar();
    private final String jarStamp = stamp(jar);

    private WarmServer(ServerSocketChannel server, Path socket, long idleMillis) {
        this.server = server;
        this.socket = socket;
        this.idleMillis = idleMillis;
    }

    /** Binds the socket and serves until idle; returns the exit status of the server's JVM. */
    public static int serve(String socketPath) {
        Path socket = Path.of(socketPath).toAbsolutePath();
        long idleSeconds = Long.getLong(IDLE_PROPERTY, 600);
        // one server per socket: the lock is held for the server's life, so two launchers that both found no
        // socket start one server between them (the other exits at once and its client runs jdx itself)
        Path lockFile = socket.resolveSibling(socket.getFileName() + ".lock");
        try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = awaitLock(lockChannel, socket)) {
            if (lock == null) {
                System.err.println(Instant.now() + " another server holds " + lockFile + "; exiting");
                return 0;
            }
            Files.deleteIfExists(socket); // left by a server that was killed
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(socket), "jdx-warm-socket-cleanup"));
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(socket));
                System.err.println(Instant.now() + " serving on " + socket + " (pid " + ProcessHandle.current().pid()
                        + ", exits after " + idleSeconds + " s idle)");
                // ISA-L's one-time start (0.1-0.2 s) is paid once per server, so every gzip layer it serves gets igzip,
                // not only those of the large images that start it in a one-shot process
                Thread.ofPlatform().daemon().name("jdx-warm-gzip").start(() ->
                        System.err.println(Instant.now() + " gzip: " + GzipDecoder.nativeDecoder().map(GzipDecoder.Native::description)
                                .orElse(GzipDecoder.description())));
                new WarmServer(server, socket, idleSeconds * 1000).run();
            }
        } catch (IOException | RuntimeException e) {
            System.err.println(Instant.now() + " cannot serve on " + socket + ": " + e);
            return 1;
        }
        return 0;
    }

    /**
     * The server lock, or null when another server has it. A held lock with no socket belongs to a server that is
     * either starting (its socket appears within moments: leave it the place) or exiting (it removed its socket in a
     * shutdown hook and releases the lock when its JVM ends: wait for it). Without the wait, a run started right
     * after Ctrl-C stopped the previous one found the lock still held and ran in a JVM of its own.
     */
    private static FileLock awaitLock(FileChannel channel, Path socket) throws IOException {
        long deadline = System.nanoTime() + LOCK_WAIT_NANOS;
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null || Files.exists(socket) || System.nanoTime() > deadline) return lock;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private static final long LOCK_WAIT_NANOS = 10_000_000_000L;

    private void run() throws IOException {
        Thread.ofPlatform().daemon().name("jdx-warm-idle").start(this::exitWhenIdle);
        while (true) {
            SocketChannel ch = server.accept();
            Thread.ofPlatform().name("jdx-warm-connection").start(() -> connection(ch));
        }
    }

    /** One connection: a command line to run, or a question from {@code jdx server}. */
    private void connection(SocketChannel ch) {
        DataInputStream in;
        DataOutputStream out;
        byte type;
        try {
            in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch)));
            out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch)));
            type = in.readByte();
            if (type == WarmProtocol.CONTROL) {
                control(ch, in, out);
                return;
            }
            if (type != WarmProtocol.HELLO) throw new IOException("the client did not start with a command line");
            if (!busy.compareAndSet(false, true)) {
                // the client runs jdx in its own JVM instead
                WarmProtocol.writeFrame(out, WarmProtocol.BUSY, new byte[0], 0, 0);
                ch.close();
                return;
            }
        } catch (IOException e) {
            log.println(Instant.now() + " connection: " + e);
            closeQuietly(ch);
            return;
        }
        lastActive = System.currentTimeMillis();
        try {
            handle(ch, in, out);
        } finally {
            lastActive = System.currentTimeMillis();
            touchSocket();
            busy.set(false);
        }
        if (stopping) exitStopped();
        // the run's garbage would otherwise stay resident until the next run: give it back while idle
        System.gc();
    }

    /** Answers {@code jdx server status} with one tab-separated line, and {@code jdx server stop}. */
    private void control(SocketChannel ch, DataInputStream in, DataOutputStream out) throws IOException {
        String what = new String(WarmProtocol.readPayload(in), StandardCharsets.UTF_8);
        try (ch) {
            String reply;
            if (what.equals("status")) {
                long idle = busy.get() ? 0 : (System.currentTimeMillis() - lastActive) / 1000;
                reply = ProcessHandle.current().pid() + "\t" + served + "\t" + (busy.get() ? "running" : idle + "s") + "\t"
                        + rssKib() + "\t" + System.getProperty("user.dir") + "\n";
            } else if (what.equals("stop")) {
                reply = busy.get() ? "stopping after its run\n" : "stopped\n";
                stopping = true;
            } else {
                throw new IOException("unknown control request " + what);
            }
            byte[] b = reply.getBytes(StandardCharsets.UTF_8);
            WarmProtocol.writeFrame(out, WarmProtocol.STDOUT, b, 0, b.length);
            WarmProtocol.writeExit(out, 0);
        }
        if (stopping && busy.compareAndSet(false, true)) exitStopped(); // not running: now (a run starting meanwhile is refused)
    }

    private void exitStopped() {
        log.println(Instant.now() + " stopped by jdx server stop after " + served + " request(s)");
        System.exit(0);
    }

    /** This process's resident memory in KiB, or -1. */
    private static long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to tell the client
        }
    }

    private void exitWhenIdle() {
        while (true) {
            try {
                Thread.sleep(Math.min(1000, Math.max(50, idleMillis / 4)));
            } catch (InterruptedException e) {
                return;
            }
            if (busy.get()) continue;
            if (System.currentTimeMillis() - lastActive >= idleMillis) {
                log.println(Instant.now() + " idle; exiting after " + served + " request(s)");
                System.exit(0);
            }
            if (leastRecentlyUsedBeyondLimit()) {
                log.println(Instant.now() + " more than " + maxServers + " servers; the least recently used exits after " + served + " request(s)");
                System.exit(0);
            }
            if (!jarStamp.equals(stamp(jar))) {
                // rebuilt: the launcher keys servers by the jars, so no run will come here again
                log.println(Instant.now() + " " + jar + " or a library beside it changed; exiting after " + served + " request(s)");
                System.exit(0);
            }
        }
    }

    /**
     * Whether more than {@code jdx.warm.max} servers of this user are up and this one was used least recently (its
     * socket's modification time, set after each request). Each working directory or environment gets a server of
     * its own, so without a limit a user who moves between projects, or a tool that changes one variable on every
     * run, would leave one idle JVM per run.
     */
    private boolean leastRecentlyUsedBeyondLimit() {
        try (Stream<Path> s = Files.list(socket.getParent())) {
            List<Path> sockets = s.filter(p -> p.getFileName().toString().endsWith(".sock")).toList();
            if (sockets.size() <= maxServers) return false;
            Path oldest = null;
            long oldestTime = Long.MAX_VALUE;
            for (Path p : sockets) {
                long t;
                try {
                    t = Files.getLastModifiedTime(p).toMillis();
                } catch (IOException e) {
                    continue; // exited meanwhile
                }
                if (t < oldestTime || (t == oldestTime && p.compareTo(oldest) < 0)) {
                    oldest = p;
                    oldestTime = t;
                }
            }
            return socket.equals(oldest);
        } catch (IOException e) {
            return false;
        }
    }

    private void touchSocket() {
        try {
            Files.setLastModifiedTime(socket, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException ignored) {
            // only the choice of which server exits first depends on it
        }
    }

    private void handle(SocketChannel ch, DataInputStream in, DataOutputStream rawOut) {
        int number = ++served;
        long start = System.nanoTime();
        boolean outOfMemory = false;
        try (ch) {
            Sink sink = new Sink(rawOut);
            WarmProtocol.Hello hello = WarmProtocol.readHello(in);
            RequestStdin stdin = new RequestStdin(sink);
            AtomicBoolean finished = new AtomicBoolean();
            Thread reader = Thread.ofPlatform().daemon().name("jdx-warm-client-reader").start(() -> readClient(in, stdin, finished, number));
            Charset cs = outputCharset();
            PrintStream out = new PrintStream(new BufferedOutputStream(new FrameStream(sink, WarmProtocol.STDOUT), 1 << 16), false, cs);
            PrintStream err = new PrintStream(new BufferedOutputStream(new FrameStream(sink, WarmProtocol.STDERR), 1 << 13), true, cs);
            int code;
            System.setOut(out);
            System.setErr(err);
            System.setIn(stdin);
            System.setProperty(TTY_PROPERTY, Boolean.toString(hello.stderrTty()));
            try {
                code = JdxCommand.run(hello.args().toArray(String[]::new));
            } catch (OutOfMemoryError e) {
                outOfMemory = true;
                err.println(Main.outOfMemoryMessage());
                code = ExitCode.INTERNAL;
            } catch (RuntimeException | StackOverflowError e) {
                e.printStackTrace(log);
                err.println("jdx: internal error: " + e);
                code = ExitCode.INTERNAL;
            } finally {
                out.flush();
                err.flush();
                System.setOut(logOut);
                System.setErr(log);
                System.setIn(nullIn);
                System.clearProperty(TTY_PROPERTY);
            }
            finished.set(true);
            sink.exit(code);
            String command = hello.args().stream().filter(a -> !a.startsWith("-")).findFirst().orElse("");
            log.printf("%s request %d (%s): exit %d in %.2f s%n", Instant.now(), number, command, code, (System.nanoTime() - start) / 1e9);
            reader.interrupt();
        } catch (IOException e) {
            log.println(Instant.now() + " request " + number + ": " + e);
        }
        if (outOfMemory) {
            // a heap that ran out may hold anything; the next run gets a fresh server
            log.println(Instant.now() + " out of memory; exiting");
            System.exit(0);
        }
    }

    /** Reads standard input frames; the client's end of the socket closing before the exit frame means Ctrl-C. */
    private void readClient(DataInputStream in, RequestStdin stdin, AtomicBoolean finished, int number) {
        try {
            while (true) {
                byte type = in.readByte();
                if (type == WarmProtocol.STDIN) {
                    stdin.offer(WarmProtocol.readPayload(in));
                } else if (type == WarmProtocol.STDIN_END) {
                    WarmProtocol.readPayload(in);
                    stdin.end();
                } else {
                    throw new IOException("unexpected frame " + (char) type);
                }
            }
        } catch (IOException e) {
            if (finished.get()) return;
            // as a jdx process would on SIGINT: exit, and the shutdown hooks remove spools and partial files
            log.println(Instant.now() + " request " + number + ": the client went away (" + (e instanceof EOFException ? "closed" : e) + "); exiting");
            System.exit(130);
        }
    }

    /**
     * The jar this JVM runs: the class path as the launcher gave it to {@code -jar} (the code source is the jar with
     * its symbolic links resolved, and the libraries watched are the ones beside the path the launcher named).
     */
    private static Path ownJar() {
        try {
            String cp = System.getProperty("java.class.path", "");
            if (cp.endsWith(".jar") && !cp.contains(java.io.File.pathSeparator)) return Path.of(cp).toAbsolutePath();
            return Path.of(WarmServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * Modification time and size of the jar {@code p} and of each jar in the {@code lib} directory beside it (its
     * class path: a change in analyzer/ rebuilds a library and not jdx.jar): "" when the jar is unknown, "gone" when
     * it cannot be read.
     */
    private static String stamp(Path p) {
        if (p == null) return "";
        StringBuilder sb = new StringBuilder();
        try {
            sb.append(Files.getLastModifiedTime(p).toMillis()).append('.').append(Files.size(p));
            Path lib = p.resolveSibling("lib");
            if (Files.isDirectory(lib)) {
                try (java.util.stream.Stream<Path> jars = Files.list(lib)) {
                    for (Path j : jars.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                        sb.append(' ').append(j.getFileName()).append('=').append(Files.getLastModifiedTime(j).toMillis()).append('.').append(Files.size(j));
                    }
                }
            }
            return sb.toString();
        } catch (IOException e) {
            return "gone";
        }
    }

    private static Charset outputCharset() {
        String name = System.getProperty("stdout.encoding");
        try {
            return name != null ? Charset.forName(name) : Charset.defaultCharset();
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a socket file left behind is removed by the next server
        }
    }

    /** Writes whole frames to the client, from the request thread and the command's own threads alike. */
    private static final class Sink {
        private final DataOutputStream out;

        Sink(DataOutputStream out) {
            this.out = out;
        }

        synchronized void frame(byte type, byte[] b, int off, int len) throws IOException {
            WarmProtocol.writeFrame(out, type, b, off, len);
        }

        synchronized void exit(int code) throws IOException {
            WarmProtocol.writeExit(out, code);
        }
    }

    private static final class FrameStream extends OutputStream {
        private final Sink sink;
        private final byte type;

        FrameStream(Sink sink, byte type) {
            this.sink = sink;
            this.type = type;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > 0) sink.frame(type, b, off, len);
        }
    }

    /** The client's standard input, asked for on the first read only (most commands never read it). */
    private static final class RequestStdin extends InputStream {
        private static final byte[] END = new byte[0];
        private final Sink sink;
        private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
        private boolean asked;
        private boolean ended;
        private byte[] current = new byte[0];
        private int pos;

        RequestStdin(Sink sink) {
            this.sink = sink;
        }

        void offer(byte[] chunk) {
            if (chunk.length > 0) chunks.add(chunk);
        }

        void end() {
            chunks.add(END);
        }

        @Override
        public int read() throws IOException {
            return SingleByteRead.of(this);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            while (pos == current.length) {
                if (ended) return -1;
                if (!asked) {
                    asked = true;
                    sink.frame(WarmProtocol.WANT_STDIN, new byte[0], 0, 0);
                }
                try {
                    current = chunks.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading standard input");
                }
                pos = 0;
                if (current == END) {
                    ended = true;
                    return -1;
                }
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
