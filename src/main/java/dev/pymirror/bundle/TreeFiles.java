package dev.pymirror.bundle;

import dev.pymirror.hash.Sha256;
import dev.pymirror.store.StagedFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The files of a synced tree that a bundle carries, hashed: every regular file but the tree's
 * transient state (its lock, the sync's spool, unfinished writes) and an import's own record.
 * A symbolic link or any other kind of file is refused: it would carry a path, not content.
 */
final class TreeFiles {

    /** Paths inside the tree that are state of the moment, not content. */
    private static final List<String> SKIPPED = List.of(TreePath.RECORD_DIR, ".pymirror/spool", ".pymirror/lock");

    private TreeFiles() {}

    static List<BundleFile> read(Path root) throws IOException, InterruptedException {
        if (!Files.isDirectory(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new BundleException(root + " is not a directory");
        }
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return SKIPPED.contains(relative(root, dir)) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String rel = relative(root, file);
                if (SKIPPED.contains(rel) || StagedFile.isTemporary(file)) {
                    return FileVisitResult.CONTINUE;
                }
                if (attrs.isSymbolicLink()) {
                    throw new BundleException(file + " is a symbolic link; a bundle carries regular files only");
                }
                if (!attrs.isRegularFile()) {
                    throw new BundleException(file + " is not a regular file; a bundle carries regular files only");
                }
                String why = TreePath.problem(rel);
                if (why != null) {
                    throw new BundleException(file + " cannot be carried: it has " + why);
                }
                found.add(file);
                return FileVisitResult.CONTINUE;
            }
        });
        // Hashing is the cost of a bundle: one file per processor at once.
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().factory());
        try {
            List<Future<BundleFile>> hashed = new ArrayList<>();
            for (Path file : found) {
                hashed.add(pool.submit(() -> hash(root, file)));
            }
            List<BundleFile> files = new ArrayList<>(found.size());
            for (Future<BundleFile> f : hashed) {
                try {
                    files.add(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
            return files;
        } finally {
            pool.shutdownNow();
        }
    }

    static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
    }

    static BundleFile hash(Path root, Path file) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        long size = 0;
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            while (in.read(buffer) >= 0) {
                buffer.flip();
                size += buffer.remaining();
                digest.update(buffer);
                buffer.clear();
            }
        }
        return new BundleFile(relative(root, file), size, HexFormat.of().formatHex(digest.digest()));
    }
}
