package dev.pymirror.inject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command inside an injected root: inject, {@code chroot} with a clean environment, eject.
 *
 * <p>The root is ejected whatever happens to the command: when it succeeds, when it fails, and when
 * pymirror itself is stopped by SIGINT or SIGTERM, in which case a shutdown hook stops the command
 * (and what it started) before ejecting. The host's environment does not reach the command: it gets
 * a fixed PATH, HOME=/root, LANG=C.UTF-8, TERM when the host has one, and what the caller adds, so
 * the host's PIP_* and UV_* variables cannot override the configuration just written.
 */
public final class ChrootRunner {

    /** The command's PATH inside the root. */
    public static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static final long STOP_GRACE_SECONDS = 10;

    private final Injector injector = new Injector();
    private final Ejector ejector = new Ejector();

    /** What happened, for the caller to report. */
    public interface Listener {
        /** The root was injected; the command starts next. */
        void injected(Report report);

        /** The root was ejected, after the command or on a signal. */
        void ejected(Report report);

        /** Ejecting failed; the root is left injected. */
        void ejectFailed(Exception e);
    }

    /**
     * Injects the root, runs the command in it, and ejects.
     *
     * @param command the command and its arguments, as seen inside the root
     * @param extraEnvironment variables added to the command's clean environment
     * @return the command's exit code (128 + the signal number when a signal ended it)
     * @throws InjectException when the root could not be injected (the command did not run) or could
     *     not be ejected after it ran (the message says which; the exit code is then lost)
     */
    public int run(ImageRoot root, InjectPlan plan, List<String> command, Map<String, String> hostEnvironment,
            Map<String, String> extraEnvironment, Listener listener) throws IOException, InterruptedException {
        if (command.isEmpty()) {
            throw new InvalidSettingException("no command given to run in the root");
        }
        Privileges.requireRoot("running a command in a chroot of " + root, null);
        Path chroot = findChroot();

        Session session = new Session(root, listener);
        Thread hook = new Thread(session::abort, "pymirror-run-eject");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            session.inject(plan);
            List<String> argv = new ArrayList<>(List.of(chroot.toString(), root.toString()));
            argv.addAll(command);
            ProcessBuilder pb = new ProcessBuilder(argv).inheritIO();
            pb.environment().clear();
            pb.environment().putAll(cleanEnvironment(hostEnvironment, extraEnvironment));
            Process child = session.start(pb);
            int exit = child.waitFor();
            try {
                session.finish();
            } catch (IOException | RuntimeException e) {
                throw new InjectException("the command exited " + exit + ", but ejecting " + root + " failed: "
                        + e.getMessage() + "; the root is left injected: run 'pymirror eject --root " + root
                        + "' once the cause is fixed", e);
            }
            return exit;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or has run: it owns the ejection now.
            }
        }
    }

    /** The environment a command gets inside the root. */
    public static Map<String, String> cleanEnvironment(Map<String, String> host, Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", PATH);
        env.put("HOME", "/root");
        env.put("USER", "root");
        env.put("LOGNAME", "root");
        env.put("LANG", "C.UTF-8");
        String term = host.get("TERM");
        if (term != null && !term.isEmpty()) {
            env.put("TERM", term);
        }
        env.putAll(extra);
        return env;
    }

    private static Path findChroot() {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            Path candidate = Path.of(dir, "chroot");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new InjectException("no chroot program found in /usr/sbin, /usr/bin, /sbin or /bin (coreutils has it)");
    }

    /**
     * One run's state, shared by the main thread and the shutdown hook. Its lock keeps them from
     * ejecting twice or ejecting while inject is still writing.
     */
    private final class Session {
        private final ImageRoot root;
        private final Listener listener;
        private boolean aborted;
        private boolean injected;
        private boolean ejectTried;
        private Process child;

        Session(ImageRoot root, Listener listener) {
            this.root = root;
            this.listener = listener;
        }

        synchronized void inject(InjectPlan plan) throws IOException {
            if (aborted) {
                throw new InjectException("stopped before the root was injected");
            }
            Report report = injector.inject(root, plan);
            injected = true;
            listener.injected(report);
        }

        synchronized Process start(ProcessBuilder pb) throws IOException {
            if (aborted) {
                throw new InjectException("stopped before the command started");
            }
            try {
                child = pb.start();
            } catch (IOException e) {
                ejectOnce();
                throw new InjectException("cannot start chroot: " + e.getMessage(), e);
            }
            return child;
        }

        synchronized void finish() throws IOException {
            ejectOnce();
        }

        /** The shutdown hook: stop the command and what it started, then eject. */
        synchronized void abort() {
            aborted = true;
            if (child != null && child.isAlive()) {
                stop(child);
            }
            if (injected && !ejectTried) {
                try {
                    ejectOnce();
                } catch (IOException | RuntimeException e) {
                    listener.ejectFailed(e);
                }
            }
        }

        /** Ejects unless that was already tried: a failed eject is reported once, not again at exit. */
        private void ejectOnce() throws IOException {
            if (!injected || ejectTried) {
                return;
            }
            ejectTried = true;
            listener.ejected(ejector.eject(root));
        }

        private static void stop(Process process) {
            List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
            all.add(process.toHandle());
            all.forEach(ProcessHandle::destroy);
            try {
                process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (ProcessHandle handle : all) {
                if (handle.isAlive()) {
                    handle.destroyForcibly();
                }
            }
            for (ProcessHandle handle : all) {
                try {
                    handle.onExit().get(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // Gone or stuck: unmounting will say which.
                }
            }
        }
    }
}
