package dev.pymirror.bench;

import dev.pymirror.testing.LocalPorts;
import dev.pymirror.testing.Nginx;
import dev.pymirror.testing.Pip;
import dev.pymirror.testing.PipInstaller;
import dev.pymirror.testing.ServerWait;
import dev.pymirror.testing.StaticIndex;
import dev.pymirror.testing.StaticIndexServer;
import dev.pymirror.testing.ToolRun;
import dev.pymirror.testing.Wheel;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The real pip against a freshly started pymirror, with nginx serving the same tree as the
 * yardstick, in one run: what the server adds to {@code pip download} of six applications and
 * their dependencies (32 wheels, about 45 MB, generated), with the server just started and its
 * cache empty, and on a second run from its warm cache.
 *
 * <pre>
 * bench/pip-run.sh [ROUNDS]      # 5 by default
 * </pre>
 *
 * Each round (alternating whether nginx goes first): pip against nginx; then pymirror started
 * through {@code ./pymirror} (the launcher users run, with its AOT cache) on an empty data
 * directory as a mirror of that nginx, timed from exec until {@code /health} answers; pip against
 * it (the fresh run: every page and file fetched from the upstream, stored and hashed); pip again
 * (the second run, from the cache); then pymirror is stopped (SIGTERM, as a service manager stops
 * it), started again on the same data directory and pip runs once more (the restarted run: a JVM
 * just started over a full cache, as a deploy or a configuration change leaves a service). pip is
 * Debian's (or, with {@code -Dbench.pip=newest}, pip 26.2.1 in a venv, see {@link
 * PipInstaller#newest}), in a clean environment with no cache (see {@link Pip}). Every run must
 * fetch the same 32 files. The arithmetic is {@link ServerAddedTime}'s.
 *
 * <p>Levers side by side: {@code -Dbench.variants='before=-XX:AOTCache=old.aot|after='} (or
 * {@code NAME@LAUNCHER=...}, another build's launcher) starts one
 * server per variant in each round (taking turns at going first), each with that PYMIRROR_JAVA_OPTS
 * (the launcher's AOT option comes first, so a later one replaces it), and reports each against the
 * same nginx runs. For profiling: the server inherits {@code PYMIRROR_JAVA_OPTS} (JFR, {@code -Xlog}; the launcher
 * keeps the AOT cache first), and {@code -Dbench.logs=DIR} keeps each round's server log (its access
 * lines carry every request's duration) in DIR. {@code -Dbench.pagesFirst=NAME,...} asks the named
 * variants' servers for every project's page before the fresh run, so that the run
 * finds the pages cached and fetches only the files: what any fetching of pages ahead of pip could
 * save at most. {@code -Dbench.prefetch=NAME,...} starts the named variants' servers with
 * {@code prefetch-dependencies} on ({@code serve --prefetch-dependencies}): what the
 * mirror's own fetching of pages ahead of pip saves of that. {@code -Dbench.warm=N} runs pip N more
 * times after the second run, untimed, then once more timed: the same cache hits from a server whose
 * code for them is compiled, as on one that has answered for a while.
 */
public final class PipRunBench {

    /** Project, megabytes of its newest wheel, and its dependencies: shaped after the real ones. */
    private record Project(String name, double megabytes, String... requires) {}

    private static final List<Project> PROJECTS = List.of(
            new Project("requests", 0.06, "charset-normalizer>=2", "idna>=2", "urllib3>=2",
                    "certifi>=2"),
            new Project("charset-normalizer", 0.15), new Project("idna", 0.07), new Project("urllib3", 0.13),
            new Project("certifi", 0.16),
            new Project("flask", 0.10, "werkzeug>=2", "jinja2>=2", "itsdangerous>=2", "click>=2",
                    "blinker>=2", "markupsafe>=2"),
            new Project("werkzeug", 0.22, "markupsafe>=2"), new Project("jinja2", 0.13, "markupsafe>=2"),
            new Project("itsdangerous", 0.02), new Project("click", 0.10), new Project("blinker", 0.01),
            new Project("markupsafe", 0.02),
            new Project("django", 8.0, "asgiref>=2", "sqlparse>=2"), new Project("asgiref", 0.02),
            new Project("sqlparse", 0.04),
            new Project("fastapi", 0.10, "starlette>=2", "pydantic>=2", "typing-extensions>=2"),
            new Project("starlette", 0.07, "anyio>=2"),
            new Project("pydantic", 0.44, "annotated-types>=2", "pydantic-core>=2", "typing-extensions>=2",
                    "typing-inspection>=2"),
            new Project("pydantic-core", 2.0, "typing-extensions>=2"), new Project("annotated-types", 0.01),
            new Project("typing-inspection", 0.01, "typing-extensions>=2"), new Project("typing-extensions", 0.04),
            new Project("anyio", 0.10, "idna>=2", "sniffio>=2"), new Project("sniffio", 0.01),
            new Project("sqlalchemy", 3.2, "greenlet>=2", "typing-extensions>=2"), new Project("greenlet", 0.6),
            new Project("pandas", 12.0, "numpy>=2", "python-dateutil>=2", "pytz>=2", "tzdata>=2"),
            new Project("numpy", 16.0), new Project("python-dateutil", 0.23, "six>=2"), new Project("pytz", 0.5),
            new Project("tzdata", 0.35), new Project("six", 0.01));

    private static final List<String> ROOTS = List.of("requests", "flask", "django", "fastapi", "sqlalchemy", "pandas");

    private PipRunBench() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path pymirror = Path.of("pymirror").toAbsolutePath();
        Path work = Files.createTempDirectory("pymirror-pip-run-");
        Process nginx = null;
        StaticIndexServer distant = null;
        try {
            Path tree = work.resolve("tree");
            writeProjects(tree);
            int nginxPort = LocalPorts.free();
            nginx = Nginx.start(work.resolve("nginx"), nginxPort, "access_log " + work.resolve("nginx/access.log")
                    + ";\nsendfile on;", "root " + tree + ";");
            String nginxUrl = "http://127.0.0.1:" + nginxPort + "/simple/";
            HttpClient http = HttpClient.newHttpClient();
            ServerWait.awaitOk(http, nginxUrl, nginx, 10);
            // pymirror's upstream: nginx itself, or the same tree answered late, as an index across
            // a network is (nginx stays pip's yardstick either way).
            long latency = Long.getLong("bench.upstreamLatency", -1);
            if (latency >= 0) {
                distant = StaticIndexServer.serve(tree, Duration.ofMillis(latency));
            }
            String upstreamUrl = distant != null ? distant.url() + "simple/" : nginxUrl;

            // Debian's pip 23.0.1 reads no PEP 658 metadata from pymirror's pages, HTML or JSON
            // (they give PEP 714's name only, see HtmlPageWriter), and so downloads each wheel right
            // after its page; the newest reads every wheel's metadata first, as with the public index.
            String which = System.getProperty("bench.pip", "debian");
            if (!which.equals("debian") && !which.equals("newest")) {
                throw new IllegalArgumentException("bench.pip: '" + which + "' is neither debian nor newest");
            }
            boolean newest = which.equals("newest");
            Path pipHome = Files.createDirectories(work.resolve("pip-home"));
            Pip pip = newest ? new Pip(pipHome, PipInstaller.newest(work).python()) : new Pip(pipHome);
            String pipName = newest ? "pip 26.2.1" : "Debian's pip";
            // Once untimed: Python's and pip's files into the page cache, the tree's too.
            download(pip, nginxUrl, work.resolve("warm-up"));
            List<Double> nginxTimes = new ArrayList<>();
            List<Variant> variants = Variant.parse(System.getProperty("bench.variants"));
            Set<String> known = variants.stream().map(Variant::name).collect(Collectors.toSet());
            for (String named : union(pagesFirst(), prefetch())) {
                // A misspelt name would run its variant without the lever and say nothing.
                if (!known.contains(named)) {
                    throw new IllegalArgumentException("no variant is named '" + named + "' (variants: " + known + ")");
                }
            }
            List<Runs> runs = variants.stream().map(v -> new Runs(v, new ArrayList<>())).toList();
            Set<String> expected = null;
            for (int r = 0; r < rounds; r++) {
                boolean nginxFirst = r % 2 == 0;
                if (nginxFirst) {
                    Download fromNginx = timed(pip, nginxUrl, work.resolve("nginx-" + r));
                    expected = same(expected, fromNginx.files());
                    nginxTimes.add(fromNginx.seconds());
                }
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d/%d:", r + 1, rounds));
                for (int k = 0; k < runs.size(); k++) {
                    // The variants take turns at going first, as nginx does.
                    Runs v = runs.get((k + r) % runs.size());
                    String name = r + "-" + variants.indexOf(v.variant());
                    expected = serverRound(pymirror, upstreamUrl, work, name, v, pip, http, expected);
                    Round last = v.rounds().getLast();
                    line.append(String.format(Locale.ROOT, " %s: started in %.2f s, fresh %.2f s (%s), second %.2f s (%s)%s,"
                                    + " restarted in %.2f s, then %.2f s (%s);",
                            v.variant().name(), last.startUp(), last.fresh(), last.freshCpu(), last.second(), last.secondCpu(),
                            last.warm() == null ? "" : String.format(Locale.ROOT, ", warm %.2f s", last.warm()),
                            last.restartUp(), last.restarted(), last.restartedCpu()));
                }
                if (!nginxFirst) {
                    Download fromNginx = timed(pip, nginxUrl, work.resolve("nginx-" + r));
                    expected = same(expected, fromNginx.files());
                    nginxTimes.add(fromNginx.seconds());
                }
                System.out.printf(Locale.ROOT, "%s nginx %.2f s%n", line, nginxTimes.getLast());
            }
            StringBuilder report = new StringBuilder(latency < 0 ? "" : "pymirror's upstream answered each request "
                    + latency + " ms late; nginx, pip's yardstick, at once.\n\n");
            for (Runs v : runs) {
                report.append(runs.size() > 1 ? "pymirror started with " + v.variant().describe() + ":\n\n" : "")
                        .append(report(pipName, expected, sizeOf(work.resolve("nginx-0")), nginxTimes, v.rounds()))
                        .append("\n");
            }
            System.out.println(report);
            Path results = Path.of("target/bench/pip-run.md");
            Files.createDirectories(results.getParent());
            Files.writeString(results, report, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } finally {
            if (nginx != null) {
                nginx.destroy();
                nginx.waitFor(10, TimeUnit.SECONDS);
            }
            if (distant != null) {
                distant.close();
            }
            deleteTree(work);
        }
    }

    /**
     * Writes the benchmark's projects as a static tree under {@code tree} ({@link StaticIndex}'s
     * layout: {@code simple/<project>/index.html}, files under {@code files/}); {@link StorageBench}
     * serves the same set.
     */
    static StaticIndex writeProjects(Path tree) throws IOException {
        StaticIndex index = new StaticIndex(tree);
        long seed = 1;
        for (Project p : PROJECTS) {
            // Two older releases beside each newest one, small: pages list them, pip skips them.
            index.add(Wheel.of(p.name(), "1.0").payload(2_000, seed++).build());
            index.add(Wheel.of(p.name(), "1.1").payload(2_000, seed++).build());
            index.add(Wheel.of(p.name(), "2.0")
                    .requires(p.requires()).payload((int) (p.megabytes() * 1_000_000), seed++).build());
        }
        return index.write();
    }

    /** The projects pip is asked for; their dependencies bring the rest of the set. */
    static List<String> roots() {
        return ROOTS;
    }

    /**
     * One way of starting the server: a name, the launcher (null: this checkout's ./pymirror), and the
     * PYMIRROR_JAVA_OPTS it gets (null: left unset).
     */
    record Variant(String name, Path launcher, String javaOpts) {

        /**
         * {@code NAME[@LAUNCHER]=OPTS|...}, or null for the launcher's own way alone; a launcher of
         * another build (a copy of a checkout's {@code pymirror} and {@code target/}) compares builds.
         */
        static List<Variant> parse(String spec) {
            if (spec == null || spec.isBlank()) {
                return List.of(new Variant("./pymirror", null, null));
            }
            List<Variant> variants = new ArrayList<>();
            for (String part : spec.split("\\|")) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("bench.variants: '" + part + "' is not NAME[@LAUNCHER]=JAVA_OPTIONS");
                }
                String name = part.substring(0, eq).strip();
                int at = name.indexOf('@');
                variants.add(new Variant(at < 0 ? name : name.substring(0, at),
                        at < 0 ? null : Path.of(name.substring(at + 1)).toAbsolutePath(), part.substring(eq + 1).strip()));
            }
            return variants;
        }

        String describe() {
            return "`" + name + "`" + (launcher == null ? "" : " (" + launcher + ")")
                    + (javaOpts == null ? "" : " (PYMIRROR_JAVA_OPTS=\"" + javaOpts + "\")");
        }
    }

    /**
     * What one server of a variant gave in one round: its start-up, the fresh and the second run
     * (pip's wall clock) with the server's CPU during each, the run after {@link #warmUps()} more
     * (null without them), then the start-up of the same server started again on its data and the
     * run through it, with its CPU.
     */
    record Round(double startUp, double fresh, ServerCpu freshCpu, double second, ServerCpu secondCpu, Double warm,
            double restartUp, double restarted, ServerCpu restartedCpu) {}

    /**
     * The server's CPU time (user and system, all its threads) during a run, and the parts of it its
     * JIT compilers' threads took.
     */
    record ServerCpu(double total, double c1, double c2) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "server CPU %.2f s, C1 %.2f s, C2 %.2f s", total, c1, c2);
        }
    }

    /** One variant's rounds, in order. */
    private record Runs(Variant variant, List<Round> rounds) {}

    /** One figure of every round, in order. */
    private static List<Double> each(List<Round> rounds, ToDoubleFunction<Round> figure) {
        return rounds.stream().map(figure::applyAsDouble).toList();
    }

    /**
     * One server of one variant: started on an empty data directory, timed fresh and second (and
     * warm), stopped; then started again on the same data directory and timed once more, as a
     * service restarted for a deploy or a configuration change meets its clients.
     */
    private static Set<String> serverRound(Path pymirror, String upstreamUrl, Path work, String name, Runs runs, Pip pip,
            HttpClient http, Set<String> expected) throws Exception {
        int port = LocalPorts.free();
        String base = "http://127.0.0.1:" + port;
        Path launcher = runs.variant().launcher() != null ? runs.variant().launcher() : pymirror;
        List<String> command = new ArrayList<>(List.of(launcher.toString(), "serve", "--port", String.valueOf(port),
                "--data", work.resolve("data-" + name).toString(), "--upstream", upstreamUrl));
        if (prefetch().contains(runs.variant().name())) {
            command.add("--prefetch-dependencies");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (runs.variant().javaOpts() != null) {
            builder.environment().put("PYMIRROR_JAVA_OPTS", runs.variant().javaOpts());
        }
        Started first = Started.of(builder, work.resolve("pymirror-" + name + ".log"), http, base);
        Download fresh, second;
        Double warm = null;
        ServerCpu freshCpu, secondCpu;
        try {
            if (pagesFirst().contains(runs.variant().name())) {
                for (Project p : PROJECTS) {
                    ServerWait.awaitOk(http, base + "/simple/" + p.name() + "/", first.server(), 60);
                }
            }
            // The server's own CPU (user and system, all its threads) is steadier than pip's wall
            // clock on a shared machine: a lever that saves the server work shows here first.
            CpuReading beforeFresh = CpuReading.of(first.server());
            fresh = timed(pip, base + "/simple/", work.resolve("fresh-" + name));
            expected = same(expected, fresh.files());
            CpuReading beforeSecond = CpuReading.of(first.server());
            second = timed(pip, base + "/simple/", work.resolve("second-" + name));
            expected = same(expected, second.files());
            CpuReading afterSecond = CpuReading.of(first.server());
            freshCpu = beforeSecond.since(beforeFresh);
            secondCpu = afterSecond.since(beforeSecond);
            if (warmUps() > 0) {
                // The same requests again until the server's code for them is compiled, as on a server
                // that has answered for a while: what is left of the second run's gap then is not warmth.
                for (int i = 0; i < warmUps(); i++) {
                    Path dest = work.resolve("warm-up-" + name);
                    expected = same(expected, download(pip, base + "/simple/", dest));
                    deleteTree(dest);
                }
                Download warmRun = timed(pip, base + "/simple/", work.resolve("warm-" + name));
                expected = same(expected, warmRun.files());
                warm = warmRun.seconds();
            }
        } finally {
            first.stop();
        }
        Started again = Started.of(builder, work.resolve("pymirror-" + name + "-restarted.log"), http, base);
        Download restarted;
        ServerCpu restartedCpu;
        try {
            CpuReading before = CpuReading.of(again.server());
            restarted = timed(pip, base + "/simple/", work.resolve("restarted-" + name));
            expected = same(expected, restarted.files());
            restartedCpu = CpuReading.of(again.server()).since(before);
        } finally {
            again.stop();
        }
        runs.rounds().add(new Round(first.seconds(), fresh.seconds(), freshCpu, second.seconds(), secondCpu, warm,
                again.seconds(), restarted.seconds(), restartedCpu));
        return expected;
    }

    /** A server started by the launcher, and the seconds from exec until {@code /health} answered. */
    private record Started(Process server, double seconds, Path log) {

        static Started of(ProcessBuilder builder, Path log, HttpClient http, String base) throws Exception {
            long t0 = System.nanoTime();
            Process server = builder.redirectOutput(log.toFile()).start();
            try {
                ServerWait.awaitOk(http, base + "/health", server, 60);
            } catch (Exception | Error e) {
                new Started(server, 0, log).stop();
                throw e;
            }
            return new Started(server, (System.nanoTime() - t0) / 1e9, log);
        }

        /** Stops it as a service manager does (SIGTERM: it drains and keeps what it holds), keeps its log. */
        void stop() throws Exception {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
            keepLog(log);
        }
    }

    /** {@code -Dbench.warm}: untimed runs after the second one, before a timed run of a warm server. */
    private static int warmUps() {
        int n = Integer.getInteger("bench.warm", 0);
        if (n < 0) {
            throw new IllegalArgumentException("bench.warm: " + n + " is not a number of runs");
        }
        return n;
    }

    /** The variants named by {@code -Dbench.pagesFirst}. */
    private static Set<String> pagesFirst() {
        return names("bench.pagesFirst");
    }

    /** The variants named by {@code -Dbench.prefetch}. */
    private static Set<String> prefetch() {
        return names("bench.prefetch");
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        return Stream.concat(a.stream(), b.stream()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> names(String property) {
        String names = System.getProperty(property, "");
        return names.isBlank() ? Set.of() : Set.of(names.strip().split("\\s*,\\s*"));
    }

    /** A live server's CPU time so far and its compilers' part (the launcher execs the JVM). */
    private record CpuReading(Duration total, CompilerCpu.Split compilers) {

        static CpuReading of(Process server) throws IOException {
            Duration total = server.info().totalCpuDuration()
                    .orElseThrow(() -> new IllegalStateException("the server's CPU time cannot be read"));
            return new CpuReading(total, CompilerCpu.of(server.pid()));
        }

        ServerCpu since(CpuReading before) {
            CompilerCpu.Split jit = compilers.minus(before.compilers);
            return new ServerCpu(total.minus(before.total).toMillis() / 1e3, jit.c1Millis() / 1e3, jit.c2Millis() / 1e3);
        }
    }

    static String report(String pipName, Set<String> files, long bytes, List<Double> nginxTimes, List<Round> rounds) {
        ServerAddedTime fresh = new ServerAddedTime(nginxTimes, each(rounds, Round::fresh));
        ServerAddedTime second = new ServerAddedTime(nginxTimes, each(rounds, Round::second));
        ServerAddedTime restarted = new ServerAddedTime(nginxTimes, each(rounds, Round::restarted));
        String warm = rounds.getFirst().warm() == null ? ""
                : "\n" + new ServerAddedTime(nginxTimes, each(rounds, Round::warm)).row("after " + warmUps() + " more runs");
        return String.format(Locale.ROOT, """
                `pip download` of %s (%d wheels, %.1f MB), %s, no cache, %d rounds; medians:

                | pymirror | pip from nginx | pip from pymirror | **added by pymirror** | **pymirror / nginx** | runs, nginx | runs, pymirror |
                |---|---:|---:|---:|---:|---|---|
                %s
                %s%s
                %s

                pymirror's start-up, exec of ./pymirror to /health answering: %.2f s (median), not included above;
                started again on the same data: %.2f s.
                pymirror's CPU time (user and system) during the fresh run: %s
                During the second run: %s
                During the run after the restart: %s
                """, String.join(" ", ROOTS), files.size(), bytes / 1e6, pipName, rounds.size(),
                fresh.row("just started, cache empty"), second.row("second run"), warm,
                restarted.row("restarted, cache kept"),
                ServerAddedTime.median(each(rounds, Round::startUp)), ServerAddedTime.median(each(rounds, Round::restartUp)),
                cpuLine(rounds.stream().map(Round::freshCpu).toList()), cpuLine(rounds.stream().map(Round::secondCpu).toList()),
                cpuLine(rounds.stream().map(Round::restartedCpu).toList()));
    }

    /** The medians and every round of the server's CPU during one kind of run. */
    private static String cpuLine(List<ServerCpu> cpu) {
        List<Double> total = cpu.stream().map(ServerCpu::total).toList();
        List<Double> c1 = cpu.stream().map(ServerCpu::c1).toList();
        List<Double> c2 = cpu.stream().map(ServerCpu::c2).toList();
        return String.format(Locale.ROOT, "%.2f s (median; runs %s), of which its JIT compilers' threads: C1 %.2f s (runs %s), C2 %.2f s (runs %s).",
                ServerAddedTime.median(total), ServerAddedTime.runs(total), ServerAddedTime.median(c1),
                ServerAddedTime.runs(c1), ServerAddedTime.median(c2), ServerAddedTime.runs(c2));
    }

    private static void keepLog(Path log) throws IOException {
        String logs = System.getProperty("bench.logs");
        if (logs != null) {
            Path dir = Files.createDirectories(Path.of(logs));
            Files.copy(log, dir.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The files one pip run fetched, and its wall-clock time. */
    private record Download(Set<String> files, double seconds) {}

    private static Download timed(Pip pip, String url, Path dest) throws Exception {
        long t0 = System.nanoTime();
        Set<String> files = download(pip, url, dest);
        return new Download(files, (System.nanoTime() - t0) / 1e9);
    }

    static Set<String> download(Pip pip, String url, Path dest) throws Exception {
        List<String> args = new ArrayList<>(List.of("download", "--dest", dest.toString(), "--only-binary=:all:",
                "--index-url", url, "--no-input", "--progress-bar", "off"));
        args.addAll(ROOTS);
        ToolRun run = pip.run(args);
        if (!run.ok()) {
            throw new IllegalStateException("pip download from " + url + " failed:\n" + run);
        }
        try (Stream<Path> files = Files.list(dest)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    static Set<String> same(Set<String> expected, Set<String> got) {
        if (got.size() != PROJECTS.size()) {
            throw new IllegalStateException("pip fetched " + got.size() + " files, not " + PROJECTS.size() + ": " + got);
        }
        if (expected != null && !expected.equals(got)) {
            throw new IllegalStateException("pip fetched other files: " + got + " against " + expected);
        }
        return got;
    }


    static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
