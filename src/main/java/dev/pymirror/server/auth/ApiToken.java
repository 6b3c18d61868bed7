package dev.pymirror.server.auth;

import dev.pymirror.hash.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * An API token: {@code pymirror_<id>_<secret>}, usable as a password (twine: user
 * {@code __token__}). The id (12 hex digits) finds the token's record; the secret (32 random
 * bytes) proves it. Only the secret's SHA-256 is stored: a secret of 256 random bits cannot be
 * guessed, so a slow hash would add cost and no safety, unlike for passwords people choose.
 *
 * @param id the token's public id
 * @param secret the secret part
 */
public record ApiToken(String id, String secret) {

    static final String PREFIX = "pymirror_";
    private static final int ID_CHARS = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new random token. */
    public static ApiToken generate() {
        byte[] id = new byte[ID_CHARS / 2];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        return new ApiToken(HexFormat.of().formatHex(id), Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** Reads a token from what a client sent as a password; empty when it is not one. */
    public static Optional<ApiToken> parse(String text) {
        if (text == null || !text.startsWith(PREFIX) || text.length() < PREFIX.length() + ID_CHARS + 2
                || text.charAt(PREFIX.length() + ID_CHARS) != '_') {
            return Optional.empty();
        }
        String id = text.substring(PREFIX.length(), PREFIX.length() + ID_CHARS);
        if (!id.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return Optional.empty();
        }
        return Optional.of(new ApiToken(id, text.substring(PREFIX.length() + ID_CHARS + 1)));
    }

    /** True when {@code text} has the shape of a token (whether or not it is a valid one). */
    public static boolean looksLikeToken(String text) {
        return parse(text).isPresent();
    }

    /** What is stored: the hex SHA-256 of the secret. */
    public String secretHash() {
        return Sha256.hex(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** True when this token's secret hashes to {@code storedHash}, compared in constant time. */
    public boolean matches(String storedHash) {
        return storedHash != null && MessageDigest.isEqual(secretHash().getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    /** The token as the user types it: shown once, when it is made. */
    public String text() {
        return PREFIX + id + "_" + secret;
    }

    /** The token without its secret, safe to log. */
    @Override
    public String toString() {
        return PREFIX + id + "_...";
    }
}
