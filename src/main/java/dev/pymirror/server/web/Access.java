package dev.pymirror.server.web;

import java.util.List;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Who may read what, as the server's gate says: the web UI shows an index, and anything of it,
 * only to those who may read it through the simple API. Each method that returns "no" has
 * answered the request (401 with a challenge, 403, 429) and sent nothing else.
 */
public interface Access {

    /** The indexes this request may read, in any order; null when its credentials were refused (answered). */
    List<String> readable(Request request, Response response, Callback callback);

    /** True when this request may read {@code index}; otherwise it has been answered. */
    boolean admits(Request request, Response response, Callback callback, String index);

    /**
     * The user whose valid credentials the request carries, for the pages' top bar; null when it
     * sends none or wrong ones (asked after {@link #readable}, which refuses wrong ones where they
     * matter, so this never answers the request).
     */
    String user(Request request);

    /**
     * True when the request carries a user's valid credentials; otherwise it has been answered
     * with a challenge (which makes a browser ask for them) or a refusal.
     */
    boolean loggedIn(Request request, Response response, Callback callback);
}
