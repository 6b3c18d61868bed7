package dev.pymirror.sync.reqfile;

import dev.pymirror.packaging.requirements.InvalidRequirementException;
import dev.pymirror.packaging.requirements.Requirement;
import dev.pymirror.packaging.version.Specifier;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads requirements files the way pip does, for a mirror.
 *
 * <p>What pip accepts is read the same way: {@code #} comments (at the start of a line or after
 * whitespace), lines continued with a trailing backslash (numbered by their first line),
 * {@code ${VAR}} expanded from the environment, {@code -r}/{@code -c} includes (relative to the
 * including file), extras, markers, {@code --hash} pins, {@code --pre}, {@code --require-hashes}
 * and {@code --index-url}.
 *
 * <p>What a mirror cannot hold is refused with the file, line and reason: editable and VCS
 * requirements, URLs and paths (there is no index to resolve them from), another index
 * ({@code --extra-index-url}, {@code --find-links}, {@code --no-index}) and {@code --no-binary}.
 * Options that change nothing for a mirror ({@code --trusted-host}, ...) are accepted and named
 * in {@link RequirementsSet#notes()}.
 */
public final class RequirementsFileReader {

    /** pip's comment rule: {@code #} at the start or after whitespace, to the end of the line. */
    private static final Pattern COMMENT = Pattern.compile("(^|\\s+)#.*$");
    /** pip's rule for environment variables: {@code ${NAME}} with upper-case letters, digits, {@code _}. */
    private static final Pattern ENV_VAR = Pattern.compile("\\$\\{([A-Z0-9_]+)}");
    private static final Pattern VCS_SCHEME = Pattern.compile("^(git|hg|svn|bzr)\\+", Pattern.CASE_INSENSITIVE);
    private static final Pattern URL_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://");
    private static final long MAX_FILE_BYTES = 16L << 20;

    private final Function<String, String> environment;

    /** A reader that expands {@code ${VAR}} from this process's environment. */
    public RequirementsFileReader() {
        this(System::getenv);
    }

    /** A reader that expands {@code ${VAR}} with the given lookup (null for unset). */
    public RequirementsFileReader(Function<String, String> environment) {
        this.environment = environment;
    }

    /**
     * Reads requirements files, constraints files and command-line requirement specs.
     *
     * @throws RequirementsFileException for the first problem found, naming the file and line
     */
    public RequirementsSet read(List<Path> requirementFiles, List<Path> constraintFiles, List<String> specs)
            throws RequirementsFileException {
        Collector collector = new Collector();
        for (String spec : specs) {
            collector.add(collector.requirementLine(spec, Origin.commandLine(), false), false);
        }
        for (Path file : requirementFiles) {
            collector.file(file, file.toString(), false, null);
        }
        for (Path file : constraintFiles) {
            collector.file(file, file.toString(), true, null);
        }
        return collector.finish();
    }

    /** The state of one {@link #read}: what was found so far and which files are open. */
    private final class Collector {
        private final List<RequirementEntry> requirements = new ArrayList<>();
        private final List<RequirementEntry> constraints = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final Deque<Path> including = new ArrayDeque<>();
        private IndexUrl indexUrl;
        private boolean pre;
        private boolean requireHashes;
        private Origin requireHashesOrigin;

        void file(Path file, String shownName, boolean constraint, Origin includedFrom) throws RequirementsFileException {
            Origin whole = includedFrom != null ? includedFrom : Origin.wholeFile(shownName);
            String prefix = includedFrom != null ? "includes '" + shownName + "': " : "";
            Path real;
            try {
                real = file.toRealPath();
            } catch (NoSuchFileException e) {
                throw new RequirementsFileException(whole, prefix + "no such file");
            } catch (IOException e) {
                throw new RequirementsFileException(whole, prefix + "cannot be opened: " + e, e);
            }
            if (including.contains(real)) {
                throw new RequirementsFileException(whole, "includes '" + shownName
                        + "', which is already being read: the includes form a cycle");
            }
            if (Files.isDirectory(real)) {
                throw new RequirementsFileException(whole, prefix + "a directory, not a requirements file");
            }
            String text = readText(real, prefix, whole);
            including.push(real);
            try {
                List<LogicalLine> lines = logicalLines(text);
                for (LogicalLine line : lines) {
                    parseLine(line.text(), new Origin(shownName, line.number()), file, constraint);
                }
            } finally {
                including.pop();
            }
        }

        private String readText(Path real, String prefix, Origin whole) throws RequirementsFileException {
            try {
                if (Files.size(real) > MAX_FILE_BYTES) {
                    throw new RequirementsFileException(whole, prefix + "larger than " + (MAX_FILE_BYTES >> 20)
                            + " MB, which is no requirements file");
                }
                byte[] bytes = Files.readAllBytes(real);
                String text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
                return text.startsWith("\uFEFF") ? text.substring(1) : text;
            } catch (CharacterCodingException e) {
                throw new RequirementsFileException(whole, prefix + "not UTF-8 text", e);
            } catch (IOException e) {
                throw new RequirementsFileException(whole, prefix + "cannot be read: " + e, e);
            }
        }

        private void parseLine(String line, Origin origin, Path file, boolean constraint)
                throws RequirementsFileException {
            // pip's split: the requirement is every space-separated token before the first that
            // starts with '-'; the rest are options.
            String[] tokens = line.split(" ", -1);
            int firstOption = 0;
            while (firstOption < tokens.length && !tokens[firstOption].startsWith("-")) {
                firstOption++;
            }
            String args = String.join(" ", java.util.Arrays.copyOfRange(tokens, 0, firstOption)).strip();
            String options = String.join(" ", java.util.Arrays.copyOfRange(tokens, firstOption, tokens.length)).strip();
            List<String> words;
            try {
                words = LineSplitter.split(options);
            } catch (IllegalArgumentException e) {
                throw new RequirementsFileException(origin, e.getMessage());
            }
            if (!args.isEmpty()) {
                HashPins hashes = requirementOptions(words, origin);
                RequirementEntry entry = requirementLine(args, origin, constraint);
                add(new RequirementEntry(entry.requirement(), hashes, origin), constraint);
            } else {
                optionLine(words, origin, file, constraint);
            }
        }

        /** Parses a requirement (without its options). */
        RequirementEntry requirementLine(String text, Origin origin, boolean constraint) throws RequirementsFileException {
            String arg = text.strip();
            if (arg.isEmpty()) {
                throw new RequirementsFileException(origin, "an empty requirement");
            }
            if (VCS_SCHEME.matcher(arg).find()) {
                throw new RequirementsFileException(origin, "'" + arg + "' is a VCS requirement, which a mirror cannot"
                        + " hold: pip would build it from a checkout, not fetch it from an index. Build a wheel"
                        + " and add it with 'pymirror add', then require it by name");
            }
            if (URL_SCHEME.matcher(arg).find() || looksLikePath(arg)) {
                throw new RequirementsFileException(origin, "'" + arg + "' is a URL or a path, not a requirement an"
                        + " index resolves; add the file with 'pymirror add' and require it by name");
            }
            Requirement requirement;
            try {
                requirement = Requirement.parse(arg);
            } catch (InvalidRequirementException e) {
                throw new RequirementsFileException(origin, "not a valid requirement: " + e.getMessage(), e);
            }
            if (requirement.url() != null) {
                boolean vcs = VCS_SCHEME.matcher(requirement.url()).find();
                throw new RequirementsFileException(origin, "'" + arg + "' names "
                        + (vcs ? "a VCS checkout" : "a direct URL") + " after '@', which a mirror cannot resolve from"
                        + " an index; " + (vcs ? "build a wheel and add it" : "add the file")
                        + " with 'pymirror add' and require it by name");
            }
            if (constraint && !requirement.extras().isEmpty()) {
                throw new RequirementsFileException(origin, "a constraint cannot name extras ('" + arg
                        + "'); pip refuses them too: constrain the project by name only");
            }
            return new RequirementEntry(requirement, HashPins.NONE, origin);
        }

        void add(RequirementEntry entry, boolean constraint) {
            (constraint ? constraints : requirements).add(entry);
            if (!entry.hashes().isEmpty() && !requireHashes) {
                requireHashes = true;
                requireHashesOrigin = entry.origin();
            }
        }

        private HashPins requirementOptions(List<String> words, Origin origin) throws RequirementsFileException {
            HashPins hashes = HashPins.NONE;
            for (int i = 0; i < words.size(); i++) {
                Option option = Option.read(words, i, origin);
                i = option.nextIndex() - 1;
                switch (option.name()) {
                    case "--hash" -> {
                        try {
                            hashes = hashes.plus(HashPins.parse(option.value()));
                        } catch (IllegalArgumentException e) {
                            throw new RequirementsFileException(origin, e.getMessage());
                        }
                    }
                    case "--config-settings", "--global-option", "--install-option" ->
                            notes.add(origin + ": " + option.name() + " changes how pip builds, not what a mirror holds;"
                                    + " ignored");
                    default -> throw new RequirementsFileException(origin, option.name()
                            + " is not an option pip accepts after a requirement (only --hash, --config-settings,"
                            + " --global-option)");
                }
            }
            return hashes;
        }

        private void optionLine(List<String> words, Origin origin, Path file, boolean constraint)
                throws RequirementsFileException {
            for (int i = 0; i < words.size(); i++) {
                Option option = Option.read(words, i, origin);
                i = option.nextIndex() - 1;
                switch (option.name()) {
                    case "-r", "--requirement" -> include(option.value(), origin, file, false);
                    case "-c", "--constraint" -> include(option.value(), origin, file, true);
                    case "-e", "--editable" -> throw new RequirementsFileException(origin, "'" + option.value()
                            + "' is an editable requirement, which a mirror cannot hold: pip installs it from a"
                            + " local checkout, not from an index. Build a wheel and add it with 'pymirror add',"
                            + " then require it by name");
                    case "-i", "--index-url" -> indexUrl(option.value(), origin);
                    case "--extra-index-url" -> throw new RequirementsFileException(origin, "--extra-index-url is not"
                            + " supported: pymirror syncs from one upstream, because taking a project from whichever"
                            + " of two indexes has it is how dependency confusion happens. Serve both behind a"
                            + " pymirror group index and give that as --upstream");
                    case "--no-index" -> throw new RequirementsFileException(origin, "--no-index leaves nothing to"
                            + " sync from; add local files with 'pymirror add' instead");
                    case "-f", "--find-links" -> throw new RequirementsFileException(origin, "--find-links is not"
                            + " supported: a mirror takes files from its one upstream; add local files with"
                            + " 'pymirror add'");
                    case "--no-binary" -> throw new RequirementsFileException(origin, "--no-binary is not supported:"
                            + " it makes pip build from sdists, whose dependencies a mirror cannot always know; use"
                            + " pymirror sync --allow-sdist to mirror sdists where no wheel fits");
                    case "--pre" -> pre = true;
                    case "--require-hashes" -> {
                        if (!requireHashes) {
                            requireHashesOrigin = origin;
                        }
                        requireHashes = true;
                    }
                    case "--only-binary", "--prefer-binary" -> notes.add(origin + ": " + option.name()
                            + " has no effect here: pymirror mirrors wheels only unless --allow-sdist is given");
                    case "--trusted-host", "--use-feature", "--config-settings", "--global-option" ->
                            notes.add(origin + ": " + option.name() + " changes how pip installs, not what a"
                                    + " mirror holds; ignored");
                    default -> throw new RequirementsFileException(origin, "unknown option " + option.name()
                            + " in a requirements file");
                }
            }
        }

        private void include(String target, Origin origin, Path file, boolean constraint)
                throws RequirementsFileException {
            if (URL_SCHEME.matcher(target).find()) {
                throw new RequirementsFileException(origin, "includes '" + target + "' by URL; pymirror reads"
                        + " requirements files from disk only: download it and include the copy");
            }
            Path path = Path.of(target);
            Path resolved = path.isAbsolute() || file.getParent() == null ? path : file.getParent().resolve(path);
            String shown = path.isAbsolute() || file.getParent() == null ? target : resolved.normalize().toString();
            file(resolved, shown, constraint, origin);
        }

        private void indexUrl(String value, Origin origin) throws RequirementsFileException {
            URI url;
            try {
                url = URI.create(value);
            } catch (IllegalArgumentException e) {
                throw new RequirementsFileException(origin, "--index-url '" + value + "' is not a URL");
            }
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new RequirementsFileException(origin, "--index-url '" + value
                        + "' is not an http(s) URL; pymirror syncs from an index served over HTTP");
            }
            if (indexUrl != null && !sameIndex(indexUrl.url(), url)) {
                throw new RequirementsFileException(origin, "--index-url " + value + " differs from "
                        + indexUrl.url() + " given at " + indexUrl.origin() + "; a sync has one upstream");
            }
            if (indexUrl == null) {
                indexUrl = new IndexUrl(url, origin);
            }
        }

        RequirementsSet finish() throws RequirementsFileException {
            if (requireHashes) {
                for (RequirementEntry entry : requirements) {
                    if (!isPinned(entry.requirement())) {
                        throw new RequirementsFileException(entry.origin(), "'" + entry.requirement()
                                + "' is not pinned with ==, but hash-checking mode (from " + requireHashesOrigin
                                + ") needs every requirement pinned, as pip does");
                    }
                    if (entry.hashes().isEmpty()) {
                        throw new RequirementsFileException(entry.origin(), "'" + entry.requirement()
                                + "' has no --hash, but hash-checking mode (from " + requireHashesOrigin
                                + ") needs one on every requirement, as pip does");
                    }
                }
            }
            return new RequirementsSet(requirements, constraints, Optional.ofNullable(indexUrl), pre, requireHashes,
                    notes);
        }
    }

    /** One option with its value: {@code --name=value}, {@code --name value}, {@code -n value}, {@code -nvalue}. */
    private record Option(String name, String value, int nextIndex) {

        /** Options that take a value; every other known option is a flag. */
        private static final Map<String, String> LONG_NAMES = Map.ofEntries(
                Map.entry("-r", "--requirement"), Map.entry("-c", "--constraint"), Map.entry("-e", "--editable"),
                Map.entry("-i", "--index-url"), Map.entry("-f", "--find-links"));
        private static final java.util.Set<String> TAKES_VALUE = java.util.Set.of(
                "--requirement", "--constraint", "--editable", "--index-url", "--extra-index-url", "--find-links",
                "--no-binary", "--only-binary", "--trusted-host", "--use-feature", "--config-settings",
                "--global-option", "--install-option", "--hash");
        private static final java.util.Set<String> FLAGS = java.util.Set.of(
                "--no-index", "--pre", "--require-hashes", "--prefer-binary");

        static Option read(List<String> words, int index, Origin origin) throws RequirementsFileException {
            String word = words.get(index);
            if (!word.startsWith("-") || word.equals("-") || word.equals("--")) {
                throw new RequirementsFileException(origin, "expected an option, found '" + word + "'");
            }
            String name;
            String attached = null;
            if (word.startsWith("--")) {
                int eq = word.indexOf('=');
                name = eq < 0 ? word : word.substring(0, eq);
                attached = eq < 0 ? null : word.substring(eq + 1);
            } else {
                String shortName = word.substring(0, 2);
                name = LONG_NAMES.get(shortName);
                if (name == null) {
                    throw new RequirementsFileException(origin, "unknown option " + shortName + " in a requirements file");
                }
                attached = word.length() > 2 ? word.substring(2) : null;
            }
            name = name.toLowerCase(Locale.ROOT);
            String shown = name.equals(word) || attached != null ? name : word;
            if (FLAGS.contains(name)) {
                if (attached != null) {
                    throw new RequirementsFileException(origin, name + " takes no value");
                }
                return new Option(name, null, index + 1);
            }
            if (!TAKES_VALUE.contains(name)) {
                return new Option(name, null, index + 1); // the caller names it as unknown
            }
            if (attached != null) {
                if (attached.isEmpty()) {
                    throw new RequirementsFileException(origin, shown + " needs a value");
                }
                return new Option(name, attached, index + 1);
            }
            if (index + 1 >= words.size()) {
                throw new RequirementsFileException(origin, shown + " needs a value");
            }
            return new Option(name, words.get(index + 1), index + 2);
        }
    }

    /** A line as pip sees it after joining continuations and dropping comments. */
    private record LogicalLine(int number, String text) {}

    private List<LogicalLine> logicalLines(String text) {
        String[] physical = text.split("\r\n|\r|\n", -1);
        List<LogicalLine> joined = new ArrayList<>();
        StringBuilder pending = null;
        int pendingNumber = 0;
        for (int i = 0; i < physical.length; i++) {
            String line = physical[i];
            int number = i + 1;
            boolean comment = isCommentLine(line);
            if (!line.endsWith("\\") || comment) {
                if (comment) {
                    line = " " + line; // keeps a comment inside a continuation a comment
                }
                if (pending != null) {
                    pending.append(line);
                    joined.add(new LogicalLine(pendingNumber, pending.toString()));
                    pending = null;
                } else {
                    joined.add(new LogicalLine(number, line));
                }
            } else {
                if (pending == null) {
                    pending = new StringBuilder();
                    pendingNumber = number;
                }
                pending.append(stripBackslashes(line));
            }
        }
        if (pending != null) {
            joined.add(new LogicalLine(pendingNumber, pending.toString()));
        }
        List<LogicalLine> result = new ArrayList<>();
        for (LogicalLine line : joined) {
            String stripped = COMMENT.matcher(line.text()).replaceAll("").strip();
            if (!stripped.isEmpty()) {
                result.add(new LogicalLine(line.number(), expand(stripped)));
            }
        }
        return result;
    }

    /** pip's test {@code COMMENT_RE.match(line)}: the line is only a comment, after optional whitespace. */
    private static boolean isCommentLine(String line) {
        return line.stripLeading().startsWith("#");
    }

    private static String stripBackslashes(String line) {
        int start = 0;
        int end = line.length();
        while (start < end && line.charAt(start) == '\\') {
            start++;
        }
        while (end > start && line.charAt(end - 1) == '\\') {
            end--;
        }
        return line.substring(start, end);
    }

    private String expand(String line) {
        Matcher m = ENV_VAR.matcher(line);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = environment.apply(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null || value.isEmpty() ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** pip's test for a requirement that is a path: it has a separator or starts with a dot, or names an archive. */
    private static boolean looksLikePath(String arg) {
        String head = arg;
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c == '[' || c == ';' || c == '<' || c == '>' || c == '=' || c == '!' || c == '~' || c == ' ' || c == '@') {
                head = arg.substring(0, i);
                break;
            }
        }
        String lower = head.toLowerCase(Locale.ROOT);
        return head.startsWith(".") || head.startsWith("~") || head.contains("/") || head.contains("\\")
                || lower.endsWith(".whl") || lower.endsWith(".tar.gz") || lower.endsWith(".zip")
                || lower.endsWith(".tar.bz2") || lower.endsWith(".tgz");
    }

    /**
     * True when the requirement names exactly one version: a {@code ==} clause without a wildcard, or
     * {@code ===}. pip's test for "pinned", which decides hash-checking and whether a yanked file may
     * be chosen.
     */
    public static boolean isPinned(Requirement requirement) {
        for (Specifier clause : requirement.specifier()) {
            if (clause.operator().equals("===") || (clause.operator().equals("==") && !clause.isWildcard())) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameIndex(URI a, URI b) {
        String x = a.toString();
        String y = b.toString();
        return (x.endsWith("/") ? x : x + "/").equals(y.endsWith("/") ? y : y + "/");
    }
}
