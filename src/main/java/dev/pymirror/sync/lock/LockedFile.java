package dev.pymirror.sync.lock;

import java.util.Map;

/**
 * A file a lock names: the exact wheel or sdist an installer of the lock takes.
 *
 * @param filename its file name
 * @param url where the lock says it was, or null (a lock may give only a path or a name)
 * @param hashes its digests by algorithm (lower-case names, lower-case hex); never empty
 * @param size its size in bytes, or -1 when the lock does not say
 * @param uploadTime its upload time as the lock writes it, or null
 */
public record LockedFile(String filename, String url, Map<String, String> hashes, long size, String uploadTime) {

    public LockedFile {
        hashes = Map.copyOf(hashes);
    }

    /** The file name at the end of a URL or path: its last segment, decoded, without query or fragment. */
    public static String filenameOf(String urlOrPath) {
        String s = urlOrPath;
        int cut = s.indexOf('#');
        s = cut >= 0 ? s.substring(0, cut) : s;
        cut = s.indexOf('?');
        s = cut >= 0 ? s.substring(0, cut) : s;
        s = s.substring(s.lastIndexOf('/') + 1);
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }
}
