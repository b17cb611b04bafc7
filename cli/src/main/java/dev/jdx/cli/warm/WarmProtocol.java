package dev.jdx.cli.warm;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames between {@link WarmClient} and {@link WarmServer}: a type byte, a length and that many bytes. The client
 * sends one {@link #HELLO} (the command line and whether its stderr is a terminal), then standard input only when the
 * server asks for it; the server sends standard output and error as they are written and ends with {@link #EXIT}.
 * Kept free of other jdx classes: the client loads this and little else, so that it starts in about 0.1 s.
 */
final class WarmProtocol {
    private WarmProtocol() {}

    static final int VERSION = 1;
    // client -> server
    static final byte HELLO = 'H';
    static final byte STDIN = 'I';
    static final byte STDIN_END = 'E';
    /** Instead of {@link #HELLO}: "status" or "stop", from {@code jdx server}. */
    static final byte CONTROL = 'C';
    // server -> client
    static final byte STDOUT = 'O';
    static final byte STDERR = 'R';
    static final byte WANT_STDIN = 'S';
    static final byte EXIT = 'X';
    static final byte BUSY = 'B';

    /** One command line as the client's launcher saw it. */
    record Hello(boolean stderrTty, List<String> args) {}

    static void writeFrame(DataOutputStream out, byte type, byte[] b, int off, int len) throws IOException {
        out.writeByte(type);
        out.writeInt(len);
        out.write(b, off, len);
        out.flush();
    }

    /** The last frame of a run: its exit code. */
    static void writeExit(DataOutputStream out, int code) throws IOException {
        out.writeByte(EXIT);
        out.writeInt(4);
        out.writeInt(code);
        out.flush();
    }

    static void writeHello(DataOutputStream out, Hello h) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(buf);
        d.writeInt(VERSION);
        d.writeBoolean(h.stderrTty());
        d.writeInt(h.args().size());
        for (String a : h.args()) {
            byte[] s = a.getBytes(StandardCharsets.UTF_8);
            d.writeInt(s.length);
            d.write(s);
        }
        byte[] b = buf.toByteArray();
        writeFrame(out, HELLO, b, 0, b.length);
    }

    /** Reads a {@link #HELLO} frame's payload (its type byte already read). */
    static Hello readHello(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > (64 << 20)) throw new IOException("bad command-line frame length " + len);
        DataInputStream d = new DataInputStream(new java.io.ByteArrayInputStream(in.readNBytes(len)));
        int version = d.readInt();
        if (version != VERSION) throw new IOException("protocol version " + version + ", this server speaks " + VERSION);
        boolean tty = d.readBoolean();
        int n = d.readInt();
        List<String> args = new ArrayList<>(n);
        for (int i = 0; i < n; i++) args.add(new String(d.readNBytes(d.readInt()), StandardCharsets.UTF_8));
        return new Hello(tty, args);
    }

    /** Reads a frame's payload after its type byte. */
    static byte[] readPayload(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > (64 << 20)) throw new IOException("bad frame length " + len);
        return in.readNBytes(len);
    }
}
