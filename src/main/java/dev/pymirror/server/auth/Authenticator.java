package dev.pymirror.server.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
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
 * hashes run at once as there are processors, on threads of their own, which bounds the memory a
 * flood of logins takes and leaves the threads requests run on free.
 *
 * <p>Under a flood of wrong passwords a real user must still get in, so: remembered credentials
 * are answered before anything else and never wait for a hash; a failed check is remembered as
 * well, so repeating it costs nothing (and is not another guess); and new attempts are charged to
 * a {@link LoginThrottle} per client address and per user name before their hash, so a flood is
 * answered "too many" at once instead of queueing for the hashes a real login needs; an address a
 * user logged in from lately is spared the throttle on that user's name. A user name
 * that does not exist is checked against a hash no password matches, costing what a real check
 * costs, so that neither the time nor the throttle tells which names exist.
 */
public final class Authenticator {

    /** Why credentials went unchecked, for the client: the log has the storage's own words. */
    static final String UNCHECKED = "the server cannot read its users now, so it cannot check credentials; try again shortly";

    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
    private static final Duration REMEMBER = Duration.ofMinutes(5);
    private static final int MAX_REMEMBERED = 10_000;
    /** A failed check is answered from memory this long: the same guess again is no new guess. */
    private static final Duration REMEMBER_FAILURE = Duration.ofMinutes(1);
    /** Password attempts per client address: ten at once, then one every six seconds. */
    public static final int ADDRESS_BURST = 10;
    public static final Duration ADDRESS_WINDOW = Duration.ofMinutes(1);
    /** Password attempts per user name, from all addresses together: twenty, then one every three seconds. */
    public static final int USER_BURST = 20;
    public static final Duration USER_WINDOW = Duration.ofMinutes(1);
    /**
     * How long an address a user logged in from is spared the throttle on that user's name (not the
     * one on the address): guesses at a name from elsewhere cannot lock its owner out of the
     * machines the owner uses.
     */
    static final Duration KNOWN_ADDRESS = Duration.ofDays(1);

    private final UserStore users;
    private final Clock clock;
    private final SecretKeySpec cacheKey;
    /**
     * Where password hashes are computed: platform threads, one per processor. A hash is a busy
     * CPU for tens of milliseconds, and the virtual threads that requests run on do not give up
     * their carrier while computing; run there, a flood of logins held every carrier and every
     * other request (remembered logins, downloads, uploads) waited seconds for one. Here the
     * requests wait unmounted and the kernel shares the processors. Idle threads end.
     */
    private static final ExecutorService HASHERS = hashers(Math.max(1, Runtime.getRuntime().availableProcessors()));
    private final Map<String, Remembered> verified = new ConcurrentHashMap<>();
    private final Map<String, Remembered> rejected = new ConcurrentHashMap<>();
    private final LoginThrottle byAddress;
    private final LoginThrottle byUser;
    /** What an unknown user's password is checked against. */
    private final String unmatchable = PasswordHash.unmatchable();
    private final LongAdder passwordChecks = new LongAdder();
    /** Until when each user's recent addresses ({@code user \0 address}) are spared the user-name throttle. */
    private final Map<String, Instant> knownAddresses = new ConcurrentHashMap<>();
    /** When throttling was last logged for each address or user name. */
    private final Map<String, Instant> throttleLogged = new ConcurrentHashMap<>();

    /** A check's outcome while it is remembered; {@code user} holds the reason of a failure. */
    private record Remembered(String user, Object generation, Instant until) {}

    public Authenticator(UserStore users, Clock clock) {
        this(users, clock, new LoginThrottle(clock, ADDRESS_BURST, ADDRESS_WINDOW),
                new LoginThrottle(clock, USER_BURST, USER_WINDOW));
    }

    /** With other throttles, for tests. */
    Authenticator(UserStore users, Clock clock, LoginThrottle byAddress, LoginThrottle byUser) {
        this.users = users;
        this.clock = clock;
        this.byAddress = byAddress;
        this.byUser = byUser;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.cacheKey = new SecretKeySpec(key, "HmacSHA256");
    }

    /**
     * The identity a request's Authorization header (null when absent) gives.
     *
     * @param client the client's address, which failed attempts are counted against
     */
    public Identity identify(String authorization, String client) {
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
        return check(decoded.substring(0, colon), decoded.substring(colon + 1), client);
    }

    /** Checks a user name and password (or token) sent from {@code client}'s address. */
    public Identity check(String user, String password, String client) {
        try {
            Object generation = users.generation();
            String key = cacheKey(user, password);
            Instant now = clock.instant();
            Remembered r = verified.get(key);
            if (r != null && r.generation().equals(generation) && r.until().isAfter(now)) {
                return new Identity.User(r.user());
            }
            Remembered failed = rejected.get(key);
            if (failed != null && failed.generation().equals(generation) && failed.until().isAfter(now)) {
                return new Identity.Invalid(failed.user());
            }
            boolean token = UserName.TOKEN_USER.equals(user) || ApiToken.looksLikeToken(password);
            String addressKey = addressKey(client);
            // A token's check is cheap and its user name (__token__) is everyone's: only the address is charged.
            Instant knownUntil = token ? null : knownAddresses.get(user + '\0' + addressKey);
            String userKey = token || (knownUntil != null && knownUntil.isAfter(now)) ? null : user;
            Optional<Duration> wait = byAddress.charge(addressKey);
            if (wait.isPresent()) {
                logThrottling("address " + addressKey, now);
                return new Identity.Throttled("too many failed logins from this address", wait.get());
            }
            if (userKey != null) {
                wait = byUser.charge(userKey);
                if (wait.isPresent()) {
                    byAddress.refund(addressKey);
                    // The name is the client's: one that is no user name could hold anything, line breaks too.
                    logThrottling(UserName.isValid(user) ? "user name '" + user + "'" : "a user name that is not valid", now);
                    return new Identity.Throttled("too many failed logins for user '" + user + "'", wait.get());
                }
            }
            Optional<String> who;
            try {
                who = verify(user, password);
            } catch (UserStoreException e) {
                byAddress.refund(addressKey);
                if (userKey != null) {
                    byUser.refund(userKey);
                }
                throw e;
            }
            if (who.isEmpty()) {
                String reason = token ? "the API token is not valid" : "wrong user name or password";
                LOG.warn("failed login from {}: {}", client, reason);
                remember(rejected, key, new Remembered(reason, generation, now.plus(REMEMBER_FAILURE)));
                return new Identity.Invalid(reason);
            }
            byAddress.refund(addressKey);
            if (userKey != null) {
                byUser.refund(userKey);
            }
            remember(verified, key, new Remembered(who.get(), generation, now.plus(REMEMBER)));
            if (!token) {
                if (knownAddresses.size() >= MAX_REMEMBERED) {
                    knownAddresses.clear();
                }
                knownAddresses.put(user + '\0' + addressKey, now.plus(KNOWN_ADDRESS));
            }
            return new Identity.User(who.get());
        } catch (UserStoreException e) {
            // Neither remembered nor charged against the address or the name: the credentials may well be right.
            LOG.error("cannot check credentials: {}", e.getMessage());
            return new Identity.Unchecked(UNCHECKED);
        }
    }

    /**
     * Tells the log that logins are being refused, once a minute per address or name at most: a
     * line per refused request would let a flood fill the log as well.
     */
    private void logThrottling(String what, Instant now) {
        if (throttleLogged.size() >= MAX_REMEMBERED) {
            throttleLogged.clear();
        }
        // Decided in one step: the requests of a flood arrive together, and a look then a put let
        // two of them both log.
        boolean[] due = {false};
        throttleLogged.compute(what, (name, last) -> {
            if (last != null && last.isAfter(now.minus(Duration.ofMinutes(1)))) {
                return last;
            }
            due[0] = true;
            return now;
        });
        if (due[0]) {
            LOG.warn("too many failed logins for {}: refusing its logins (429) until it slows down", what);
        }
    }

    /** How many passwords have been checked against an Argon2 hash (a real one or the unmatchable one). */
    public long passwordChecks() {
        return passwordChecks.sum();
    }

    private static void remember(Map<String, Remembered> memory, String key, Remembered what) {
        if (memory.size() >= MAX_REMEMBERED) {
            memory.clear();
        }
        memory.put(key, what);
    }

    /**
     * What failed attempts are counted against: the address, or for IPv6 its /64 network, which
     * one client usually holds whole (counting single addresses would give it 2^64 allowances).
     */
    static String addressKey(String client) {
        if (client == null || client.indexOf(':') < 0) {
            return String.valueOf(client);
        }
        try {
            byte[] a = InetAddress.getByName(client.startsWith("[") ? client.substring(1, client.length() - 1) : client)
                    .getAddress();
            return a.length == 16 ? HexFormat.of().formatHex(a, 0, 8) + "::/64" : client;
        } catch (UnknownHostException e) {
            return client;
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
        // An unknown user costs the same hash, so that neither the time nor the answer tells who exists.
        String hash = u.map(UserStore.User::passwordHash).orElse(unmatchable);
        passwordChecks.increment();
        Future<Boolean> check = HASHERS.submit(() -> PasswordHash.verify(hash, password.toCharArray()));
        boolean matches;
        try {
            matches = check.get();
        } catch (InterruptedException e) {
            check.cancel(true);
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("checking a password failed", e.getCause());
        }
        return matches && u.isPresent() ? Optional.of(user) : Optional.empty();
    }

    private static ExecutorService hashers(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "pymirror-password-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
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
