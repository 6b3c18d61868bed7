package dev.pymirror.inject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The client configuration files inject writes in a root: each client's primary file always, and
 * each file that would compete with it only where the root already has one.
 */
final class ClientFiles {

    private ClientFiles() {}

    /** Path inside the root to content, in the order they are written. */
    static Map<String, byte[]> plan(ImageRoot root, ClientSettings settings) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        byte[] pip = PipConfig.render(settings).getBytes(StandardCharsets.UTF_8);
        byte[] uv = UvConfig.render(settings).getBytes(StandardCharsets.UTF_8);
        files.put(PipConfig.PRIMARY, pip);
        for (String path : PipConfig.COMPETING) {
            if (root.entry(path) != ImageRoot.Entry.ABSENT) {
                files.put(path, pip);
            }
        }
        files.put(UvConfig.PRIMARY, uv);
        for (String path : UvConfig.COMPETING) {
            if (root.entry(path) != ImageRoot.Entry.ABSENT) {
                files.put(path, uv);
            }
        }
        files.put(EasyInstallConfig.PATH, EasyInstallConfig.render(settings).getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** Every file inject may write. A record naming another is not pymirror's. */
    static Set<String> writable() {
        Set<String> all = new TreeSet<>();
        all.add(PipConfig.PRIMARY);
        all.addAll(PipConfig.COMPETING);
        all.add(UvConfig.PRIMARY);
        all.addAll(UvConfig.COMPETING);
        all.add(EasyInstallConfig.PATH);
        return all;
    }

    /** Every directory inject may make: the ancestors of what it writes and of where it mounts. */
    static Set<String> creatableDirectories() {
        List<String> leaves = new ArrayList<>(writable());
        leaves.add(InjectPlan.MIRROR_MOUNT_POINT + "/x");
        for (SystemMount m : SystemMount.values()) {
            leaves.add(m.path() + "/x");
        }
        Set<String> dirs = new TreeSet<>();
        for (String leaf : leaves) {
            int slash = leaf.indexOf('/');
            while (slash > 0) {
                dirs.add(leaf.substring(0, slash));
                slash = leaf.indexOf('/', slash + 1);
            }
        }
        return dirs;
    }
}
