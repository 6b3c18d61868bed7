package dev.pymirror.server.http;

import dev.pymirror.server.auth.Authenticator;
import dev.pymirror.server.auth.Identity;
import dev.pymirror.server.config.Audience;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may read and who may write each index. Reading an index whose audience is anyone needs
 * nothing; everything else needs HTTP Basic credentials: none sent is a 401 with a
 * {@code WWW-Authenticate} challenge (which makes pip and browsers ask), wrong ones or a user the
 * index does not admit a 403 that says which.
 */
public final class Gate {

    private static final Logger LOG = LoggerFactory.getLogger(Gate.class);
    static final String CHALLENGE = "Basic realm=\"pymirror\", charset=\"UTF-8\"";

    private final Authenticator authenticator;
    private final Map<String, Audience> readers;
    private final Map<String, Audience> writers;

    /**
     * @param readers who may read each index
     * @param writers who may write each index that takes writes
     */
    public Gate(Authenticator authenticator, Map<String, Audience> readers, Map<String, Audience> writers) {
        this.authenticator = authenticator;
        this.readers = Map.copyOf(readers);
        this.writers = Map.copyOf(writers);
    }

    /** Whether reading {@code index} takes credentials (and so a password or token check). */
    boolean readersNeedLogin(String index) {
        return readers.getOrDefault(index, Audience.ANYONE).needsLogin();
    }

    /** True when the request may read {@code index}; otherwise it has been answered and this is false. */
    boolean admitsReader(Request request, Response response, Callback callback, String index) {
        Audience audience = readers.getOrDefault(index, Audience.ANYONE);
        if (!audience.needsLogin()) {
            return true;
        }
        return admitted(request, response, callback, index, audience, "read", false) != null;
    }

    /** The user who may write {@code index}; null when refused, and then the request has been answered. */
    String admitsWriter(Request request, Response response, Callback callback, String index) {
        return admitted(request, response, callback, index, writers.getOrDefault(index, Audience.USERS), "write to", true);
    }

    /** @param drain read what the client still sends before refusing (an upload's body) */
    private String admitted(Request request, Response response, Callback callback, String index, Audience audience,
            String what, boolean drain) {
        Identity who = authenticator.identify(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        if (drain && !(who instanceof Identity.User u && audience.allows(u.name()))) {
            WriteRoutes.drain(request, response);
        }
        switch (who) {
            case Identity.Anonymous a -> {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, CHALLENGE);
                Replies.text(request, response, callback, 401, "credentials are needed to " + what + " index '" + index
                        + "' (HTTP Basic: a user and password, or user __token__ and an API token)");
                return null;
            }
            case Identity.Invalid invalid -> {
                LOG.warn("refused {} {} from {}: {}", request.getMethod(), Request.getPathInContext(request),
                        Request.getRemoteAddr(request), invalid.reason());
                Replies.text(request, response, callback, 403, "invalid credentials: " + invalid.reason());
                return null;
            }
            case Identity.User user -> {
                if (!audience.allows(user.name())) {
                    Replies.text(request, response, callback, 403, "user '" + user.name() + "' may not " + what
                            + " index '" + index + "'");
                    return null;
                }
                return user.name();
            }
        }
    }
}
