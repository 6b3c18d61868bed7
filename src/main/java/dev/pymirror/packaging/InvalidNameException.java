package dev.pymirror.packaging;

/** A project name that PEP 508 does not allow (empty, leading or trailing punctuation, other characters). */
public final class InvalidNameException extends PackagingException {

    public InvalidNameException(String reason, String input, int position) {
        super(reason, input, position);
    }

    public InvalidNameException(String reason, String input) {
        super(reason, input);
    }
}
