package dev.pymirror.server.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most so many connections open at once from one client address (an IPv6 client's /64, which
 * one host can fill with addresses of its own); a connection beyond that is closed as soon as it
 * opens, before anything is read from it. The server's cap on all connections
 * ({@code max-connections}) protects the process; this keeps one client from taking all of it.
 *
 * <p>Jetty has no such limit: this listens to every connection of the connector. Closing is the
 * only answer that costs nothing: an HTTP answer would have to wait for the request, which is what
 * a client holding hundreds of connections would not send.
 */
public final class ConnectionsPerAddress implements Connection.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionsPerAddress.class);

    /** One log line per refused address at most this often: a flood must not become a log flood. */
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;

    private final int max;
    private final Map<String, Integer> open = new ConcurrentHashMap<>();
    /**
     * The connections counted in {@link #open} and their client, so that a close is taken off
     * exactly once and from the right address (a closed socket no longer says whose it was).
     */
    private final Map<Connection, String> counted = new ConcurrentHashMap<>();
    private final Map<String, Long> warned = new ConcurrentHashMap<>();

    public ConnectionsPerAddress(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("at least one connection per address, not " + max);
        }
        this.max = max;
    }

    @Override
    public void onOpened(Connection connection) {
        String client = client(connection.getEndPoint().getRemoteSocketAddress());
        if (client == null) {
            return; // not an IP connection (a test's local end point): nothing to count by
        }
        counted.put(connection, client);
        int now = open.merge(client, 1, Integer::sum);
        if (now > max) {
            warn(client);
            connection.getEndPoint().close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        String client = counted.remove(connection);
        if (client != null) {
            open.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    private void warn(String client) {
        long now = System.nanoTime();
        Long last = warned.get(client);
        if (last == null || now - last >= WARN_EVERY_NANOS) {
            warned.put(client, now);
            if (warned.size() > 10_000) {
                warned.clear(); // addresses seen once long ago; forgetting them costs a log line at most
                warned.put(client, now);
            }
            LOG.warn("{} holds {} connections, the most one address may (max-connections-per-address);"
                    + " closing its new ones", client, max);
        }
    }

    private static String client(SocketAddress address) {
        return address instanceof InetSocketAddress a && a.getAddress() != null ? key(a.getAddress()) : null;
    }

    /** The address, or for IPv6 its /64 network. */
    static String key(InetAddress address) {
        byte[] a = address.getAddress();
        return a.length == 16 ? HexFormat.of().formatHex(a, 0, 8) + "::/64" : address.getHostAddress();
    }
}
