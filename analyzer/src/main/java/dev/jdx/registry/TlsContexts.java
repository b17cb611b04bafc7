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

/** Builds the {@link SSLContext} for one registry host: system trust, {@code --ca-cert}, Docker's {@code certs.d} (CAs and
 *  client certificates), or none. */
final class TlsContexts {
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
            // client certificates (mutual TLS) are presented whatever the server trust: --insecure included
            javax.net.ssl.KeyManager[] keys = ClientCertificates.keyManagers(settings.certsDirs(), hostPort).orElse(null);
            if (settings.insecure()) {
                ctx.init(keys, new TrustManager[] {new TrustAll()}, null);
                return ctx;
            }
            List<Path> extra = new ArrayList<>(settings.caCerts());
            extra.addAll(certsDFiles(settings.certsDirs(), hostPort));
            // the common case: the JDK's default context, without loading its trust store a second time here
            if (extra.isEmpty() && keys == null) return SSLContext.getDefault();
            TrustManagerFactory def = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            def.init((KeyStore) null);
            if (extra.isEmpty()) {
                ctx.init(keys, def.getTrustManagers(), null);
                return ctx;
            }
            // Only the extra CAs go into a new store; the JDK's own trust manager stays as it is (copying ~150
            // anchors into a PKCS#12 store took seconds).
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int n = 0;
            for (Path p : extra) {
                List<Certificate> certs = readPem(p, "CA certificate");
                for (Certificate c : certs) ks.setCertificateEntry("extra-" + n++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            ctx.init(keys, new TrustManager[] {new Either(extended(tmf), extended(def))}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("setting up TLS for " + hostPort + ": " + RegistryClient.oneLine(e), e);
        }
    }

    /** The certificates of a PEM file; {@code what} names it in errors ({@code CA certificate}). */
    static List<Certificate> readPem(Path p, String what) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            List<Certificate> certs = new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (certs.isEmpty()) throw new IOException("reading " + what + " " + p + ": no certificate found");
            return certs;
        } catch (CertificateException e) {
            throw new IOException("reading " + what + " " + p + ": " + RegistryClient.oneLine(e));
        }
    }

    private static X509ExtendedTrustManager extended(TrustManagerFactory f) {
        for (TrustManager tm : f.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) return x;
        }
        throw new IllegalStateException("no X509ExtendedTrustManager");
    }

    /** Trusts what either delegate trusts; each delegate also checks the host name (they are extended managers). */
    private static final class Either extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager first;
        private final X509ExtendedTrustManager second;

        Either(X509ExtendedTrustManager first, X509ExtendedTrustManager second) {
            this.first = first;
            this.second = second;
        }

        @Override public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) throws CertificateException {
            try {
                first.checkServerTrusted(c, a, e);
            } catch (CertificateException firstFailure) {
                try {
                    second.checkServerTrusted(c, a, e);
                } catch (CertificateException ignored) {
                    throw firstFailure;
                }
            }
        }

        @Override public void checkServerTrusted(X509Certificate[] c, String a, Socket s) throws CertificateException {
            try {
                first.checkServerTrusted(c, a, s);
            } catch (CertificateException firstFailure) {
                try {
                    second.checkServerTrusted(c, a, s);
                } catch (CertificateException ignored) {
                    throw firstFailure;
                }
            }
        }

        @Override public void checkServerTrusted(X509Certificate[] c, String a) throws CertificateException {
            try {
                first.checkServerTrusted(c, a);
            } catch (CertificateException firstFailure) {
                second.checkServerTrusted(c, a);
            }
        }

        @Override public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) throws CertificateException {
            second.checkClientTrusted(c, a, e);
        }

        @Override public void checkClientTrusted(X509Certificate[] c, String a, Socket s) throws CertificateException {
            second.checkClientTrusted(c, a, s);
        }

        @Override public void checkClientTrusted(X509Certificate[] c, String a) throws CertificateException {
            second.checkClientTrusted(c, a);
        }

        @Override public X509Certificate[] getAcceptedIssuers() {
            X509Certificate[] a = first.getAcceptedIssuers();
            X509Certificate[] b = second.getAcceptedIssuers();
            X509Certificate[] all = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
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
