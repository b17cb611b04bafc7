package dev.jdx.image.source.daemon;

import java.io.IOException;

/** Sends one GET to a daemon and returns the response, or throws a {@link DaemonUnavailableException} saying why not. */
interface EngineTransport {
    EngineResponse get(String target) throws IOException;
}
