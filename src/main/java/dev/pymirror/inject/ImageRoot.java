package dev.pymirror.inject;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The directory tree of an image being built, as seen from the host.
 *
 * <p>Every path inside it is given relative to the root ({@code etc/pip.conf}) and resolved here
 * without following symbolic links: an absolute link in an image points into the image when the
 * image runs, but into the host when a host process follows it, so a root whose {@code etc} or
 * {@code root} is a link is refused rather than written through.
 */
public final class ImageRoot {

    private static final Pattern SAFE_SEGMENT = Pattern.compile("[^/\\x00]+");

    private final Path dir;

    private ImageRoot(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens a root directory.
     *
     * @throws InvalidSettingException when it does not exist or is not a directory
     */
    public static ImageRoot open(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (!Files.exists(absolute)) {
            throw new InvalidSettingException("--root " + dir + ": no such directory");
        }
        if (!Files.isDirectory(absolute)) {
            throw new InvalidSettingException("--root " + dir + ": not a directory");
        }
        try {
            return new ImageRoot(absolute.toRealPath());
        } catch (IOException e) {
            throw new InvalidSettingException("--root " + dir + ": cannot be read: " + e.getMessage());
        }
    }

    /** The root's real path on the host. */
    public Path path() {
        return dir;
    }

    /**
     * The host path of a path inside the root.
     *
     * @param relative a relative path with no {@code .}, {@code ..} or empty segment
     * @throws IllegalArgumentException for anything else
     */
    public Path resolve(String relative) {
        checkRelative(relative);
        return dir.resolve(relative);
    }

    /** True when {@code relative} is a well-formed path inside a root (see {@link #resolve}). */
    public static boolean isWellFormed(String relative) {
        if (relative == null || relative.isEmpty() || relative.startsWith("/") || relative.endsWith("/")) {
            return false;
        }
        for (String segment : relative.split("/", -1)) {
            if (!SAFE_SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    static void checkRelative(String relative) {
        if (!isWellFormed(relative)) {
            throw new IllegalArgumentException("not a path inside an image root: '" + relative + "'");
        }
    }

    /** What is at a path, without following a link there. */
    public Entry entry(String relative) throws IOException {
        Path path = resolve(relative);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return Entry.ABSENT;
        }
        if (attrs.isSymbolicLink()) {
            return Entry.SYMLINK;
        }
        if (attrs.isRegularFile()) {
            return Entry.FILE;
        }
        if (attrs.isDirectory()) {
            return Entry.DIRECTORY;
        }
        return Entry.OTHER;
    }

    /** The kinds of thing a path can hold. */
    public enum Entry {
        ABSENT, FILE, SYMLINK, DIRECTORY, OTHER;

        /** A regular file or a symbolic link: what inject may replace and eject may restore. */
        public boolean isReplaceable() {
            return this == FILE || this == SYMLINK;
        }
    }

    /**
     * The ancestors of a path inside the root that do not exist yet, outermost first; those that do
     * exist must be real directories.
     *
     * @throws InjectException when an existing ancestor is a link or not a directory
     */
    public List<String> missingAncestors(String relative) throws IOException {
        checkRelative(relative);
        List<String> missing = new ArrayList<>();
        String[] segments = relative.split("/");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < segments.length - 1; i++) {
            if (i > 0) {
                prefix.append('/');
            }
            prefix.append(segments[i]);
            String ancestor = prefix.toString();
            if (!missing.isEmpty()) {
                missing.add(ancestor);
                continue;
            }
            switch (entry(ancestor)) {
                case ABSENT -> missing.add(ancestor);
                case DIRECTORY -> { }
                case SYMLINK -> throw new InjectException(describe(ancestor) + " is a symbolic link; pymirror does not"
                        + " follow links out of an image root (" + relative + " is under it)");
                default -> throw new InjectException(describe(ancestor) + " is not a directory ("
                        + relative + " is under it)");
            }
        }
        return missing;
    }

    /** True when a directory inside the root exists and holds nothing. */
    public boolean isEmptyDirectory(String relative) throws IOException {
        if (entry(relative) != Entry.DIRECTORY) {
            return false;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(resolve(relative))) {
            return !children.iterator().hasNext();
        }
    }

    /**
     * The {@code usr/lib/pythonX.Y} directories whose Python is marked externally managed (PEP 668),
     * where pip refuses to install outside a virtual environment unless told to.
     */
    public List<String> externallyManagedPythons() throws IOException {
        List<String> found = new ArrayList<>();
        if (entry("usr/lib") != Entry.DIRECTORY) {
            return found;
        }
        try (DirectoryStream<Path> libs = Files.newDirectoryStream(resolve("usr/lib"), "python3*")) {
            for (Path lib : libs) {
                String rel = "usr/lib/" + lib.getFileName();
                if (entry(rel + "/EXTERNALLY-MANAGED") == Entry.FILE) {
                    found.add(rel);
                }
            }
        }
        found.sort(null);
        return found;
    }

    /** How a path inside the root is named in messages: the host path. */
    public String describe(String relative) {
        return dir.resolve(relative).toString();
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
