package dev.jdx.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/**
 * Client certificates for mutual TLS, found as Docker finds them: {@code certs.d/HOST:PORT/NAME.cert} with its key
 * {@code NAME.key} (PEM). The key may be PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA or EC, what OpenSSL 3 writes) or
 * PKCS#1 ({@code BEGIN RSA PRIVATE KEY}); other forms are refused with the command that converts them.
 */
final class ClientCertificates {
    private ClientCertificates() {}

    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");

    /** The key managers presenting the certs.d client certificates for {@code hostPort}, if any. */
    static Optional<KeyManager[]> keyManagers(List<Path> certsDirs, String hostPort) throws IOException {
        List<Path[]> pairs = new ArrayList<>();
        for (Path root : certsDirs) {
            Path dir = root.resolve(hostPort);
            if (!Files.isDirectory(dir)) continue;
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.cert")) {
                for (Path cert : ds) {
                    String base = cert.getFileName().toString();
                    Path key = dir.resolve(base.substring(0, base.length() - ".cert".length()) + ".key");
                    if (!Files.isRegularFile(key)) {
                        throw new IOException("client certificate " + cert + " has no key " + key.getFileName() + " beside it");
                    }
                    pairs.add(new Path[] {cert, key});
                }
            }
        }
        if (pairs.isEmpty()) return Optional.empty();
        pairs.sort((a, b) -> a[0].compareTo(b[0]));
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] none = new char[0];
            int n = 0;
            for (Path[] p : pairs) {
                List<Certificate> chain = TlsContexts.readPem(p[0], "client certificate");
                ks.setKeyEntry("client-" + n++, privateKey(p[1]), none, chain.toArray(Certificate[]::new));
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, none);
            return Optional.of(kmf.getKeyManagers());
        } catch (GeneralSecurityException e) {
            throw new IOException("loading the client certificates for " + hostPort + ": " + TimedBodyStream.oneLine(e), e);
        }
    }

    static PrivateKey privateKey(Path p) throws IOException {
        String text = Files.readString(p, StandardCharsets.US_ASCII);
        Matcher m = PEM.matcher(text);
        if (!m.find()) throw new IOException("reading client key " + p + ": not a PEM private key");
        String type = m.group(1);
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2).trim());
        } catch (IllegalArgumentException e) {
            throw new IOException("reading client key " + p + ": bad base64 in the PEM block");
        }
        byte[] pkcs8 = switch (type) {
            case "PRIVATE KEY" -> der;
            case "RSA PRIVATE KEY" -> rsaPkcs1ToPkcs8(der);
            case "ENCRYPTED PRIVATE KEY" -> throw new IOException("reading client key " + p
                    + ": the key is encrypted; jdx reads unencrypted keys (openssl pkcs8 -in KEY -nocrypt -out KEY.new)");
            default -> throw new IOException("reading client key " + p + ": '" + type
                    + "' keys are not read; convert it: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.new");
        };
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException next) {
                // try the next algorithm
            }
        }
        throw new IOException("reading client key " + p + ": not an RSA, EC or Ed25519 private key");
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (version 0, rsaEncryption, the key as an octet string). */
    private static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(algorithm);
        body.writeBytes(derHeader(0x04, pkcs1.length));
        body.writeBytes(pkcs1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(derHeader(0x30, body.size()));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static byte[] derHeader(int tag, int length) {
        if (length < 0x80) return new byte[] {(byte) tag, (byte) length};
        if (length < 0x100) return new byte[] {(byte) tag, (byte) 0x81, (byte) length};
        if (length < 0x10000) return new byte[] {(byte) tag, (byte) 0x82, (byte) (length >> 8), (byte) length};
        return new byte[] {(byte) tag, (byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length};
    }
}
