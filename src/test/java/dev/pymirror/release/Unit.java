package dev.pymirror.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A systemd unit file's assignments, read as systemd reads the simple ones: KEY=VALUE, # comments. */
record Unit(List<String[]> assignments) {

    static Unit read(Path file) throws IOException {
        return new Unit(Files.readAllLines(file).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith(";") && !l.startsWith("["))
                .map(l -> l.split("=", 2))
                .toList());
    }

    /** Every value given to a key, in order. */
    List<String> values(String key) {
        return assignments.stream().filter(a -> a[0].strip().equals(key)).map(a -> a[1].strip()).toList();
    }

    /** The one value of a key. */
    String value(String key) {
        List<String> all = values(key);
        if (all.size() != 1) {
            throw new AssertionError("expected one " + key + "= in the unit, found " + all);
        }
        return all.get(0);
    }
}
