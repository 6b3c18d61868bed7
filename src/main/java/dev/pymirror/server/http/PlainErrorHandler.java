package dev.pymirror.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Every error answer the routes did not write themselves, as one plain sentence. Jetty's own page
 * shows the exception's message, which names files of the data directory, and its class: neither
 * is anyone's business but the log's (where {@code Response.writeError} already puts them).
 */
public final class PlainErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        String reason = HttpStatus.getMessage(code);
        // Jetty's own refusals of a malformed request (400, 413, 431...) say what was wrong with it
        // and nothing about the server; a message that came with an exception is not shown.
        String text = code < 500 && cause == null && message != null && !message.isBlank() && !message.equals(reason)
                ? code + " " + reason + ": " + message
                : code >= 500 ? code + " " + reason + ": the server failed to answer this request; its log says why"
                : code + " " + reason;
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, org.eclipse.jetty.http.HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        String text = status + " " + HttpStatus.getMessage(status) + (reason == null || reason.isBlank() ? "" : ": " + reason);
        return ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
