package dev.jdx.image.source.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Docker's TLS files ({@code ca.pem}, {@code cert.pem}, {@code key.pem}) as an {@link SSLContext}. Keys may be PKCS#8
 * ({@code PRIVATE KEY}), PKCS#1 RSA ({@code RSA PRIVATE KEY}, what {@code openssl genrsa} and Docker's docs produce) or
 * SEC1 EC ({@code EC PRIVATE KEY}); the JDK reads only PKCS#8, so the other two are wrapped in a PKCS#8 structure.
 */
final class Pem {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final byte[] OID_RSA = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    private static final byte[] OID_EC = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private Pem() {}

    static SSLContext sslContext(Endpoint.TlsFiles tls) throws IOException, GeneralSecurityException {
        Path dir = tls.dir();
        KeyManagerFactory kmf = null;
        if (dir != null && Files.isRegularFile(dir.resolve("cert.pem")) && Files.isRegularFile(dir.resolve("key.pem"))) {
            List<Certificate> chain = certificates(dir.resolve("cert.pem"));
            PrivateKey key = privateKey(Files.readString(dir.resolve("key.pem"), StandardCharsets.US_ASCII));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("client", key, new char[0], chain.toArray(Certificate[]::new));
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, new char[0]);
        }
        TrustManager[] trust = null;
        if (!tls.verify()) {
            trust = new TrustManager[] {new TrustAll()};
        } else if (dir != null && Files.isRegularFile(dir.resolve("ca.pem"))) {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            int i = 0;
            for (Certificate c : certificates(dir.resolve("ca.pem"))) ts.setCertificateEntry("ca" + i++, c);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            trust = tmf.getTrustManagers();
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), trust, null);
        return ctx;
    }

    static List<Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> c = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (c.isEmpty()) throw new GeneralSecurityException(file + " holds no certificate");
            return new ArrayList<>(c);
        }
    }

    /** Reads the first private key block of {@code pem}. */
    static PrivateKey privateKey(String pem) throws GeneralSecurityException {
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

    /** DOCKER_TLS without DOCKER_TLS_VERIFY: encrypted but unverified, as the Docker CLI does. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] c, String a) { }
        @Override public void checkServerTrusted(X509Certificate[] c, String a) { }
        @Override public void checkClientTrusted(X509Certificate[] c, String a, Socket s) { }
        @Override public void checkServerTrusted(X509Certificate[] c, String a, Socket s) { }
        @Override public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) { }
        @Override public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) { }
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
