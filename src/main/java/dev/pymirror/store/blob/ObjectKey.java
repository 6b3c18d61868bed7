package dev.pymirror.store.blob;

/**
 * The rule for keys, the same for every store so that what works on a local disk works on a bucket
 * and the reverse: {@code /}-separated segments, none empty, none {@code .} or {@code ..}, none
 * starting with {@code .~} (the local store's staging names) and no control characters.
 */
public final class ObjectKey {

    private ObjectKey() {}

    /**
     * @return {@code key}
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static String check(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("an object key must not be empty");
        }
        if (key.length() > 900) {
            throw new IllegalArgumentException("object key longer than 900 characters: " + key.substring(0, 40) + "...");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.startsWith(".~")) {
                throw new IllegalArgumentException("object key '" + key + "' has a segment that is empty, "
                        + "'.', '..' or starts with '.~'");
            }
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) < 0x20 || key.charAt(i) == 0x7f) {
                throw new IllegalArgumentException("object key has a control character: " + key.strip());
            }
        }
        return key;
    }

    /** A listing prefix: empty, or a key's beginning under the same rules. */
    public static String checkPrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("a prefix must not be null");
        }
        if (!prefix.isEmpty()) {
            check(prefix.endsWith("/") ? prefix + "x" : prefix);
        }
        return prefix;
    }
}
