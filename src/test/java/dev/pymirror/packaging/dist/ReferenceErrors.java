package dev.pymirror.packaging.dist;

import dev.pymirror.packaging.dist.InvalidFilenameException.Problem;

/** Reads which part the reference implementation blamed from its error message. */
final class ReferenceErrors {

    private ReferenceErrors() {}

    static Problem problem(String referenceError) {
        if (referenceError.contains("(extension must be")) {
            return Problem.EXTENSION;
        }
        if (referenceError.contains("(wrong number of parts)") || referenceError.startsWith("Invalid sdist filename: ")) {
            return Problem.PART_COUNT;
        }
        if (referenceError.startsWith("Invalid project name") || referenceError.contains("project name)")) {
            return Problem.NAME;
        }
        if (referenceError.contains("(invalid version)")) {
            return Problem.VERSION;
        }
        if (referenceError.startsWith("Invalid build number")) {
            return Problem.BUILD_TAG;
        }
        if (referenceError.contains("(invalid tag component)")) {
            return Problem.TAGS;
        }
        if (referenceError.contains("sorted order")) {
            return Problem.TAG_ORDER;
        }
        throw new AssertionError("Unknown reference error: " + referenceError);
    }
}
