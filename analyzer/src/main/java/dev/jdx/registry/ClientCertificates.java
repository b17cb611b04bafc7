package dev.jdx.registry;

import dev.jdx.image.source.PemKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/**
 * Client certificates for mutual TLS, found as Docker finds them: {@code certs.d/HOST:PORT/NAME.cert} with its key
 * {@code NAME.key} (PEM, read by {@link PemKeys}: PKCS#8, PKCS#1 RSA or SEC1 EC); an encrypted or unreadable key is
 * refused with the command that converts it.
 */
final class ClientCertificates {
    private ClientCertificates() {}

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
            throw new IOException("loading the client certificates for " + hostPort + ": " + RegistryClient.oneLine(e), e);
        }
    }

    static PrivateKey privateKey(Path p) throws IOException {
        String text = Files.readString(p, StandardCharsets.US_ASCII);
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new IOException("reading client key " + p
                    + ": the key is encrypted; jdx reads unencrypted keys (openssl pkcs8 -in KEY -nocrypt -out KEY.new)");
        }
        try {
            return PemKeys.privateKey(text);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("reading client key " + p + ": " + RegistryClient.oneLine(e)
                    + "; convert it: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.new");
        }
    }
}
