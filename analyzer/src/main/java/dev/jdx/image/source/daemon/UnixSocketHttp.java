package dev.jdx.image.source.daemon;

import dev.jdx.image.SingleByteRead;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client over a unix-domain socket (the JDK's {@link SocketChannel}, no native code): one request
 * per connection ({@code Connection: close}), status line and headers, then a body framed by
 * {@code Transfer-Encoding: chunked}, {@code Content-Length}, or the end of the connection. That is all the Engine API
 * needs; java.net.http cannot speak over a unix socket.
 */
final class UnixSocketHttp implements EngineTransport {
    private static final int MAX_HEADERS = 200;

    private final DaemonKind kind;
    private final Path socket;

    UnixSocketHttp(DaemonKind kind, Path socket) {
        this.kind = kind;
        this.socket = socket;
    }

    @Override
    public EngineResponse get(String target) throws IOException {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            throw ConnectFailures.map(kind, socket, e);
        }
        try {
            String req = "GET " + target + " HTTP/1.1\r\nHost: " + kind.display() + "\r\nUser-Agent: jdx\r\n"
                    + "Accept: application/json, application/x-tar\r\nConnection: close\r\n\r\n";
            ByteBuffer b = ByteBuffer.wrap(HttpLines.ascii(req));
            while (b.hasRemaining()) ch.write(b);
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 1 << 16);
            return read(in);
        } catch (IOException | RuntimeException e) {
            ch.close();
            if (e instanceof IOException io && !(e instanceof DaemonApiException)) {
                throw new DaemonApiException(kind.display() + " daemon at unix://" + socket + ": GET " + target + ": " + io.getMessage(), io);
            }
            throw e;
        }
    }

    /** Parses status line, headers and body framing from {@code in}; closing the body closes {@code in}. */
    static EngineResponse read(InputStream in) throws IOException {
        String status = HttpLines.readLine(in, 8192);
        if (status == null) throw new EOFException("connection closed before a response");
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) throw new DaemonApiException("not an HTTP/1.x response: '" + status + "'");
        int code;
        try {
            code = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new DaemonApiException("malformed HTTP status line: '" + status + "'");
        }
        Map<String, String> headers = new HashMap<>();
        for (int i = 0; ; i++) {
            if (i > MAX_HEADERS) throw new DaemonApiException("more than " + MAX_HEADERS + " response headers");
            String line = HttpLines.readLine(in, 16384);
            if (line == null) throw new EOFException("connection closed inside the response headers");
            if (line.isEmpty()) break;
            int colon = line.indexOf(':');
            if (colon <= 0) throw new DaemonApiException("malformed HTTP header line: '" + line + "'");
            headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
        }
        InputStream body;
        String te = headers.get("transfer-encoding");
        String cl = headers.get("content-length");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = new ChunkedInputStream(in);
        } else if (cl != null) {
            long len;
            try {
                len = Long.parseLong(cl.trim());
            } catch (NumberFormatException e) {
                throw new DaemonApiException("malformed Content-Length '" + cl + "'");
            }
            body = new Bounded(in, len);
        } else if (code == 204 || code == 304) {
            body = new Bounded(in, 0);
        } else {
            body = in; // until the server closes the connection
        }
        return new EngineResponse(code, Map.copyOf(headers), body);
    }

    /** Exactly {@code length} bytes; fewer is an {@link EOFException}. */
    static final class Bounded extends FilterInputStream {
        private long left;

        Bounded(InputStream in, long length) {
            super(in);
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            return SingleByteRead.of(this);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) return -1;
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) throw new EOFException("response body ended " + left + " bytes short of its Content-Length");
            left -= n;
            return n;
        }
    }
}
