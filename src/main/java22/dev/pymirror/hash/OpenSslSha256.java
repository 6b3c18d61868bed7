package dev.pymirror.hash;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * SHA-256 computed by the system's OpenSSL ({@code libcrypto}'s {@code SHA256_Init}, {@code _Update}
 * and {@code _Final}), called through the foreign function API. Built from src/main/java22 (Java 22
 * and later) and loaded only through {@link Sha256}, which falls back to the JDK's digest when this
 * class cannot load.
 *
 * <p>The digest's state ({@code SHA256_CTX}, 112 bytes on every 64-bit ABI OpenSSL supports) lives in
 * a {@code long[]} on the Java heap, and the calls are critical ones that may read the heap: no
 * native memory to free, a clone is an array copy, and the bytes are hashed where they are.
 * A critical call holds back the garbage collector while it runs, which for one slice of at most a
 * megabyte (the most one call is given) is under a millisecond.
 */
public final class OpenSslSha256 extends MessageDigest implements Cloneable {

    /** {@code sizeof(SHA256_CTX)} is 112 bytes; the state gets 128 so that no ABI's padding can overrun it. */
    private static final int STATE_LONGS = 16;

    /**
     * The most one call hashes: a critical call holds back the garbage collector (every thread waits
     * for it at a safepoint), and 1 MB takes under a millisecond.
     */
    private static final long SLICE = 1 << 20;

    private static final MethodHandle INIT;
    private static final MethodHandle UPDATE;
    private static final MethodHandle FINAL;

    static {
        Linker linker = Linker.nativeLinker();
        SymbolLookup crypto = libcrypto();
        Linker.Option heapAccess = Linker.Option.critical(true);
        INIT = linker.downcallHandle(symbol(crypto, "SHA256_Init"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS), heapAccess);
        UPDATE = linker.downcallHandle(symbol(crypto, "SHA256_Update"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG), heapAccess);
        FINAL = linker.downcallHandle(symbol(crypto, "SHA256_Final"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), heapAccess);
    }

    private long[] state = new long[STATE_LONGS];

    private OpenSslSha256() {
        super("SHA-256");
        engineReset();
    }

    /** OpenSSL 3's library first, then whatever the unversioned name is. */
    private static SymbolLookup libcrypto() {
        IllegalArgumentException missing = null;
        for (String name : new String[] {"libcrypto.so.3", "libcrypto.so"}) {
            try {
                return SymbolLookup.libraryLookup(name, Arena.global());
            } catch (IllegalArgumentException e) {
                missing = e;
            }
        }
        throw missing;
    }

    private static MemorySegment symbol(SymbolLookup library, String name) {
        return library.find(name).orElseThrow(() -> new IllegalStateException("libcrypto has no " + name));
    }

    @Override
    protected int engineGetDigestLength() {
        return 32;
    }

    @Override
    protected void engineUpdate(byte input) {
        // A byte at a time is rare (DigestInputStream's read()); an array of its own per call keeps
        // a clone, which shares this object's fields but the state, safe on another thread.
        engineUpdate(new byte[] {input}, 0, 1);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int length) {
        if (length > 0) {
            update(MemorySegment.ofArray(input).asSlice(offset, length));
        }
    }

    @Override
    protected void engineUpdate(ByteBuffer input) {
        int length = input.remaining();
        if (length > 0) {
            update(MemorySegment.ofBuffer(input));
            input.position(input.limit());
        }
    }

    /** In slices of at most {@link #SLICE} bytes, so that no critical call holds the collector back long. */
    private void update(MemorySegment bytes) {
        MemorySegment context = MemorySegment.ofArray(state);
        try {
            for (long at = 0, size = bytes.byteSize(); at < size; at += SLICE) {
                long length = Math.min(SLICE, size - at);
                check((int) UPDATE.invokeExact(context, bytes.asSlice(at, length), length), "SHA256_Update");
            }
        } catch (Throwable e) {
            throw failed(e);
        }
    }

    @Override
    protected byte[] engineDigest() {
        byte[] out = new byte[32];
        try {
            check((int) FINAL.invokeExact(MemorySegment.ofArray(out), MemorySegment.ofArray(state)), "SHA256_Final");
        } catch (Throwable e) {
            throw failed(e);
        }
        engineReset();
        return out;
    }

    @Override
    protected void engineReset() {
        Arrays.fill(state, 0);
        try {
            check((int) INIT.invokeExact(MemorySegment.ofArray(state)), "SHA256_Init");
        } catch (Throwable e) {
            throw failed(e);
        }
    }

    @Override
    public Object clone() throws CloneNotSupportedException {
        OpenSslSha256 copy = (OpenSslSha256) super.clone();
        copy.state = state.clone();
        return copy;
    }

    /** OpenSSL's SHA-256 functions return 1, and only fail on a null argument. */
    private static void check(int result, String function) {
        if (result != 1) {
            throw new IllegalStateException(function + " returned " + result);
        }
    }

    private static RuntimeException failed(Throwable e) {
        if (e instanceof RuntimeException r) {
            return r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(e);
    }

    /**
     * Makes OpenSSL's digests once this library checks out: loading it links libcrypto (and fails
     * where there is none), and the constructor compares three known answers, so that a library that
     * is not what it claims is never used.
     */
    public static final class Source implements Supplier<MessageDigest> {

        public Source() {
            knownAnswer("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
            knownAnswer("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
            knownAnswer("a".repeat(1_000_000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
        }

        private static void knownAnswer(String text, String expected) {
            String actual = HexFormat.of().formatHex(new OpenSslSha256().digest(text.getBytes(StandardCharsets.US_ASCII)));
            if (!actual.equals(expected)) {
                throw new IllegalStateException("libcrypto's SHA-256 of a known text is " + actual + ", not " + expected);
            }
        }

        @Override
        public MessageDigest get() {
            return new OpenSslSha256();
        }
    }
}
