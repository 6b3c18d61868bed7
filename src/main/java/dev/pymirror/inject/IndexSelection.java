package dev.pymirror.inject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The indexes an image root's clients are pointed at, chosen the way diskimage-builder's
 * {@code pypi} element documents, and where it falls short, better.
 *
 * <p>The mirrors come from {@code DIB_PYPI_MIRROR_URL}, then {@code DIB_PYPI_MIRROR_URL_<suffix>}
 * for any suffix, in plain string order of the variable names (so {@code _10} comes before
 * {@code _2}, as diskimage-builder documents), then the deprecated {@code PYPI_MIRROR_URL*} the
 * same way, with a warning. Unlike the element, a numbered variable counts without the unnumbered
 * one, an empty variable is skipped with a warning instead of becoming an empty index, and every URL
 * is checked. When none is set, {@code file:///tmp/pypi} (where the mirror is bind-mounted) is used,
 * with a warning. The official index is added after the mirrors unless {@code DIB_OFFLINE} or
 * {@code DIB_NO_PYPI_PIP} is set (any non-empty value, as diskimage-builder tests them).
 * {@code DIB_PIP_RETRIES} sets pip's retries. {@link IndexFlags} override each of these.
 *
 * @param mirrors the chosen mirrors, first = primary; never empty
 * @param officialIndex the official index, added after the mirrors when online
 * @param retries pip's retries when set
 * @param warnings what the user should hear about the choice (deprecations, fallbacks, skips)
 */
public record IndexSelection(List<IndexUrl> mirrors, Optional<IndexUrl> officialIndex, OptionalInt retries,
        List<String> warnings) {

    /** Where {@link Injector} bind-mounts the mirror tree, and the index used when none is named. */
    public static final String MOUNTED_MIRROR_URL = "file:///tmp/pypi";

    /** The public index, consulted after the mirrors when online. */
    public static final IndexUrl OFFICIAL_INDEX = IndexUrl.parse("https://pypi.org/simple", "the official index");

    static final String VARIABLE = "DIB_PYPI_MIRROR_URL";
    static final String DEPRECATED_VARIABLE = "PYPI_MIRROR_URL";

    public IndexSelection {
        mirrors = List.copyOf(mirrors);
        warnings = List.copyOf(warnings);
        if (mirrors.isEmpty()) {
            throw new IllegalArgumentException("at least one mirror is needed");
        }
    }

    /**
     * Chooses the indexes from the environment and the command line.
     *
     * @param environment the variables (normally {@code System.getenv()})
     * @param flags the command line's overrides
     * @throws InvalidSettingException for a malformed URL or retry count, naming where it came from
     */
    public static IndexSelection choose(Map<String, String> environment, IndexFlags flags) {
        List<String> warnings = new ArrayList<>();
        List<IndexUrl> mirrors = new ArrayList<>();
        if (!flags.indexUrls().isEmpty()) {
            for (String url : flags.indexUrls()) {
                mirrors.add(IndexUrl.parse(url, "--index-url"));
            }
            List<String> shadowed = mirrorVariables(environment, VARIABLE, new ArrayList<>());
            shadowed.addAll(mirrorVariables(environment, DEPRECATED_VARIABLE, new ArrayList<>()));
            if (!shadowed.isEmpty()) {
                warnings.add("--index-url given: ignoring " + String.join(", ", shadowed));
            }
        } else {
            for (String name : mirrorVariables(environment, VARIABLE, warnings)) {
                addFromVariable(environment, name, mirrors, warnings);
            }
            List<String> deprecated = mirrorVariables(environment, DEPRECATED_VARIABLE, warnings);
            if (!deprecated.isEmpty()) {
                warnings.add(String.join(", ", deprecated) + (deprecated.size() == 1 ? " is" : " are")
                        + " deprecated: use DIB_PYPI_MIRROR_URL, DIB_PYPI_MIRROR_URL_1, ... instead");
                for (String name : deprecated) {
                    addFromVariable(environment, name, mirrors, warnings);
                }
            }
            if (mirrors.isEmpty()) {
                mirrors.add(IndexUrl.parse(MOUNTED_MIRROR_URL, "the default mirror"));
                warnings.add("no mirror set (DIB_PYPI_MIRROR_URL or --index-url): using " + MOUNTED_MIRROR_URL
                        + ", where the mirror directory is mounted");
            }
        }
        List<IndexUrl> distinct = List.copyOf(new LinkedHashSet<>(mirrors));
        if (distinct.size() < mirrors.size()) {
            warnings.add("a mirror was given more than once: each is used once, at its first place");
        }
        for (IndexUrl mirror : distinct) {
            mirror.serverRoot().ifPresent(warnings::add);
        }

        boolean offline = flags.offline() || isSet(environment, "DIB_OFFLINE");
        boolean noOfficial = flags.noOfficialIndex() || isSet(environment, "DIB_NO_PYPI_PIP");
        Optional<IndexUrl> official = offline || noOfficial || distinct.contains(OFFICIAL_INDEX)
                ? Optional.empty()
                : Optional.of(OFFICIAL_INDEX);

        OptionalInt retries;
        if (flags.retries() != null) {
            retries = checkedRetries(flags.retries(), "--retries");
        } else {
            String value = environment.get("DIB_PIP_RETRIES");
            retries = value == null || value.isBlank() ? OptionalInt.empty() : parseRetries(value.strip());
        }
        return new IndexSelection(distinct, official, retries, warnings);
    }

    /** Every index in the order clients consult them: the mirrors, then the official index if any. */
    public List<IndexUrl> all() {
        List<IndexUrl> all = new ArrayList<>(mirrors);
        officialIndex.ifPresent(all::add);
        return List.copyOf(all);
    }

    /** The primary index: pip's {@code index-url}. */
    public IndexUrl primary() {
        return mirrors.get(0);
    }

    /**
     * The one index easy_install can use: the last mirror, as diskimage-builder documents (wheels
     * must be in the first mirror to be used, so the last is the one with the most sources).
     */
    public IndexUrl easyInstallIndex() {
        return mirrors.get(mirrors.size() - 1);
    }

    /** The {@code host[:port]} of every plain-http index, each once, in order. */
    public List<String> trustedHosts() {
        LinkedHashSet<String> hosts = new LinkedHashSet<>();
        for (IndexUrl url : all()) {
            url.trustedHost().ifPresent(hosts::add);
        }
        return List.copyOf(hosts);
    }

    /**
     * The variable names that hold mirrors under this prefix, in string order: the prefix itself and
     * {@code prefix_<suffix>}. Other names that merely start with the prefix are reported and skipped.
     */
    private static List<String> mirrorVariables(Map<String, String> environment, String prefix, List<String> warnings) {
        TreeMap<String, String> sorted = new TreeMap<>();
        for (String name : environment.keySet()) {
            if (name.equals(prefix) || (name.startsWith(prefix + "_") && name.length() > prefix.length() + 1)) {
                sorted.put(name, name);
            } else if (name.startsWith(prefix)) {
                warnings.add("ignoring " + name + ": mirrors are named " + prefix + " or " + prefix + "_<suffix>");
            }
        }
        return new ArrayList<>(sorted.keySet());
    }

    private static void addFromVariable(Map<String, String> environment, String name, List<IndexUrl> mirrors,
            List<String> warnings) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            warnings.add(name + " is empty: skipped");
            return;
        }
        mirrors.add(IndexUrl.parse(value.strip(), name));
    }

    private static boolean isSet(Map<String, String> environment, String name) {
        String value = environment.get(name);
        return value != null && !value.isEmpty();
    }

    private static OptionalInt parseRetries(String value) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException("DIB_PIP_RETRIES must be a whole number of retries (0 or more), not '"
                    + value + "'");
        }
        return checkedRetries(n, "DIB_PIP_RETRIES");
    }

    private static OptionalInt checkedRetries(int n, String source) {
        if (n < 0) {
            throw new InvalidSettingException(source + " must be 0 or more, not " + n);
        }
        return OptionalInt.of(n);
    }
}
