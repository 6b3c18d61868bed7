package dev.pymirror.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an HTTP {@code Authorization: Basic} header into an {@link Identity}: a user and password,
 * or user {@code __token__} (or the token's owner) and an API token as the password.
 *
 * <p>Checking a password costs an Argon2id hash (tens of milliseconds and 19 MiB), and pip or
 * twine send the same credentials with every request. So a check that succeeded is remembered for
 * a few minutes under a keyed hash of the credentials (the key lives in this process only, so the
 * memory holds no password and nothing a stolen heap dump could test guesses against offline
 * faster than the stored hash), and forgotten as soon as the users file changes. At most as many
 * hashes run at once as there are processors, which bounds the memory a flood of logins takes.
 */
public final class Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
    private static final Duration REMEMBER = Duration.ofMinutes(5);
    private static final int MAX_REMEMBERED = 10_000;

    private final UserStore users;
    private final Clock clock;
    private final SecretKeySpec cacheKey;
    private final Semaphore hashing = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()));
    private final Map<String, Remembered> verified = new ConcurrentHashMap<>();

    private record Remembered(String user, Object generation, Instant until) {}

    public Authenticator(UserStore users, Clock clock) {
        this.users = users;
        this.clock = clock;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.cacheKey = new SecretKeySpec(key, "HmacSHA256");
    }

    /** The identity a request's Authorization header (null when absent) gives. */
    public Identity identify(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Identity.ANONYMOUS;
        }
        String header = authorization.strip();
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return new Identity.Invalid("only HTTP Basic credentials are accepted");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Identity.Invalid("the Basic credentials are not valid base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return new Identity.Invalid("the Basic credentials hold no ':' between user and password");
        }
        return check(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    /** Checks a user name and password (or token). */
    public Identity check(String user, String password) {
        try {
            Object generation = users.generation();
            String key = cacheKey(user, password);
            Remembered r = verified.get(key);
            Instant now = clock.instant();
            if (r != null && r.generation().equals(generation) && r.until().isAfter(now)) {
                return new Identity.User(r.user());
            }
            Optional<String> who = verify(user, password);
            if (who.isEmpty()) {
                return new Identity.Invalid(UserName.TOKEN_USER.equals(user) || ApiToken.looksLikeToken(password)
                        ? "the API token is not valid" : "wrong user name or password");
            }
            if (verified.size() >= MAX_REMEMBERED) {
                verified.clear();
            }
            verified.put(key, new Remembered(who.get(), generation, now.plus(REMEMBER)));
            return new Identity.User(who.get());
        } catch (UserStoreException e) {
            LOG.error("cannot check credentials: {}", e.getMessage());
            return new Identity.Invalid("the server cannot read its users; see its log");
        }
    }

    private Optional<String> verify(String user, String password) throws UserStoreException {
        Optional<ApiToken> token = ApiToken.parse(password);
        if (token.isPresent()) {
            Optional<String> owner = users.tokenOwner(token.get());
            // With user __token__ any owner will do; with a user name, the token must be that user's.
            return owner.filter(o -> UserName.TOKEN_USER.equals(user) || o.equals(user));
        }
        if (UserName.TOKEN_USER.equals(user)) {
            return Optional.empty();
        }
        Optional<UserStore.User> u = users.user(user);
        if (u.isEmpty()) {
            return Optional.empty();
        }
        try {
            hashing.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            return PasswordHash.verify(u.get().passwordHash(), password.toCharArray()) ? Optional.of(user) : Optional.empty();
        } finally {
            hashing.release();
        }
    }

    private String cacheKey(String user, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(cacheKey);
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("Every Java runtime has HmacSHA256", e);
        }
    }
}
