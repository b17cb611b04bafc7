package dev.jdx.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/** Builds the {@link SSLContext} for one registry host: system trust, {@code --ca-cert}, Docker's {@code certs.d}, or none. */
final class TlsContexts {
    /** The Debian / Ubuntu system bundle, which may hold CAs an administrator added that the JDK's cacerts lacks. */
    private static final Path SYSTEM_BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");

    private TlsContexts() {}

    /** The certs.d files Docker trusts for {@code hostPort}: {@code DIR/HOST:PORT/*.crt}. */
    static List<Path> certsDFiles(List<Path> certsDirs, String hostPort) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path root : certsDirs) {
            Path dir = root.resolve(hostPort);
            if (!Files.isDirectory(dir)) continue;
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.crt")) {
                for (Path p : ds) out.add(p);
            }
        }
        out.sort(null);
        return out;
    }

    static SSLContext create(String hostPort, RegistrySettings settings) throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            if (settings.insecure()) {
                ctx.init(null, new TrustManager[] {new TrustAll()}, null);
                return ctx;
            }
            List<Path> extra = new ArrayList<>(settings.caCerts());
            extra.addAll(certsDFiles(settings.certsDirs(), hostPort));
            if (extra.isEmpty()) return SSLContext.getDefault();
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int n = 0;
            TrustManagerFactory def = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            def.init((KeyStore) null);
            for (TrustManager tm : def.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    for (X509Certificate c : x.getAcceptedIssuers()) ks.setCertificateEntry("jdk-" + n++, c);
                }
            }
            if (Files.isReadable(SYSTEM_BUNDLE)) {
                for (Certificate c : readPem(SYSTEM_BUNDLE)) ks.setCertificateEntry("system-" + n++, c);
            }
            for (Path p : extra) {
                List<Certificate> certs = readPem(p);
                if (certs.isEmpty()) throw new IOException("reading CA certificate " + p + ": no certificate found");
                for (Certificate c : certs) ks.setCertificateEntry("extra-" + n++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("setting up TLS for " + hostPort + ": " + TimedBodyStream.oneLine(e), e);
        }
    }

    private static List<Certificate> readPem(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
        } catch (CertificateException e) {
            throw new IOException("reading CA certificate " + p + ": " + TimedBodyStream.oneLine(e));
        }
    }

    /** Accepts every certificate and, being an extended trust manager, also skips the host name check. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] c, String a, Socket s) {}
        @Override public void checkServerTrusted(X509Certificate[] c, String a, Socket s) {}
        @Override public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) {}
        @Override public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) {}
        @Override public void checkClientTrusted(X509Certificate[] c, String a) {}
        @Override public void checkServerTrusted(X509Certificate[] c, String a) {}
        @Override public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
