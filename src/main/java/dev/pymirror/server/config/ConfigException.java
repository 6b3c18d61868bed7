package dev.pymirror.server.config;

/**
 * A configuration that cannot be used, with what is wrong in words a user can act on.
 * {@link NoSuchIndexException} is the one a command reports with where it read the indexes.
 */
public sealed class ConfigException extends RuntimeException permits NoSuchIndexException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
