package dev.pymirror.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Short answers of the server in plain text: errors a person reads in pip's output, redirects.
 * pip prints the body of a failed request, so every error says what went wrong in a sentence.
 */
public final class Replies {

    private Replies() {}

    /** A plain-text answer with this status; the message ends the body with a newline. */
    public static void text(Request request, Response response, Callback callback, int status, String message) {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
    }

    /** A 301 to a location on this server. */
    public static void movedPermanently(Request request, Response response, Callback callback, String location) {
        Response.sendRedirect(request, response, callback, 301, location, true);
    }

    /** 405 with the methods that are allowed. */
    public static void methodNotAllowed(Request request, Response response, Callback callback, String allow) {
        response.getHeaders().put(HttpHeader.ALLOW, allow);
        text(request, response, callback, 405, request.getMethod() + " is not allowed here; allowed: " + allow);
    }
}
