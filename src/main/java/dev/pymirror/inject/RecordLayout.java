package dev.pymirror.inject;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a record of changed files lives inside a root, and what it may name: the files it may
 * write and the directories it may make. A record naming anything else is not pymirror's, and
 * nothing is undone from it. {@link #INJECT} is an image root's; {@code pymirror use} keeps its own
 * in a home directory or in the machine's root.
 *
 * @param directory the directory made for the record and backups (and kept for nothing else)
 * @param record the record file
 * @param backups the directory of the copies of replaced files
 * @param writable every file a record may name
 * @param creatableDirectories every directory a record may name as made
 */
public record RecordLayout(String directory, String record, String backups, Set<String> writable,
        Set<String> creatableDirectories) {

    /** Inject's: in the image root, with the client files and mount points inject knows. */
    static final RecordLayout INJECT = new RecordLayout(RecordFile.DIRECTORY, RecordFile.PATH, RecordFile.BACKUPS,
            ClientFiles.writable(), ClientFiles.creatableDirectories());

    public RecordLayout {
        writable = Set.copyOf(writable);
        creatableDirectories = Set.copyOf(creatableDirectories);
        for (String path : java.util.List.of(directory, record, backups)) {
            ImageRoot.checkRelative(path);
        }
    }

    /**
     * A layout whose record is {@code <directory>/<name>.json} with backups in
     * {@code <directory>/<name>-backup}, for these files and their ancestors.
     */
    public static RecordLayout of(String directory, String name, Collection<String> files) {
        Set<String> dirs = new TreeSet<>();
        for (String file : files) {
            int slash = file.indexOf('/');
            while (slash > 0) {
                dirs.add(file.substring(0, slash));
                slash = file.indexOf('/', slash + 1);
            }
        }
        return new RecordLayout(directory, directory + "/" + name + ".json", directory + "/" + name + "-backup",
                Set.copyOf(files), dirs);
    }
}
