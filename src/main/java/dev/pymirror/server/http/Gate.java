package dev.pymirror.server.http;

import dev.pymirror.server.auth.Authenticator;
import dev.pymirror.server.auth.Identity;
import dev.pymirror.server.config.Audience;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Who may read and who may write each index. Reading an index whose audience is anyone needs
 * nothing; everything else needs HTTP Basic credentials: none sent is a 401 with a
 * {@code WWW-Authenticate} challenge (which makes pip and browsers ask), wrong ones or a user the
 * index does not admit a 403 that says which; credentials not checked because too many wrong ones
 * came from the same address or for the same user lately a 429 with {@code Retry-After}.
 *
 * <p>Index names are shown only to those who may read the index: {@link #readable} is what the
 * root page, a 404 and {@code /health} may name.
 */
public final class Gate {

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

    /** Who sent the request, as its credentials say (Basic credentials cost a password or token check). */
    Identity identify(Request request) {
        return authenticator.identify(request.getHeaders().get(HttpHeader.AUTHORIZATION), Request.getRemoteAddr(request));
    }

    /** True when the request carries an Authorization header, whose check may take a slow hash. */
    static boolean sendsCredentials(Request request) {
        return request.getHeaders().contains(HttpHeader.AUTHORIZATION);
    }

    /** True when some index needs a login to be read. */
    boolean anyClosed() {
        return readers.values().stream().anyMatch(Audience::needsLogin);
    }

    /** Of these index names, the ones {@code who} may read (all of them for indexes anyone may read). */
    List<String> readable(Identity who, Collection<String> names) {
        return names.stream().filter(n -> readers.getOrDefault(n, Audience.ANYONE).allows(who.userName())).toList();
    }

    /**
     * Answers a request whose credentials were wrong or not checked (403, 429; 503 when the users
     * could not be read) and returns true;
     * false for valid or no credentials, and then nothing was sent.
     */
    boolean refusedCredentials(Request request, Response response, Callback callback, Identity who) {
        switch (who) {
            case Identity.Invalid invalid -> {
                // The authenticator logs each failed check; a repeat answered from memory is in the access log only.
                Replies.text(request, response, callback, 403, "invalid credentials: " + invalid.reason());
                return true;
            }
            case Identity.Throttled throttled -> {
                long seconds = Math.max(1, (throttled.retryAfter().toMillis() + 999) / 1000);
                response.getHeaders().put(HttpHeader.RETRY_AFTER, seconds);
                Replies.text(request, response, callback, 429, throttled.reason() + "; credentials are checked again in "
                        + seconds + " s");
                return true;
            }
            case Identity.Unchecked unchecked -> {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, 5);
                Replies.text(request, response, callback, 503, unchecked.reason());
                return true;
            }
            case Identity.Anonymous a -> {
                return false;
            }
            case Identity.User u -> {
                return false;
            }
        }
    }

    /**
     * What a group's {@code X-Pymirror-Index-Member} header may say to this requester: of its
     * entries ({@code a, b/c}, a nested group's member after a slash), those naming only indexes the
     * requester may read; null when none. An open group must not tell strangers the name of a
     * member they may not read.
     */
    String shownMembers(Request request, String members) {
        List<String> entries = List.of(members.split(", "));
        if (entries.stream().flatMap(e -> Arrays.stream(e.split("/"))).noneMatch(this::readersNeedLogin)) {
            return members;
        }
        // Remembered credentials answer at once; the router sends such requests to a thread that may wait.
        Identity who = sendsCredentials(request) ? identify(request) : Identity.ANONYMOUS;
        List<String> shown = entries.stream().filter(e -> {
            List<String> named = List.of(e.split("/"));
            return readable(who, named).size() == named.size();
        }).toList();
        return shown.isEmpty() ? null : String.join(", ", shown);
    }

    /** Whether reading {@code index} takes credentials (and so a password or token check). */
    boolean readersNeedLogin(String index) {
        return readers.getOrDefault(index, Audience.ANYONE).needsLogin();
    }

    /** True when the request may read {@code index}; otherwise it has been answered and this is false. */
    boolean admitsReader(Request request, Response response, Callback callback, String index) {
        return admitsReader(request, response, callback, index, false);
    }

    /** @param drain read what the client still sends before refusing (a body sent to the wrong place) */
    boolean admitsReader(Request request, Response response, Callback callback, String index, boolean drain) {
        Audience audience = readers.getOrDefault(index, Audience.ANYONE);
        if (!audience.needsLogin()) {
            return true;
        }
        return admitted(request, response, callback, index, audience, "read", drain) != null;
    }

    /**
     * Whether a snapshot of {@code index} may be read: by the index's readers while it is configured;
     * once it is not, a snapshot of a closed index by any user, one of an open index by anyone.
     */
    boolean admitsSnapshotReader(Request request, Response response, Callback callback, String index,
            boolean restricted) {
        Audience audience = readers.getOrDefault(index, restricted ? Audience.USERS : Audience.ANYONE);
        return !audience.needsLogin() || admitted(request, response, callback, index, audience, "read", false) != null;
    }

    /** The user who may write {@code index}; null when refused, and then the request has been answered. */
    String admitsWriter(Request request, Response response, Callback callback, String index) {
        return admitted(request, response, callback, index, writers.getOrDefault(index, Audience.USERS), "write to", true);
    }

    /** @param drain read what the client still sends before refusing (an upload's body) */
    private String admitted(Request request, Response response, Callback callback, String index, Audience audience,
            String what, boolean drain) {
        Identity who = identify(request);
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
                refusedCredentials(request, response, callback, invalid);
                return null;
            }
            case Identity.Throttled throttled -> {
                refusedCredentials(request, response, callback, throttled);
                return null;
            }
            case Identity.Unchecked unchecked -> {
                refusedCredentials(request, response, callback, unchecked);
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
