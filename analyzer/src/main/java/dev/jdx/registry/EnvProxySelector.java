package dev.jdx.registry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ProxySelector} with Go's {@code ProxyFromEnvironment} rules, which Docker and skopeo follow:
 * {@code HTTPS_PROXY} for https, {@code HTTP_PROXY} for http (upper or lower case), {@code NO_PROXY} entries
 * ({@code *}, a host or {@code .domain} suffix, {@code host:port}, an IP or a CIDR range) bypass it, and
 * loopback hosts are never proxied.
 */
public final class EnvProxySelector extends ProxySelector {
    private final URI httpsProxy;
    private final URI httpProxy;
    /** Set but unreadable: requests that would go through it fail instead of going direct unnoticed. */
    private final boolean httpsUnreadable;
    private final boolean httpUnreadable;
    private final List<String> noProxy;

    EnvProxySelector(String httpsProxy, String httpProxy, String noProxy) {
        this.httpsProxy = proxyUri(httpsProxy);
        this.httpProxy = proxyUri(httpProxy);
        this.httpsUnreadable = httpsProxy != null && this.httpsProxy == null;
        this.httpUnreadable = httpProxy != null && this.httpProxy == null;
        List<String> entries = new ArrayList<>();
        if (noProxy != null) {
            for (String e : noProxy.split(",")) {
                String t = e.trim().toLowerCase(Locale.ROOT);
                if (!t.isEmpty()) entries.add(t);
            }
        }
        this.noProxy = List.copyOf(entries);
    }

    /** Reads {@code HTTPS_PROXY}, {@code HTTP_PROXY}, {@code NO_PROXY} (or their lower-case forms) from {@code env}. */
    public static EnvProxySelector fromEnvironment(Map<String, String> env) {
        return new EnvProxySelector(first(env, "HTTPS_PROXY", "https_proxy"), first(env, "HTTP_PROXY", "http_proxy"),
                first(env, "NO_PROXY", "no_proxy"));
    }

    private static String first(Map<String, String> env, String a, String b) {
        String v = env.get(a);
        if (v == null || v.isBlank()) v = env.get(b);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static URI proxyUri(String s) {
        if (s == null) return null;
        try {
            URI u = URI.create(s.contains("://") ? s : "http://" + s);
            String authority = u.getRawAuthority();
            if (u.getHost() == null && authority != null && authority.indexOf('@') != authority.lastIndexOf('@')) {
                // an unescaped '@' in the password (user:p@ss@proxy:3128): the host follows the last '@', as Go
                // reads it, so the proxy is not silently dropped
                int at = authority.lastIndexOf('@');
                u = new URI(u.getScheme() + "://" + authority.substring(0, at).replace("@", "%40") + authority.substring(at)
                        + (u.getRawPath() == null ? "" : u.getRawPath()));
            }
            return u.getHost() == null ? null : u;
        } catch (IllegalArgumentException | URISyntaxException e) {
            return null;
        }
    }

    @Override
    public List<Proxy> select(URI uri) {
        URI proxy = proxyFor(uri);
        if (proxy == null) return List.of(Proxy.NO_PROXY);
        int port = proxy.getPort() >= 0 ? proxy.getPort() : "https".equals(proxy.getScheme()) ? 443 : 80;
        return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.getHost(), port)));
    }

    /** The proxy a request to {@code uri} goes through, or null when it goes direct. */
    private URI proxyFor(URI uri) {
        URI proxy = "https".equalsIgnoreCase(uri.getScheme()) ? httpsProxy : httpProxy;
        return proxy == null || bypass(uri) ? null : proxy;
    }

    /**
     * Why a request to {@code uri} cannot go out: the proxy variable for its scheme is set to something that is not a
     * proxy URL. Names the variable, never its value (which may hold a password). Empty when the request can go.
     */
    public Optional<String> unreadableProxy(URI uri) {
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        if (!(https ? httpsUnreadable : httpUnreadable) || bypass(uri)) return Optional.empty();
        return Optional.of((https ? "HTTPS_PROXY" : "HTTP_PROXY") + " is set but is not a proxy URL jdx can read"
                + " (http://[USER:PASSWORD@]HOST:PORT, with special characters percent-encoded)");
    }

    /**
     * The user and password of the proxy's URL for a request to {@code uri}, when it goes through a proxy whose URL
     * names a user; empty when it goes direct or the proxy URL has no credentials, so they never reach a registry.
     */
    public Optional<PasswordAuthentication> proxyCredentials(URI uri) {
        URI proxy = proxyFor(uri);
        // getUserInfo decodes percent-escapes: "p%40ss" is the password p@ss
        String info = proxy == null ? null : proxy.getUserInfo();
        if (info == null || info.isEmpty()) return Optional.empty();
        int colon = info.indexOf(':');
        String user = colon < 0 ? info : info.substring(0, colon);
        String password = colon < 0 ? "" : info.substring(colon + 1);
        return Optional.of(new PasswordAuthentication(user, password.toCharArray()));
    }

    /** The proxy for {@code uri} as host:port, without any credentials, for messages; null when it goes direct. */
    public String describeProxy(URI uri) {
        URI proxy = proxyFor(uri);
        return proxy == null ? null : proxy.getHost() + (proxy.getPort() >= 0 ? ":" + proxy.getPort() : "");
    }

    /** Whether {@code uri} goes direct: loopback, or named by {@code NO_PROXY}. */
    boolean bypass(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        if (host.equals("localhost") || host.startsWith("127.") || host.equals("::1")) return true;
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        for (String entry : noProxy) {
            if (entry.equals("*")) return true;
            String e = entry;
            int entryPort = -1;
            int colon = e.lastIndexOf(':');
            if (colon > 0 && !e.contains("/") && e.indexOf(':') == colon) {
                entryPort = Integer.parseInt(e.substring(colon + 1).replaceAll("\\D", "0"));
                e = e.substring(0, colon);
            }
            if (entryPort >= 0 && entryPort != port) continue;
            if (e.contains("/")) {
                if (inCidr(host, e)) return true;
                continue;
            }
            if (e.startsWith("*.")) e = e.substring(1);
            if (e.startsWith(".")) {
                if (host.endsWith(e) || host.equals(e.substring(1))) return true;
            } else if (host.equals(e) || host.endsWith("." + e)) {
                return true;
            }
        }
        return false;
    }

    private static boolean inCidr(String host, String cidr) {
        int slash = cidr.indexOf('/');
        long[] net = ipv4(cidr.substring(0, slash));
        long[] h = ipv4(host);
        if (net == null || h == null) return false;
        int bits;
        try {
            bits = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        if (bits < 0 || bits > 32) return false;
        long mask = bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL;
        return (net[0] & mask) == (h[0] & mask);
    }

    private static long[] ipv4(String s) {
        String[] p = s.split("\\.");
        if (p.length != 4) return null;
        long v = 0;
        for (String part : p) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) return null;
            int o = Integer.parseInt(part);
            if (o > 255) return null;
            v = (v << 8) | o;
        }
        return new long[] {v};
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // nothing to remember: each request selects again
    }
}
