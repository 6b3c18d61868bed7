package dev.pymirror.proxy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The proxy that the environment names for reaching an upstream, as pip, curl and uv read it
 * ({@code http_proxy}, {@code https_proxy}, {@code no_proxy}, lower case first, then upper case),
 * turned into the JDK's proxy properties, which every HTTP client pymirror uses for an upstream
 * follows. A build machine that reaches the public index only through a proxy sets these once for
 * every tool; pymirror goes the same way as the pip beside it.
 *
 * <p>A property already set (by {@code -D} in {@code PYMIRROR_JAVA_OPTS}) wins over the environment.
 * A user and password in a proxy's URL are answered to that proxy's challenge (HTTP 407) by
 * {@link ProxyAuthenticator}, never to a server's. What the JDK's properties cannot say is refused
 * with the reason, not half-applied: a proxy spoken to over TLS or SOCKS, and a {@code no_proxy}
 * network that does not end on a whole byte. No message repeats a password.
 */
public record ProxyEnvironment(Optional<Proxy> http, Optional<Proxy> https, List<String> nonProxyHosts) {

    /** A proxy's host and port, and the credentials its URL gave, if any. */
    public record Proxy(String host, int port, Optional<Credentials> credentials) {

        public Proxy(String host, int port) {
            this(host, port, Optional.empty());
        }
    }

    /** A user and password for a proxy, decoded from its URL; shown without the password. */
    public record Credentials(String user, String password) {
        @Override
        public String toString() {
            return user + ":***";
        }
    }

    /** The JDK property listing the schemes it will not answer a proxy with for a tunnel (Basic by default). */
    static final String TUNNELING_DISABLED_SCHEMES = "jdk.http.auth.tunneling.disabledSchemes";

    public ProxyEnvironment {
        nonProxyHosts = List.copyOf(nonProxyHosts);
    }

    /**
     * Reads the proxy variables of {@code environment}.
     *
     * @throws IllegalArgumentException naming the variable, when one says what pymirror cannot do
     */
    public static ProxyEnvironment of(Map<String, String> environment) {
        Optional<Proxy> http = variable(environment, "http_proxy").map(v -> proxy("http_proxy", v));
        Optional<Proxy> https = variable(environment, "https_proxy").map(v -> proxy("https_proxy", v));
        List<String> bypass = new ArrayList<>();
        // Without a proxy, no_proxy says nothing; with one and without no_proxy, every host goes
        // through it, loopback too, as curl and pip send it (the JDK alone would go direct to loopback).
        if (http.isPresent() || https.isPresent()) {
            variable(environment, "no_proxy").ifPresent(v -> bypass.addAll(nonProxyHosts(v)));
        }
        return new ProxyEnvironment(http, https, bypass);
    }

    /** The JDK properties this stands for: none when the environment names no proxy. */
    public Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        http.ifPresent(p -> {
            properties.put("http.proxyHost", p.host());
            properties.put("http.proxyPort", String.valueOf(p.port()));
        });
        https.ifPresent(p -> {
            properties.put("https.proxyHost", p.host());
            properties.put("https.proxyPort", String.valueOf(p.port()));
        });
        if (!properties.isEmpty()) {
            // One list for both schemes in the JDK, as no_proxy is for curl.
            properties.put("http.nonProxyHosts", String.join("|", nonProxyHosts));
        }
        if (https.flatMap(Proxy::credentials).isPresent()) {
            // The JDK answers a proxy's Basic challenge for an https:// upstream (CONNECT) only when
            // told to: the user gave these credentials for exactly that.
            properties.put(TUNNELING_DISABLED_SCHEMES, "");
        }
        return properties;
    }

    /**
     * What answers the proxies' challenges with the credentials their URLs gave; empty when none
     * did. Installed as the JDK's default, it serves the blocking client ({@code upstream.UpstreamGet}),
     * every client built by {@code upstream.HttpClients} and the bucket's ({@link ProxyRoute#credentials}).
     */
    public Optional<ProxyAuthenticator> authenticator() {
        List<Proxy> asking = new ArrayList<>();
        http.filter(p -> p.credentials().isPresent()).ifPresent(asking::add);
        https.filter(p -> p.credentials().isPresent()).ifPresent(asking::add);
        return asking.isEmpty() ? Optional.empty() : Optional.of(new ProxyAuthenticator(asking));
    }

    /**
     * Sets the properties in {@code system} that are not set there already. A proxy given there by
     * {@code -D} is taken whole: its own no-proxy list, or the JDK's default, not the environment's.
     */
    public void applyTo(Properties system) {
        boolean proxyGiven = system.getProperty("http.proxyHost") != null || system.getProperty("https.proxyHost") != null;
        properties().forEach((key, value) -> {
            if (key.equals("http.nonProxyHosts") && proxyGiven) {
                return;
            }
            if (system.getProperty(key) == null) {
                system.setProperty(key, value);
            }
        });
    }

    private static Optional<String> variable(Map<String, String> environment, String name) {
        String value = environment.get(name);
        if (value == null) {
            value = environment.get(name.toUpperCase(Locale.ROOT));
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static Proxy proxy(String variable, String value) {
        // curl reads a value without a scheme as an HTTP proxy's address.
        String spec = value.contains("://") ? value : "http://" + value;
        URI uri;
        try {
            uri = new URI(spec);
        } catch (URISyntaxException e) {
            // The reason and where, not the input: it may hold a password.
            throw new IllegalArgumentException(variable + " is not a proxy's URL: " + e.getReason()
                    + (e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : ""));
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw new IllegalArgumentException(variable + " names a proxy spoken to over " + scheme
                    + "; pymirror speaks to a proxy over plain HTTP only (http://host:port), as the JDK does");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(variable + " names no proxy host");
        }
        Optional<Credentials> credentials = Optional.empty();
        if (uri.getUserInfo() != null) {
            // Percent-decoded, as curl and pip read a password holding ':' or '@'.
            String userInfo = uri.getUserInfo();
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
            if (user.isEmpty()) {
                throw new IllegalArgumentException(variable + " gives a password without a user name");
            }
            credentials = Optional.of(new Credentials(user, colon < 0 ? "" : userInfo.substring(colon + 1)));
        }
        return new Proxy(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort(), credentials);
    }

    /** {@code no_proxy}'s entries as the JDK's patterns: a name stands for itself and its subdomains. */
    private static List<String> nonProxyHosts(String value) {
        List<String> patterns = new ArrayList<>();
        for (String raw : value.split("[,\\s]+")) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*")) {
                return List.of("*");
            }
            if (entry.contains("/")) {
                patterns.add(network(entry));
                continue;
            }
            entry = withoutPort(entry);
            if (entry.startsWith("*.")) {
                entry = entry.substring(1);
            }
            if (entry.startsWith(".")) {
                patterns.add("*" + entry);
                patterns.add(entry.substring(1));
            } else {
                patterns.add(entry);
                if (!entry.matches("[0-9.]+|\\[.*]|.*:.*")) { // an address has no subdomains
                    patterns.add("*." + entry);
                }
            }
        }
        return List.copyOf(new LinkedHashSet<>(patterns));
    }

    private static String withoutPort(String entry) {
        if (entry.startsWith("[")) {
            int end = entry.indexOf(']');
            return end < 0 ? entry : entry.substring(0, end + 1);
        }
        int colon = entry.indexOf(':');
        return colon >= 0 && entry.indexOf(':', colon + 1) < 0 ? entry.substring(0, colon) : entry;
    }

    /** An IPv4 network that ends on a whole byte (10.0.0.0/8) as the JDK's wildcard (10.*). */
    private static String network(String entry) {
        String[] parts = entry.split("/");
        String[] bytes = parts[0].split("\\.");
        int bits;
        try {
            bits = Integer.parseInt(parts[1]);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            bits = -1;
        }
        if (parts.length != 2 || bytes.length != 4 || bits < 8 || bits > 32 || bits % 8 != 0) {
            throw new IllegalArgumentException("no_proxy lists the network " + entry + ", which the JDK's proxy settings"
                    + " can only say when it is IPv4 and ends on a whole byte (/8, /16, /24, /32); list it as such");
        }
        int kept = bits / 8;
        StringBuilder pattern = new StringBuilder(String.join(".", Arrays.copyOf(bytes, kept)));
        return kept == 4 ? pattern.toString() : pattern.append(".*").toString();
    }
}
