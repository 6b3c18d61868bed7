package dev.pymirror.proxy;

import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URL;
import java.util.Optional;

/**
 * The proxy a connection to a URL goes through, as the JDK's default selector picks it (from the
 * properties {@link ProxyEnvironment} set, or {@code -D}), and the credentials the JDK's default
 * authenticator gives that proxy: one answer for every client, so that the upstream's, the
 * advisories' and the bucket's connections go the same way, and an error names the proxy when it is
 * the proxy's.
 */
public final class ProxyRoute {

    private ProxyRoute() {}

    /** The first proxy the selector picks for {@code url} with an address; empty to go direct. */
    public static Optional<Proxy> of(URI url) {
        ProxySelector selector = ProxySelector.getDefault();
        if (selector != null) {
            for (Proxy proxy : selector.select(url)) {
                if (proxy.type() != Proxy.Type.DIRECT && proxy.address() instanceof InetSocketAddress) {
                    return Optional.of(proxy);
                }
            }
        }
        return Optional.empty();
    }

    /** What the default authenticator answers {@code proxy}'s challenge with, for a request to {@code url}. */
    public static Optional<PasswordAuthentication> credentials(InetSocketAddress proxy, URI url) {
        URL asked;
        try {
            asked = url.toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            asked = null;
        }
        return Optional.ofNullable(Authenticator.requestPasswordAuthentication(proxy.getHostString(), null,
                proxy.getPort(), "http", "proxy", "Basic", asked, Authenticator.RequestorType.PROXY));
    }
}
