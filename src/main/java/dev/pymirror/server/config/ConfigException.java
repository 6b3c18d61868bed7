package dev.pymirror.server.config;

/** A configuration that cannot be used, with what is wrong in words a user can act on. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
