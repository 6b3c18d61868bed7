package dev.pymirror.server.config;

/**
 * An index named that is not there. The indexes a command sees depend on which configuration file
 * it read (or none) and on the data directory's {@code indexes.toml}, so the command that reports
 * this adds where it looked: "there is no index 'internal'" alone sent users looking in the wrong file.
 */
public final class NoSuchIndexException extends ConfigException {

    public NoSuchIndexException(String message) {
        super(message);
    }
}
