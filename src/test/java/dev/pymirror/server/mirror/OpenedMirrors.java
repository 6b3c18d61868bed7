package dev.pymirror.server.mirror;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The mirrors a test opened, whose writes after their answers ({@link DeferredWrites}) end before
 * the test's folders are removed, as a server's stop waits for them. Registered with
 * {@code @RegisterExtension}; each mirror is handed to {@link #add}.
 */
public final class OpenedMirrors implements AfterEachCallback {

    private final List<MirrorIndex> opened = new CopyOnWriteArrayList<>();

    /** {@code mirror}, waited for after the test. */
    public MirrorIndex add(MirrorIndex mirror) {
        opened.add(mirror);
        return mirror;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (MirrorIndex mirror : opened) {
            if (!mirror.awaitWrites(Duration.ofSeconds(30))) {
                throw new AssertionError("mirror " + mirror.name() + " still writing 30 s after the test");
            }
        }
        opened.clear();
    }
}
