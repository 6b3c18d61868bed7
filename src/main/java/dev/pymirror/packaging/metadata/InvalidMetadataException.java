package dev.pymirror.packaging.metadata;

import dev.pymirror.packaging.PackagingException;

/**
 * Core metadata that cannot be used: a required field missing, or a field whose value breaks its
 * standard. {@link #field()} names the field; the message says what was wrong with which value.
 */
public final class InvalidMetadataException extends PackagingException {

    private final String field;

    public InvalidMetadataException(String reason, String field, String value) {
        super(field.isEmpty() ? reason : field + ": " + reason, value);
        this.field = field;
    }

    /** A field whose value failed its own parser: keeps that parser's reason and position. */
    public InvalidMetadataException(String field, PackagingException cause) {
        super(field + ": " + cause.reason(), cause.input(), cause.position());
        this.field = field;
        initCause(cause);
    }

    /** The metadata field at fault (for example {@code Requires-Dist}), or empty for the file as a whole. */
    public String field() {
        return field;
    }
}
