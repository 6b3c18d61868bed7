package dev.pymirror.server.sendfile;

import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A server connector whose connections are {@link SendfileEndPoint}s over one set of regions. */
public final class SendfileConnector extends ServerConnector {

    private final FileRegions regions;

    public SendfileConnector(Server server, int acceptors, int selectors, FileRegions regions,
            ConnectionFactory... factories) {
        super(server, acceptors, selectors, factories);
        this.regions = regions;
    }

    @Override
    protected SocketChannelEndPoint newEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key) {
        SocketChannelEndPoint endPoint = new SendfileEndPoint(channel, selector, key, getScheduler(), regions);
        endPoint.setIdleTimeout(getIdleTimeout());
        return endPoint;
    }
}
