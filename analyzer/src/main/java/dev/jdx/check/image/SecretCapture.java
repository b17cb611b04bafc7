package dev.jdx.check.image;

import dev.jdx.fs.ContentCapture;
import java.util.Locale;
import java.util.Set;

/**
 * The capture that keeps small files that may hold secrets (keys, certificates, credential and dotenv files) so
 * the secret checks can look at their content; compose it with the analysis capture through
 * {@link ContentCapture#union}.
 */
public final class SecretCapture implements ContentCapture {
    public static final SecretCapture INSTANCE = new SecretCapture();

    /** Secrets are small; a larger file of such a name is reported by name only. */
    static final long LIMIT = 64 * 1024;

    private static final Set<String> NAMES = Set.of(".env", "credentials", ".npmrc", ".pypirc", ".git-credentials",
            ".netrc", "application_default_credentials.json", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519");
    private static final String[] SUFFIXES = {".pem", ".key", ".p12", ".pfx", ".jks", ".keystore"};

    private SecretCapture() {}

    @Override
    public long limit(String path) {
        return isCandidate(path) ? LIMIT : 0;
    }

    /** True for the file names that may hold secrets. */
    static boolean isCandidate(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (NAMES.contains(name)) return true;
        if (name.startsWith(".env.") || name.startsWith("id_rsa") && !name.endsWith(".pub")) return true;
        if (path.endsWith("/.docker/config.json")) return true;
        for (String s : SUFFIXES) if (name.endsWith(s)) return true;
        return false;
    }
}
