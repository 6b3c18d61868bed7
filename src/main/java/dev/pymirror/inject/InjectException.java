package dev.pymirror.inject;

/**
 * Inject, eject or run could not do its job on an image root: the root is already injected, a
 * mount needs privileges this process lacks, the record does not match the root, a file could not
 * be written. The message says what and, where there is one, what to do about it.
 *
 * <p>Subclasses name the cases callers and tests tell apart.
 */
public class InjectException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InjectException(String message) {
        super(message);
    }

    public InjectException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The root already carries a record of an injection that was not ejected. */
    public static final class AlreadyInjected extends InjectException {
        private static final long serialVersionUID = 1L;

        public AlreadyInjected(String message) {
            super(message);
        }
    }

    /** The record inside the root does not describe this root: eject refuses to guess. */
    public static final class RecordMismatch extends InjectException {
        private static final long serialVersionUID = 1L;

        public RecordMismatch(String message) {
            super(message);
        }
    }

    /** A mount or a chroot was needed and this process is not root. */
    public static final class NotPrivileged extends InjectException {
        private static final long serialVersionUID = 1L;

        public NotPrivileged(String message) {
            super(message);
        }
    }
}
