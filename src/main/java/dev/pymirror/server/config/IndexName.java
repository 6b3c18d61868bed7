package dev.pymirror.server.config;

/** Index names appear in URLs and folder names: keep them to what is safe in both. */
final class IndexName {

    private IndexName() {}

    static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > 64) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || ((c == '-' || c == '_') && i > 0);
            if (!ok) {
                return false;
            }
        }
        // "simple" and "files" are route segments of every index; "health" is the status route.
        return !name.equals("simple") && !name.equals("files") && !name.equals("health");
    }
}
