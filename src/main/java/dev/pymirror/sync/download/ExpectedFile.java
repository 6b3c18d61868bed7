package dev.pymirror.sync.download;

import dev.pymirror.sync.reqfile.HashPins;
import java.util.Map;

/**
 * What a downloaded file must be: the digests and size its index page states, and the user's
 * {@code --hash} pins.
 *
 * @param digests the page's digests by algorithm, lower-case hex; may be empty
 * @param size the size the page states, or -1
 * @param pins the user's pins; {@link HashPins#NONE} when none
 */
public record ExpectedFile(Map<String, String> digests, long size, HashPins pins) {

    public ExpectedFile {
        digests = Map.copyOf(digests);
    }

    /** The page's SHA-256, or null. */
    public String sha256() {
        return digests.get("sha256");
    }
}
