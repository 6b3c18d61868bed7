package dev.pymirror.packaging.tags;

/**
 * Why one tag of a wheel is not supported by a target: the first of interpreter, ABI and platform
 * the target does not accept, in that order, with a sentence for people.
 *
 * @param tag the unsupported tag
 * @param aspect which part of the tag the target does not accept
 * @param reason a sentence such as {@code "needs glibc 2.31; the target accepts glibc up to 2.28"}
 */
public record Incompatibility(Tag tag, Aspect aspect, String reason) {

    /** The part of a tag that does not fit. */
    public enum Aspect {
        /** The target does not accept the interpreter tag at all ({@code cp311} on CPython 3.12). */
        INTERPRETER,
        /** The target accepts the interpreter but not with this ABI ({@code cp311-cp311} on CPython 3.12). */
        ABI,
        /** The target does not accept the platform ({@code win_amd64} on Linux). */
        PLATFORM,
        /** Each part is accepted on its own, but not in this combination. */
        COMBINATION
    }

    /** {@code tag: reason}. */
    @Override
    public String toString() {
        return tag + ": " + reason;
    }
}
