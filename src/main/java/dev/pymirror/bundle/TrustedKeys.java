package dev.pymirror.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The public keys an importer trusts, by fingerprint. */
public final class TrustedKeys {

    private final Map<String, PublicKeyText> keys = new LinkedHashMap<>();

    private TrustedKeys() {}

    public static TrustedKeys of(List<PublicKeyText> keys) {
        TrustedKeys t = new TrustedKeys();
        keys.forEach(k -> t.keys.put(k.fingerprint(), k));
        return t;
    }

    /**
     * Each argument is a public key line itself, or a file of such lines (blank lines and lines
     * starting with '#' are skipped, as in an authorized_keys file). A bad line is a usage error
     * naming its file and line.
     */
    public static TrustedKeys read(List<String> arguments) throws IOException {
        List<PublicKeyText> keys = new ArrayList<>();
        for (String argument : arguments) {
            if (argument.strip().startsWith(PublicKeyText.PREFIX + " ")) {
                keys.add(parse(argument, "--trust '" + argument + "'"));
                continue;
            }
            Path file = Path.of(argument);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--trust " + argument + ": no such file, nor a '"
                        + PublicKeyText.PREFIX + " ...' line");
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            int before = keys.size();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    keys.add(parse(line, file + " line " + (i + 1)));
                }
            }
            if (keys.size() == before) {
                throw new IllegalArgumentException("--trust " + file + " holds no public key");
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no trusted key: give --trust with a public key file");
        }
        return of(keys);
    }

    private static PublicKeyText parse(String line, String where) {
        try {
            return PublicKeyText.parse(line);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    PublicKeyText byFingerprint(String fingerprint) {
        return keys.get(fingerprint);
    }

    String describe() {
        return keys.keySet().stream().collect(Collectors.joining(", "));
    }
}
