package dev.jdx.image.source;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM private keys as Docker's TLS files hold them (a daemon's {@code key.pem}, a registry's {@code certs.d} client
 * keys): PKCS#8 ({@code PRIVATE KEY}, what OpenSSL 3 writes), PKCS#1 RSA ({@code RSA PRIVATE KEY}, what
 * {@code openssl genrsa} and Docker's docs produce) or SEC1 EC ({@code EC PRIVATE KEY}). The JDK reads only PKCS#8,
 * so the other two are wrapped in a PKCS#8 structure.
 */
public final class PemKeys {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final byte[] OID_RSA = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    private static final byte[] OID_EC = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private PemKeys() {}

    /** Reads the first private key block of {@code pem}. */
    public static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            String type = m.group(1);
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            switch (type) {
                case "PRIVATE KEY" -> {
                    for (String alg : new String[] {"RSA", "EC", "Ed25519", "RSASSA-PSS"}) {
                        try {
                            return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
                        } catch (GeneralSecurityException ignored) {
                            // try the next algorithm
                        }
                    }
                    throw new GeneralSecurityException("unsupported PKCS#8 private key");
                }
                case "RSA PRIVATE KEY" -> {
                    byte[] p8 = seq(concat(new byte[] {0x02, 0x01, 0x00}, seq(concat(OID_RSA, new byte[] {0x05, 0x00})), tlv(0x04, der)));
                    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(p8));
                }
                case "EC PRIVATE KEY" -> {
                    byte[] curve = sec1Curve(der);
                    byte[] p8 = seq(concat(new byte[] {0x02, 0x01, 0x00}, seq(concat(OID_EC, curve)), tlv(0x04, der)));
                    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(p8));
                }
                default -> { } // certificates or parameters before the key
            }
        }
        throw new GeneralSecurityException("no PEM private key found (expected PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
    }

    /** The named-curve OID TLV in a SEC1 ECPrivateKey's {@code [0] parameters}. */
    private static byte[] sec1Curve(byte[] der) throws GeneralSecurityException {
        int[] pos = {0};
        if (der[0] != 0x30) throw new GeneralSecurityException("EC PRIVATE KEY is not a DER sequence");
        pos[0] = 1;
        readLength(der, pos);
        while (pos[0] < der.length) {
            int tag = der[pos[0]++] & 0xff;
            int len = readLength(der, pos);
            if (tag == 0xa0) {
                byte[] oid = new byte[len];
                System.arraycopy(der, pos[0], oid, 0, len);
                if (oid[0] != 0x06) throw new GeneralSecurityException("EC PRIVATE KEY parameters are not a named curve");
                return oid;
            }
            pos[0] += len;
        }
        throw new GeneralSecurityException("EC PRIVATE KEY names no curve (a PKCS#8 'PRIVATE KEY' is needed)");
    }

    private static int readLength(byte[] der, int[] pos) throws GeneralSecurityException {
        int b = der[pos[0]++] & 0xff;
        if (b < 0x80) return b;
        int n = b & 0x7f;
        if (n > 3) throw new GeneralSecurityException("DER length too long");
        int len = 0;
        for (int i = 0; i < n; i++) len = (len << 8) | (der[pos[0]++] & 0xff);
        return len;
    }

    private static byte[] seq(byte[] content) {
        return tlv(0x30, content);
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = content.length;
        if (len < 0x80) out.write(len);
        else if (len < 0x100) { out.write(0x81); out.write(len); }
        else if (len < 0x10000) { out.write(0x82); out.write(len >> 8); out.write(len); }
        else { out.write(0x83); out.write(len >> 16); out.write(len >> 8); out.write(len); }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
