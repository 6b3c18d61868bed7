package dev.pymirror.sync.lock;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a lock file as PEP 751 or uv.lock: by its name ({@code pylock.toml}, {@code
 * pylock.NAME.toml}, {@code uv.lock}), else by its first key ({@code lock-version} is PEP 751's,
 * {@code version} uv's).
 */
public final class LockReader {

    public Lock read(Path file) throws LockFileException {
        String origin = file.toString();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw new LockFileException(origin + ": no such file");
        } catch (CharacterCodingException e) {
            throw new LockFileException(origin + ": not UTF-8 text, as TOML must be");
        } catch (IOException e) {
            throw new LockFileException(origin + ": cannot be read: " + e.getMessage(), e);
        }
        return parse(origin, file.getFileName() == null ? "" : file.getFileName().toString(), text);
    }

    /** Reads a lock's text; {@code filename} chooses the format when it is a lock's usual name. */
    public Lock parse(String origin, String filename, String text) throws LockFileException {
        if (filename.equals("pylock.toml") || filename.matches("pylock\\.[^.]+\\.toml")) {
            return PyLock.parse(origin, text);
        }
        if (filename.equals("uv.lock")) {
            return UvLock.parse(origin, text);
        }
        TomlTable root = TomlTable.parse(origin, text);
        if (root.has("lock-version")) {
            return PyLock.parse(origin, text);
        }
        if (root.has("version") && (root.has("package") || root.has("requires-python"))) {
            return UvLock.parse(origin, text);
        }
        throw new LockFileException(origin + ": neither a PEP 751 lock (lock-version = \"1.0\") nor a uv.lock"
                + " (version = 1, [[package]] tables)");
    }
}
