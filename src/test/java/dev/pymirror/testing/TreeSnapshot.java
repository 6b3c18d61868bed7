package dev.pymirror.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A checksum list of a directory tree: for every entry, its type, permission bits, owner, group, and
 * for a file its size, SHA-256 and modification time, for a link its target. Directories' times are
 * left out: creating and removing a file in a directory changes its time and nothing else.
 *
 * <p>Mount points are not descended into ({@code skip} names them), so a snapshot of an image root
 * with /proc mounted lists the directory, not the kernel's files.
 */
public final class TreeSnapshot {

    private final Map<String, String> entries;

    private TreeSnapshot(Map<String, String> entries) {
        this.entries = entries;
    }

    /** Takes the snapshot of a tree. */
    public static TreeSnapshot of(Path root) {
        return of(root, Set.of());
    }

    /** Takes the snapshot of a tree, not descending into the given paths (relative to the root). */
    public static TreeSnapshot of(Path root, Set<String> skip) {
        Map<String, String> entries = new TreeMap<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    String rel = relative(root, dir);
                    entries.put(rel, describe(dir, attrs));
                    return skip.contains(rel) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    entries.put(relative(root, file), describe(file, attrs));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TreeSnapshot(entries);
    }

    /** The paths listed, relative to the root ("" is the root itself). */
    public Set<String> paths() {
        return entries.keySet();
    }

    /** The description of one path, or null. */
    public String get(String path) {
        return entries.get(path);
    }

    /** This snapshot without the paths the filter rejects. */
    public TreeSnapshot without(Predicate<String> excluded) {
        Map<String, String> kept = new TreeMap<>();
        entries.forEach((path, description) -> {
            if (!excluded.test(path)) {
                kept.put(path, description);
            }
        });
        return new TreeSnapshot(kept);
    }

    /** Each difference as a line: "+ path ..." (only here), "- path ..." (only in other), "~ path". */
    public List<String> differencesFrom(TreeSnapshot before) {
        List<String> out = new ArrayList<>();
        for (var e : before.entries.entrySet()) {
            String now = entries.get(e.getKey());
            if (now == null) {
                out.add("- " + e.getKey() + " " + e.getValue());
            } else if (!now.equals(e.getValue())) {
                out.add("~ " + e.getKey() + " was " + e.getValue() + " now " + now);
            }
        }
        for (var e : entries.entrySet()) {
            if (!before.entries.containsKey(e.getKey())) {
                out.add("+ " + e.getKey() + " " + e.getValue());
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TreeSnapshot other && other.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        entries.forEach((path, description) -> b.append(path).append(' ').append(description).append('\n'));
        return b.toString();
    }

    private static String relative(Path root, Path path) {
        return root.relativize(path).toString();
    }

    private static String describe(Path path, BasicFileAttributes basic) throws IOException {
        Map<String, Object> unix = Files.readAttributes(path, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
        String owner = String.format("%04o %s:%s", (Integer) unix.get("mode") & 07777, unix.get("uid"), unix.get("gid"));
        if (basic.isSymbolicLink()) {
            return "link " + owner + " -> " + Files.readSymbolicLink(path);
        }
        if (basic.isDirectory()) {
            return "dir " + owner;
        }
        if (basic.isRegularFile()) {
            FileTime modified = basic.lastModifiedTime();
            return "file " + owner + " " + basic.size() + " " + sha256(path) + " " + modified;
        }
        return "other " + owner;
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
