package dev.pymirror.server.config;

import dev.pymirror.store.DirectoryTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every index a server with this configuration serves: the configuration's own and those in the
 * data directory's {@link IndexesFile}, which {@code pymirror index create} and {@code delete}
 * change. A running server reads the data directory's indexes when it starts.
 */
public final class IndexCatalog {

    /** Where an index is declared. */
    public enum Source {
        /** The configuration file (or the built-in default). */
        CONFIGURATION,
        /** The data directory's {@code indexes.toml}. */
        DATA_DIRECTORY
    }

    /** An index and where it is declared. */
    public record Entry(IndexConfig index, Source source) {}

    private final ServerConfig configured;

    /** @param configured the configuration without the data directory's indexes */
    public IndexCatalog(ServerConfig configured) {
        this.configured = configured;
    }

    public Path dataDir() {
        return configured.dataDir();
    }

    /** The configuration with the data directory's indexes added. */
    public ServerConfig merged() {
        return configured.withMoreIndexes(IndexesFile.read(dataDir()), dataDir().resolve(IndexesFile.FILE).toString());
    }

    /** Every index, the configuration's first. */
    public List<Entry> list() {
        List<Entry> all = new ArrayList<>();
        configured.indexes().values().forEach(i -> all.add(new Entry(i, Source.CONFIGURATION)));
        IndexesFile.read(dataDir()).values().forEach(i -> all.add(new Entry(i, Source.DATA_DIRECTORY)));
        return all;
    }

    /**
     * Adds an index to the data directory.
     *
     * @throws ConfigException when the name is taken or the index does not fit (a group member that
     *     does not exist)
     */
    public void create(IndexConfig index) throws IOException {
        Files.createDirectories(dataDir());
        IndexesFile.update(dataDir(), current -> {
            Map<String, IndexConfig> next = new LinkedHashMap<>(current);
            if (configured.indexes().containsKey(index.name()) || next.containsKey(index.name())) {
                throw new ConfigException("there is an index '" + index.name() + "' already");
            }
            next.put(index.name(), index);
            configured.withMoreIndexes(next, IndexesFile.FILE); // checks groups against every index
            return next;
        });
    }

    /**
     * Removes an index of the data directory, and with {@code purge} its files too.
     *
     * @throws ConfigException when there is no such index, it is declared in the configuration file,
     *     or a group has it as a member
     */
    public void delete(String name, boolean purge) throws IOException {
        if (purge) {
            Optional<String> server = DataDirectoryOwner.server(dataDir());
            if (server.isPresent()) {
                throw new ConfigException("a server is running on " + dataDir() + " (" + server.get() + "), and"
                        + " --purge would delete files it serves; stop it first, or delete the index without --purge");
            }
        }
        IndexesFile.update(dataDir(), current -> {
            if (!current.containsKey(name)) {
                if (configured.indexes().containsKey(name)) {
                    throw new ConfigException("index '" + name + "' is declared in the configuration file; remove it there");
                }
                List<String> names = new ArrayList<>(configured.indexes().keySet());
                names.addAll(current.keySet());
                throw new NoSuchIndexException("there is no index '" + name + "'; indexes: " + String.join(", ", names));
            }
            Map<String, IndexConfig> all = new LinkedHashMap<>(configured.indexes());
            all.putAll(current);
            for (IndexConfig other : all.values()) {
                if (other instanceof GroupConfig g && g.members().contains(name)) {
                    throw new ConfigException("index '" + name + "' is a member of group '" + g.name()
                            + "'; take it out of the group first");
                }
            }
            Map<String, IndexConfig> next = new LinkedHashMap<>(current);
            next.remove(name);
            return next;
        });
        if (purge) {
            DirectoryTree.delete(dataDir().resolve(name));
        }
    }
}
