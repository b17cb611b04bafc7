package dev.jdx.cli.warm;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** What {@code jdx server} asks this user's warm servers: how they are, and to stop. */
public final class WarmControl {
    private WarmControl() {}

    /** One server as it answers {@code status}. */
    public record Server(long pid, int runs, String state, long rssKib, String directory) {}

    /** The directory of this user's servers, as the launcher names it: {@code ${XDG_RUNTIME_DIR:-/tmp}/jdx-warm-UID}. */
    public static Path directory(Map<String, String> env) throws IOException {
        String base = env.getOrDefault("XDG_RUNTIME_DIR", "");
        Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid"); // the effective uid, as `id -u` prints
        return Path.of(base.isEmpty() ? "/tmp" : base, "jdx-warm-" + uid);
    }

    /** The servers that answer; sockets nobody listens on any more are removed on the way. */
    public static List<Server> status(Path dir) throws IOException {
        List<Server> servers = new ArrayList<>();
        for (Path socket : sockets(dir)) {
            String line = ask(socket, "status");
            if (line == null) continue;
            String[] f = line.strip().split("\t", 5);
            if (f.length < 5) continue;
            servers.add(new Server(Long.parseLong(f[0]), Integer.parseInt(f[1]), f[2], Long.parseLong(f[3]), f[4]));
        }
        return servers;
    }

    /** Asks every server to stop (a running one after its run); returns how many answered. */
    public static int stop(Path dir) throws IOException {
        int n = 0;
        for (Path socket : sockets(dir)) {
            if (ask(socket, "stop") != null) n++;
        }
        return n;
    }

    private static List<Path> sockets(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".sock")).sorted().toList();
        }
    }

    /** The server's answer, or null when nobody listens on {@code socket} (which is then removed). */
    private static String ask(Path socket, String what) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                WarmClient.removeStale(socket);
                return null;
            }
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch)));
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch)));
            byte[] q = what.getBytes(StandardCharsets.UTF_8);
            WarmProtocol.writeFrame(out, WarmProtocol.CONTROL, q, 0, q.length);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            while (true) {
                byte type = in.readByte();
                byte[] payload = WarmProtocol.readPayload(in);
                if (type == WarmProtocol.STDOUT) answer.writeBytes(payload);
                else if (type == WarmProtocol.EXIT) return answer.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
