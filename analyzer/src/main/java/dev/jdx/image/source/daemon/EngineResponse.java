package dev.jdx.image.source.daemon;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * One Engine API response: status, headers (names lower-cased) and the body, already de-chunked. Closing it closes
 * the connection.
 */
record EngineResponse(int status, Map<String, String> headers, InputStream body) implements Closeable {
    boolean ok() {
        return status >= 200 && status < 300;
    }

    String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
