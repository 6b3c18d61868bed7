package dev.pymirror.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM as a request to stop serving, not an end of the process: the server stops accepting,
 * finishes what is under way ({@code drain-timeout}) and {@code serve} returns 0 as any command
 * that did its work. The JVM's own handling of SIGTERM runs the shutdown hooks and then ends with
 * 143, which systemd and container runtimes take for a failure unless told otherwise.
 *
 * <p>{@code sun.misc.Signal} (module jdk.unsupported) is the JDK's only way to handle a signal;
 * where it is missing, SIGTERM keeps the JVM's behaviour (the shutdown hook still stops the server
 * gracefully, and the process ends with 143).
 */
final class StopSignal {

    private static final Logger LOG = LoggerFactory.getLogger(StopSignal.class);

    private StopSignal() {}

    /** On SIGTERM, runs {@code stop}; false when the signal cannot be handled here. */
    static boolean onTerm(Runnable stop) {
        try {
            Signal.handle(new Signal("TERM"), signal -> {
                LOG.info("SIGTERM: no new connections; finishing the requests under way");
                stop.run(); // on the JVM's thread for this signal, started for each one
            });
            return true;
        } catch (IllegalArgumentException | LinkageError e) {
            // The signal is reserved (-Xrs), or jdk.unsupported is not in this runtime.
            return false;
        }
    }
}
