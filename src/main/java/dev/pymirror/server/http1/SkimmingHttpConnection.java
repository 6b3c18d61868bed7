package dev.pymirror.server.http1;

import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.internal.HttpConnection;

/** Jetty's HTTP/1.1 connection with a {@link SkimmingHttpParser}. */
final class SkimmingHttpConnection extends HttpConnection {

    SkimmingHttpConnection(HttpConfiguration configuration, Connector connector, EndPoint endPoint) {
        super(configuration, connector, endPoint);
    }

    @Override
    protected HttpParser newHttpParser(HttpCompliance compliance) {
        // Jetty's own parser is made only to learn the request handler it would call (not reachable otherwise).
        HttpParser.RequestHandler handler = (HttpParser.RequestHandler) super.newHttpParser(compliance).getHandler();
        HttpParser parser = new SkimmingHttpParser(handler, getHttpConfiguration().getRequestHeaderSize(), compliance);
        parser.setHeaderCacheSize(getHttpConfiguration().getHeaderCacheSize());
        parser.setHeaderCacheCaseSensitive(getHttpConfiguration().isHeaderCacheCaseSensitive());
        return parser;
    }
}
