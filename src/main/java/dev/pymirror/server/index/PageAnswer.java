package dev.pymirror.server.index;

/**
 * A project page to send, and how fresh it is.
 *
 * @param page the page
 * @param status how the page relates to the upstream
 * @param warning for a stale page, what went wrong upstream; null otherwise
 * @param member for a group, the member (or members, comma-separated) the page came from; null otherwise
 */
public record PageAnswer(RenderablePage page, CacheStatus status, String warning, String member) {

    /** An answer of an index that is not a group. */
    public PageAnswer(RenderablePage page, CacheStatus status, String warning) {
        this(page, status, warning, null);
    }

    /** A page as the index has it now: nothing upstream to be stale against. */
    public static PageAnswer hit(RenderablePage page) {
        return new PageAnswer(page, CacheStatus.HIT, null);
    }

    /** This answer, as given by a group on behalf of {@code memberName}. */
    public PageAnswer from(String memberName) {
        return new PageAnswer(page, status, warning, memberName);
    }
}
