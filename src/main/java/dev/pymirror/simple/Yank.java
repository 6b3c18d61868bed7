package dev.pymirror.simple;

import java.util.Optional;

/**
 * That a file has been yanked (PEP 592), with the reason the index gives, if any.
 *
 * <p>A file that is not yanked has no {@code Yank} at all (see {@link ProjectFile#yank()}). In HTML
 * this is the {@code data-yanked} attribute ({@code data-yanked=""} when there is no reason); in
 * JSON the {@code yanked} key, {@code true} or the reason string.
 *
 * @param reason why the file was yanked; the empty string when no reason was given
 */
public record Yank(String reason) {

    /** Yanked, with no reason given. */
    public static final Yank WITHOUT_REASON = new Yank("");

    public Yank {
        reason = reason == null ? "" : reason;
    }

    /** Yanked for {@code reason}; null or empty means no reason was given. */
    public static Yank because(String reason) {
        return reason == null || reason.isEmpty() ? WITHOUT_REASON : new Yank(reason);
    }

    /** The reason, when one was given. */
    public Optional<String> givenReason() {
        return reason.isEmpty() ? Optional.empty() : Optional.of(reason);
    }
}
