package dev.pymirror.server.http1;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;

/** Makes HTTP/1.1 connections that parse requests with a {@link SkimmingHttpParser}. */
public final class SkimmingConnectionFactory extends HttpConnectionFactory {

    public SkimmingConnectionFactory(HttpConfiguration configuration) {
        super(configuration);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        return configure(new SkimmingHttpConnection(getHttpConfiguration(), connector, endPoint), connector, endPoint);
    }
}
