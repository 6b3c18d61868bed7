package dev.pymirror.proxy;

import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.util.List;
import java.util.Locale;

/**
 * Answers a proxy's challenge (HTTP 407) with the user and password that proxy's URL gave in the
 * environment ({@link ProxyEnvironment}), and nothing else: a server's challenge (401) and another
 * proxy's get no answer, so a password meant for the proxy never reaches an upstream or a proxy
 * named by {@code -D} properties. The JDK tries Basic, Digest or NTLM as the proxy asks.
 */
public final class ProxyAuthenticator extends Authenticator {

    private final List<ProxyEnvironment.Proxy> proxies;

    ProxyAuthenticator(List<ProxyEnvironment.Proxy> proxies) {
        this.proxies = List.copyOf(proxies);
    }

    @Override
    protected PasswordAuthentication getPasswordAuthentication() {
        if (getRequestorType() != RequestorType.PROXY) {
            return null;
        }
        return credentials(getRequestingHost(), getRequestingPort());
    }

    private PasswordAuthentication credentials(String host, int port) {
        if (host == null) {
            return null;
        }
        for (ProxyEnvironment.Proxy p : proxies) {
            if (p.port() == port && bare(p.host()).equals(bare(host))) {
                ProxyEnvironment.Credentials c = p.credentials().orElseThrow();
                return new PasswordAuthentication(c.user(), c.password().toCharArray());
            }
        }
        return null;
    }

    /** A URL writes an IPv6 address in brackets, the JDK names it without. */
    private static String bare(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
