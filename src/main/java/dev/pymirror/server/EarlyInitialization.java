package dev.pymirror.server;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classes whose static initializer would cost a client tens of milliseconds, initialized on a thread
 * of their own while the server starts, so that the request that first needs one finds it ready (or
 * waits only for the rest of it). The AOT cache holds classes loaded and linked, not initialized:
 * every start runs these again.
 *
 * <p>{@code java.math.BigDecimal}: JDK 25 computes 5^(2^16) by repeated squaring as it initializes
 * it (about 30 ms in a fresh JVM on a two-core machine, bench/class-init.sh; more beside a
 * starting server), and
 * Jackson's parsers name it in their own initializer, so the first JSON a server reads (a stored
 * page after a restart, an upstream's JSON page) paid for it (BENCHMARKS.md, "A restarted server").
 *
 * <p>Only classes whose initializer needs no class another thread may be initializing meanwhile
 * belong here: two initializers waiting on each other from two threads would hang both. BigDecimal's
 * needs only BigInteger's (and the JDK's SharedSecrets), neither of which needs BigDecimal.
 */
final class EarlyInitialization {

    private static final Logger LOG = LoggerFactory.getLogger(EarlyInitialization.class);
    static final List<String> CLASSES = List.of("java.math.BigDecimal");

    private EarlyInitialization() {}

    /** Starts initializing {@link #CLASSES} on a daemon thread and returns at once. */
    static Thread startInBackground() {
        return Thread.ofPlatform().daemon().name("pymirror-early-init").start(() -> {
            for (String name : CLASSES) {
                try {
                    Class.forName(name, true, ClassLoader.getSystemClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    // The request that needs it initializes it, or says why it cannot.
                    LOG.debug("could not initialize {} ahead: {}", name, e.toString());
                }
            }
        });
    }
}
