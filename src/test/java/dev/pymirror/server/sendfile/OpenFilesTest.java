package dev.pymirror.server.sendfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pymirror.server.sendfile.OpenFiles.OpenFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenFilesTest {

    @TempDir
    Path dir;

    private Path file(String name, int size) throws IOException {
        return Files.write(dir.resolve(name), new byte[size]);
    }

    private static long modified(Path file) throws IOException {
        return Files.getLastModifiedTime(file).toMillis();
    }

    @Test
    void aFileIsOpenedOnceAndShared() throws IOException {
        Path a = file("a", 100);
        OpenFiles open = new OpenFiles(4, 10);

        OpenFile first = open.acquire(a, 100, modified(a));
        OpenFile second = open.acquire(a, 100, modified(a));

        assertThat(second).isSameAs(first);
        assertThat(open.liveMappings()).isEqualTo(1);
        first.release();
        second.release();
        assertThat(first.channel().isOpen()).as("the cache still holds it").isTrue();
    }

    @Test
    void theLeastRecentlyUsedIsClosedOnceNoRequestHoldsIt() throws IOException {
        Path a = file("a", 10);
        Path b = file("b", 10);
        OpenFiles open = new OpenFiles(1, 10);

        OpenFile sending = open.acquire(a, 10, modified(a));
        OpenFile other = open.acquire(b, 10, modified(b));

        assertThat(open.cached()).isEqualTo(1);
        assertThat(sending.channel().isOpen()).as("a request still sends from it").isTrue();
        sending.release();
        assertThat(sending.channel().isOpen()).isFalse();
        other.release();
        assertThat(other.channel().isOpen()).isTrue();
    }

    @Test
    void aFileThatIsNotWhatTheCallerSawIsRefused() throws IOException {
        Path a = file("a", 10);
        OpenFiles open = new OpenFiles(4, 10);

        assertThat(open.acquire(a, 11, modified(a))).isNull();
        assertThat(open.acquire(dir.resolve("missing"), 10, 0)).isNull();
        assertThat(open.cached()).isZero();
        assertThat(open.liveMappings()).isZero();
    }

    @Test
    void aChangedFileIsOpenedAgain() throws IOException {
        Path a = file("a", 10);
        OpenFiles open = new OpenFiles(4, 10);
        OpenFile before = open.acquire(a, 10, modified(a));
        before.release();

        Files.write(a, new byte[20]);
        OpenFile after = open.acquire(a, 20, modified(a));

        assertThat(after).isNotSameAs(before);
        assertThat(before.channel().isOpen()).isFalse();
        after.release();
    }

    @Test
    void pastTheMappingBudgetNothingIsOpened() throws IOException {
        Path a = file("a", 10);
        Path b = file("b", 10);
        OpenFiles open = new OpenFiles(4, 1);

        assertThat(open.acquire(a, 10, modified(a))).isNotNull();
        assertThat(open.acquire(b, 10, modified(b))).isNull();
        assertThat(open.liveMappings()).isEqualTo(1);
    }

    @Test
    void stoppingClosesWhatNoRequestHolds() throws Exception {
        Path a = file("a", 10);
        OpenFiles open = new OpenFiles(4, 10);
        open.start();
        OpenFile file = open.acquire(a, 10, modified(a));
        file.release();

        open.stop();

        assertThat(file.channel().isOpen()).isFalse();
        assertThat(open.cached()).isZero();
    }
}
