package dev.jdx.image.source.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads CRLF-terminated ASCII lines of an HTTP/1.1 head or chunk framing. */
final class HttpLines {
    private HttpLines() {}

    /** One line without its CRLF (a bare LF is tolerated), or null at end of stream before any byte. */
    static String readLine(InputStream in, int max) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') sb.setLength(len - 1);
                return sb.toString();
            }
            if (sb.length() >= max) throw new IOException("HTTP line longer than " + max + " bytes");
            sb.append((char) c);
        }
        if (sb.isEmpty()) return null;
        throw new java.io.EOFException("HTTP response ended inside a line");
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
