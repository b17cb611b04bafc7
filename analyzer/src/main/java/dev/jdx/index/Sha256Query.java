package dev.jdx.index;

import java.io.IOException;
import java.util.HexFormat;
import java.util.Locale;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.TwoPhaseIterator;

/**
 * Files whose sha256 is a given digest or starts with a given hex prefix.
 *
 * <p>A file document keeps the first 8 bytes of its sha256 as a numeric doc value ({@link IndexFields#SHA256}) and
 * the whole digest in its record ({@link FileRecord}), not as a term: a term of 32 random bytes per file entry is
 * the most expensive kind to index (a new entry in the term hash, then sorting and a terms dictionary with no shared
 * prefixes). This query scans the 8-byte values (a few milliseconds for a million documents) and, when the prefix
 * is longer than 16 hex digits, checks the rest of the digest in the record of each candidate.
 */
final class Sha256Query extends DocValuesFilter {
    private final String hex;
    private final byte[] digest;
    private final long lo, hi;

    /** {@code hexOrPrefix}: 1 to 64 hex digits, with or without {@code sha256:} and a trailing {@code *}. */
    Sha256Query(String hexOrPrefix) {
        super(IndexFields.SHA256, shown(hexOf(hexOrPrefix)), IndexFields.SHA256, IndexFields.ENTRY);
        String h = hexOf(hexOrPrefix);
        hex = h;
        digest = HexFormat.of().parseHex(h.length() % 2 == 0 ? h : h + "0");
        String first = h.substring(0, Math.min(16, h.length()));
        // the unsigned range of the first 64 bits; the first digit fixes the sign bit, so it is a signed range too
        lo = Long.parseUnsignedLong(first + "0".repeat(16 - first.length()), 16);
        hi = Long.parseUnsignedLong(first + "f".repeat(16 - first.length()), 16);
    }

    /** As the query shows: a prefix ends with {@code *}. */
    private static String shown(String hex) {
        return hex + (hex.length() < 64 ? "*" : "");
    }

    private static String hexOf(String hexOrPrefix) {
        String h = hexOrPrefix.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("sha256:")) h = h.substring(7);
        if (h.endsWith("*")) h = h.substring(0, h.length() - 1);
        if (h.isEmpty() || h.length() > 64 || !h.matches("[0-9a-f]+")) {
            throw new IllegalArgumentException("'" + hexOrPrefix + "' is not a sha256 in hex (64 digits, or a prefix of them)");
        }
        return h;
    }

    /** The doc value of a digest: its first 8 bytes, big-endian. */
    static long firstBytes(byte[] sha256) {
        long v = 0;
        for (int i = 0; i < 8; i++) v = v << 8 | (sha256[i] & 0xff);
        return v;
    }

    @Override
    TwoPhaseIterator matching(LeafReader reader) throws IOException {
        NumericDocValues first = DocValues.getNumeric(reader, IndexFields.SHA256);
        BinaryDocValues records = hex.length() > 16 ? DocValues.getBinary(reader, IndexFields.ENTRY) : null;
        return checked(first, records == null ? 2 : 20, () -> {
            long v = first.longValue();
            if (v < lo || v > hi) return false;
            if (records == null) return true;
            return records.advanceExact(first.docID())
                    && FileRecord.sha256StartsWith(records.binaryValue(), digest, hex.length());
        });
    }
}
