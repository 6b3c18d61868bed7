package dev.pymirror.store.blob;

import dev.pymirror.proxy.ProxyRoute;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.http.apache5.ProxyConfiguration;

/**
 * The way the S3 client reaches its endpoint: the proxy the JDK's selector picks for it (the
 * environment's {@code http_proxy}, {@code https_proxy} and {@code no_proxy} as {@code cli.Main} set
 * them, or {@code -D} properties), with the credentials the JDK's default authenticator gives that
 * proxy, or none. The SDK's own reading of proxy settings is turned off, so that the bucket goes
 * the way the upstream clients go: it never took the credentials in a proxy's URL, and a bucket
 * behind a proxy that asks for them met a 407 ({@code ServeStorageProcessTest}).
 */
final class BucketProxy {

    private BucketProxy() {}

    /** The HTTP proxy the JDK's selector picks for {@code endpoint}; empty to go direct. */
    static Optional<InetSocketAddress> of(URI endpoint) {
        return ProxyRoute.of(endpoint).filter(p -> p.type() == Proxy.Type.HTTP).map(p -> (InetSocketAddress) p.address());
    }

    /** The SDK's settings for reaching {@code endpoint}: through {@link #of}'s proxy, with its credentials, or direct. */
    static ProxyConfiguration configuration(URI endpoint) {
        ProxyConfiguration.Builder builder = ProxyConfiguration.builder().useSystemPropertyValues(false)
                .useEnvironmentVariableValues(false);
        of(endpoint).ifPresent(a -> {
            builder.endpoint(URI.create("http://" + a.getHostString() + ":" + a.getPort()));
            ProxyRoute.credentials(a, endpoint).ifPresent(c -> builder.username(c.getUserName())
                    .password(new String(c.getPassword())));
        });
        return builder.build();
    }
}
