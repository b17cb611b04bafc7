package dev.jdx.registry;

import java.util.Locale;

/** What went wrong talking to a registry: the distribution spec's error codes plus jdx's own transport cases. */
public enum ErrorCode {
    NAME_UNKNOWN, MANIFEST_UNKNOWN, BLOB_UNKNOWN, MANIFEST_INVALID, DIGEST_INVALID, NAME_INVALID, TAG_INVALID,
    UNAUTHORIZED, DENIED, TOOMANYREQUESTS, UNSUPPORTED,
    /** The manifest is Docker schema 1, which jdx does not read. */
    SCHEMA1,
    /** The index has no manifest for the wanted platform. */
    PLATFORM_NOT_FOUND,
    /** A 5xx answer that retries did not cure. */
    SERVER_ERROR,
    /** Connection refused, TLS failure, reset. */
    TRANSPORT,
    /** Connect or read timeout. */
    TIMEOUT,
    /** Anything else, including an HTTP status with no error body. */
    UNKNOWN;

    /** Maps the {@code code} of a registry error body; unknown codes give {@link #UNKNOWN}. */
    public static ErrorCode fromRegistry(String code) {
        if (code == null) return UNKNOWN;
        try {
            return valueOf(code.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
