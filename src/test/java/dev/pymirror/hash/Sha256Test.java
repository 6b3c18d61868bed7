package dev.pymirror.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {

    private static final Sha256.Source OPENSSL = Sha256.choose(null, Sha256.OPENSSL_SOURCE);

    @Test
    void onThisMachineTheDigestsComeFromOpenSsl() {
        // Java 22+ with Debian's libcrypto 3 (the build's and CI's machine): a fallback here would
        // mean the native digest silently stopped loading (its class not compiled, its library moved).
        // A Java 21 has no foreign function API: the JDK's, and the tests below compare it with itself.
        String expected = Runtime.version().feature() >= 22 ? "OpenSSL" : "JDK";
        assertEquals(expected, OPENSSL.name());
        assertEquals(expected, Sha256.implementation());
    }

    @Test
    void theOpenSslClassIsBuiltOnJava22AndLater() {
        // The build compiles src/main/java22 with failOnError off (so that a JDK 21 can build the
        // rest): a compile error there shows up here, as the class missing, not as a failed build.
        if (Runtime.version().feature() >= 22) {
            assertDoesNotThrow(() -> Class.forName(Sha256.OPENSSL_SOURCE, false, Sha256.class.getClassLoader()),
                    "src/main/java22 was not compiled: see the build's compile-java22 output");
        }
    }

    @Test
    void theSettingJdkChoosesTheJdksDigest() {
        assertEquals("JDK", Sha256.choose("jdk", Sha256.OPENSSL_SOURCE).name());
    }

    @Test
    void aClassThatCannotLoadLeavesTheJdksDigest() {
        assertEquals("JDK", Sha256.choose(null, "dev.pymirror.hash.NoSuchDigest").name());
        // One that loads but is not a source of digests.
        assertEquals("JDK", Sha256.choose(null, "java.lang.String").name());
    }

    @Test
    void knownAnswers() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.hex(new byte[0]));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256.hex("abc".getBytes()));
        assertEquals("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
                Sha256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".getBytes()));
    }

    @Test
    void everyWayOfFeedingItGivesTheJdksDigest() throws Exception {
        Random random = new Random(14);
        for (int length : new int[] {0, 1, 55, 56, 63, 64, 65, 127, 128, 1000, 65_536, 1_000_003, 3 * (1 << 20) + 5}) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            byte[] expected = MessageDigest.getInstance("SHA-256").digest(bytes);

            // Whole: the longest crosses the slices OpenSslSha256 hands libcrypto one at a time.
            assertArrayEquals(expected, OPENSSL.digests().get().digest(bytes), "whole, " + length);

            // In pieces at random places, some a single byte, some empty.
            MessageDigest pieces = OPENSSL.digests().get();
            int at = 0;
            while (at < length) {
                int piece = Math.min(length - at, random.nextInt(3) == 0 ? random.nextInt(2) : random.nextInt(70_000));
                if (piece == 1 && random.nextBoolean()) {
                    pieces.update(bytes[at]);
                } else {
                    pieces.update(bytes, at, piece);
                }
                at += piece;
            }
            assertArrayEquals(expected, pieces.digest(), "in pieces, " + length);

            // From buffers: a heap slice with an offset, a direct one, a read-only one.
            byte[] padded = new byte[length + 7];
            System.arraycopy(bytes, 0, padded, 3, length);
            ByteBuffer heap = ByteBuffer.wrap(padded, 3, length);
            MessageDigest fromHeap = OPENSSL.digests().get();
            fromHeap.update(heap);
            assertEquals(3 + length, heap.position(), "the buffer is consumed");
            assertArrayEquals(expected, fromHeap.digest(), "heap buffer, " + length);

            ByteBuffer direct = ByteBuffer.allocateDirect(length).put(bytes).flip();
            MessageDigest fromDirect = OPENSSL.digests().get();
            fromDirect.update(direct);
            assertArrayEquals(expected, fromDirect.digest(), "direct buffer, " + length);

            MessageDigest fromReadOnly = OPENSSL.digests().get();
            fromReadOnly.update(ByteBuffer.wrap(bytes).asReadOnlyBuffer());
            assertArrayEquals(expected, fromReadOnly.digest(), "read-only buffer, " + length);
        }
    }

    @Test
    void aCloneGoesOnAloneAndADigestStartsAfresh() throws Exception {
        byte[] first = "first half, ".getBytes();
        byte[] second = "second half".getBytes();
        MessageDigest digest = OPENSSL.digests().get();
        digest.update(first);
        MessageDigest copy = (MessageDigest) digest.clone();
        assertNotSame(digest, copy);
        copy.update(second);
        digest.update("something else".getBytes());

        MessageDigest jdk = MessageDigest.getInstance("SHA-256");
        jdk.update(first);
        jdk.update(second);
        assertArrayEquals(jdk.digest(), copy.digest());

        // After digest() (and after reset()) the same object hashes from nothing.
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(second), copy.digest(second));
        digest.reset();
        assertEquals(Sha256.hex(second), HexFormat.of().formatHex(digest.digest(second)));
        assertEquals(32, digest.getDigestLength());
        assertEquals("SHA-256", digest.getAlgorithm());
    }

    @Test
    void clonesFedAByteAtATimeOnTwoThreadsStayApart() throws Exception {
        // A clone shares every field of its original but those clone() copies: each must hash alone.
        byte[][] inputs = new byte[2][300_000];
        new Random(5).nextBytes(inputs[0]);
        new Random(6).nextBytes(inputs[1]);
        MessageDigest original = OPENSSL.digests().get();
        MessageDigest[] clones = {(MessageDigest) original.clone(), (MessageDigest) original.clone()};
        Thread[] threads = new Thread[2];
        for (int t = 0; t < 2; t++) {
            int which = t;
            threads[t] = Thread.ofPlatform().start(() -> {
                for (byte b : inputs[which]) {
                    clones[which].update(b);
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        for (int t = 0; t < 2; t++) {
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(inputs[t]), clones[t].digest(), "clone " + t);
        }
    }

    @Test
    void aFileIsHashedWhole(@TempDir Path dir) throws Exception {
        byte[] bytes = new byte[600_001];
        new Random(3).nextBytes(bytes);
        Path file = Files.write(dir.resolve("f.whl"), bytes);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), Sha256.hexOf(file));
        // A stream from where it stands to its end.
        try (var in = Files.newInputStream(file)) {
            in.skipNBytes(1);
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    java.util.Arrays.copyOfRange(bytes, 1, bytes.length))), Sha256.hexOf(in));
        }
    }

    @Test
    void theBackgroundPreparationEnds() throws Exception {
        Thread t = Sha256.prepareInBackground();
        t.join(10_000);
        assertEquals(false, t.isAlive());
        assertEquals(true, t.isDaemon());
    }
}
