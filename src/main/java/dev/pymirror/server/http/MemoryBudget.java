package dev.pymirror.server.http;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * How the server shares out the JVM's direct memory, so that what it keeps has a known ceiling under
 * the one limit an operator sets ({@code -XX:MaxDirectMemorySize}, which defaults to the heap's
 * limit): small stored files kept in memory take at most half of it, buffers kept for reuse at most
 * an eighth, and the rest is left to buffers in use (each connection's, sendfile's, the JDK's own
 * temporary ones). Before this, every root of every kind of index had its own cache of up to 256 MB
 * while direct memory was limited to the heap's size: with a small heap the cache outgrew the limit,
 * and a file the cache failed to read into memory was answered as missing.
 *
 * @param directLimit the JVM's limit on direct memory, in bytes
 * @param heapLimit the JVM's limit on its heap, in bytes
 * @param fileCache bytes of stored files held in memory at most, all indexes together
 * @param largestCachedFile the largest file held in memory; larger ones are sent by sendfile
 * @param pooledDirect direct buffers kept for reuse at most, in bytes
 * @param pooledHeap heap buffers kept for reuse at most, in bytes
 */
public record MemoryBudget(long directLimit, long heapLimit, long fileCache, int largestCachedFile, long pooledDirect,
        long pooledHeap) {

    /** Files up to this size are kept in memory when the cache has room for 32 of them. */
    static final int LARGEST_CACHED_FILE = 1024 * 1024;

    /** The shares of the given limits. */
    public static MemoryBudget of(long directLimit, long heapLimit) {
        long fileCache = directLimit / 2;
        // Room for many files: a cache of a few large wheels would be emptied by every other request.
        int largest = (int) Math.min(LARGEST_CACHED_FILE, fileCache / 32);
        return new MemoryBudget(directLimit, heapLimit, fileCache, largest, directLimit / 8, heapLimit / 16);
    }

    /** The shares of this JVM's limits. */
    public static MemoryBudget ofThisJvm() {
        long heap = Runtime.getRuntime().maxMemory();
        return of(directLimit(heap), heap);
    }

    /** {@code -XX:MaxDirectMemorySize}, or the heap's limit when it is not set (the JVM's own rule). */
    private static long directLimit(long heap) {
        try {
            long set = Long.parseLong(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("MaxDirectMemorySize").getValue());
            return set > 0 ? set : heap;
        } catch (RuntimeException e) {
            return heap; // not HotSpot: its default
        }
    }
}
