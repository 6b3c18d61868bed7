package dev.pymirror.packaging.requirements;

import dev.pymirror.packaging.PackagingException;

/**
 * A PEP 508 dependency specifier (requirement) that cannot be parsed: a bad name, extras list,
 * version specifier, URL or marker. The position is an offset into the whole requirement string,
 * also for errors found inside its marker or version specifier.
 */
public final class InvalidRequirementException extends PackagingException {

    public InvalidRequirementException(String reason, String input, int position) {
        super(reason, input, position);
    }
}
