package dev.pymirror.store.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionLogTest {

    @TempDir
    Path dir;

    @Test
    void keysAreTheSameWhateverTheDefaultLocale() throws Exception {
        // Arabic (Egypt) formats %d with Arabic-Indic digits: nodes of one bucket whose JVMs had
        // other locales would write and look for other keys.
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("ar-EG"));
            VersionLog log = new VersionLog(new LocalBlobStore(dir), "logs/demo", 2);
            for (int i = 1; i <= 3; i++) {
                String text = "entry " + i;
                log.append(entries -> Optional.of(text.getBytes(StandardCharsets.UTF_8)));
            }
        } finally {
            Locale.setDefault(before);
        }
        LocalBlobStore store = new LocalBlobStore(dir);
        List<String> keys = store.list("logs/demo/").stream().map(ObjectInfo.Listed::key).toList();
        assertThat(keys).isNotEmpty().allMatch(k -> k.matches("logs/demo/(checkpoints/)?[0-9]{20}"), "ASCII digits");
        assertThat(new VersionLog(store, "logs/demo").entries()).extracting(LogEntry::version).containsExactly(1L, 2L, 3L);
    }
}
