package dev.pymirror.packaging.tags;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads and writes compressed tag sets ({@code py2.py3-none-any}): a hand-written scanner, since
 * file name pages put this on a hot path and the common case is a single plain tag.
 */
final class TagSetParser {

    private TagSetParser() {}

    static Set<Tag> parse(String input, boolean requireSortedOrder) {
        if (input == null) {
            throw new InvalidTagException(InvalidTagException.Problem.EMPTY, "A tag is required", null);
        }
        int firstDash = input.indexOf('-');
        int secondDash = firstDash < 0 ? -1 : input.indexOf('-', firstDash + 1);
        boolean plain = secondDash > 0 && input.indexOf('-', secondDash + 1) < 0 && input.indexOf('.') < 0;
        if (plain && firstDash > 0 && secondDash > firstDash + 1 && secondDash < input.length() - 1
                && isIdentifier(input, 0, firstDash)) {
            // The common case: one tag, no compression, nothing to report.
            return Set.of(new Tag(input.substring(0, firstDash), input.substring(firstDash + 1, secondDash),
                    input.substring(secondDash + 1)));
        }
        return parseCompressed(input, requireSortedOrder);
    }

    private static Set<Tag> parseCompressed(String input, boolean requireSortedOrder) {
        // Each component's members, and where each member starts, checked in the order the
        // reference reports problems: per component emptiness then order, then the count.
        List<List<String>> components = new ArrayList<>(3);
        List<int[]> starts = new ArrayList<>(3);
        int componentStart = 0;
        while (true) {
            int componentEnd = input.indexOf('-', componentStart);
            if (componentEnd < 0) {
                componentEnd = input.length();
            }
            List<String> members = new ArrayList<>(2);
            List<Integer> memberStarts = new ArrayList<>(2);
            int memberStart = componentStart;
            while (true) {
                int memberEnd = input.indexOf('.', memberStart);
                if (memberEnd < 0 || memberEnd > componentEnd) {
                    memberEnd = componentEnd;
                }
                if (memberEnd == memberStart) {
                    throw new InvalidTagException(InvalidTagException.Problem.EMPTY, "Empty member in tag component '"
                            + input.substring(componentStart, componentEnd) + "'", input, memberStart);
                }
                members.add(input.substring(memberStart, memberEnd));
                memberStarts.add(memberStart);
                if (memberEnd == componentEnd) {
                    break;
                }
                memberStart = memberEnd + 1;
            }
            if (requireSortedOrder) {
                checkSorted(input, members, memberStarts, componentStart, componentEnd);
            }
            components.add(members);
            starts.add(memberStarts.stream().mapToInt(Integer::intValue).toArray());
            if (componentEnd == input.length()) {
                break;
            }
            componentStart = componentEnd + 1;
        }
        if (components.size() != 3) {
            int position = components.size() > 3 ? nthDash(input, 3) : input.length();
            throw new InvalidTagException(InvalidTagException.Problem.COMPONENT_COUNT, "A tag must have exactly three '-'-separated components"
                    + " (interpreter-abi-platform), found " + components.size(), input, position);
        }
        List<String> interpreters = components.get(0);
        for (int i = 0; i < interpreters.size(); i++) {
            String interpreter = interpreters.get(i);
            if (!isIdentifier(interpreter, 0, interpreter.length())) {
                throw new InvalidTagException(InvalidTagException.Problem.INTERPRETER, "Invalid interpreter '" + interpreter
                        + "': an interpreter tag is an identifier such as 'py3' or 'cp312'", input, starts.get(0)[i]);
            }
        }
        List<String> abis = components.get(1);
        List<String> platforms = components.get(2);
        long count = (long) interpreters.size() * abis.size() * platforms.size();
        if (count > Tag.MAX_EXPANDED_TAGS) {
            throw new InvalidTagException(InvalidTagException.Problem.TOO_MANY, "The compressed tag set expands to " + count + " tags, more than the "
                    + Tag.MAX_EXPANDED_TAGS + " allowed", input);
        }
        Set<Tag> tags = new LinkedHashSet<>((int) count * 2);
        for (String interpreter : interpreters) {
            for (String abi : abis) {
                for (String platform : platforms) {
                    tags.add(new Tag(interpreter, abi, platform));
                }
            }
        }
        return tags.size() == 1 ? Set.of(tags.iterator().next()) : Collections.unmodifiableSet(tags);
    }

    static String compress(Collection<Tag> tags) {
        if (tags == null || tags.isEmpty()) {
            throw new InvalidTagException(InvalidTagException.Problem.EMPTY, "A tag set must hold at least one tag", String.valueOf(tags));
        }
        Set<String> interpreters = new TreeSet<>(TagSetParser::compareCodePoints);
        Set<String> abis = new TreeSet<>(TagSetParser::compareCodePoints);
        Set<String> platforms = new TreeSet<>(TagSetParser::compareCodePoints);
        for (Tag tag : tags) {
            interpreters.add(tag.interpreter());
            abis.add(tag.abi());
            platforms.add(tag.platform());
        }
        long combinations = (long) interpreters.size() * abis.size() * platforms.size();
        long distinct = tags instanceof Set<?> ? tags.size() : new LinkedHashSet<>(tags).size();
        if (combinations != distinct) {
            throw new InvalidTagException(InvalidTagException.Problem.COMPONENT, "The tags are not every combination of their interpreters, ABIs and"
                    + " platforms, so no compressed tag set expands to them", tags.toString());
        }
        return String.join(".", interpreters) + '-' + String.join(".", abis) + '-' + String.join(".", platforms);
    }

    private static void checkSorted(String input, List<String> members, List<Integer> memberStarts,
            int componentStart, int componentEnd) {
        for (int i = 1; i < members.size(); i++) {
            if (compareCodePoints(members.get(i - 1), members.get(i)) > 0) {
                throw new InvalidTagException(InvalidTagException.Problem.UNSORTED, "Tag component '" + input.substring(componentStart, componentEnd)
                        + "' is not in sorted order per PEP 425: '" + members.get(i) + "' must come before '"
                        + members.get(i - 1) + "'", input, memberStarts.get(i));
            }
        }
    }

    /** Python's string order: by code point, which differs from UTF-16 order above U+FFFF. */
    static int compareCodePoints(String a, String b) {
        int length = Math.min(a.length(), b.length());
        for (int i = 0; i < length; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (Character.isSurrogate(x) || Character.isSurrogate(y)) {
                    return Integer.compare(a.codePointAt(i), b.codePointAt(i));
                }
                return Character.compare(x, y);
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    /** Python's {@code str.isidentifier()}: a letter or underscore, then letters, digits, underscores. */
    static boolean isIdentifier(String s, int start, int end) {
        if (start >= end) {
            return false;
        }
        for (int i = start; i < end; ) {
            int c = s.codePointAt(i);
            boolean ok;
            if (c < 128) {
                ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > start && c >= '0' && c <= '9');
            } else if (i == start) {
                ok = Character.isUnicodeIdentifierStart(c);
            } else {
                ok = Character.isUnicodeIdentifierPart(c) && !Character.isIdentifierIgnorable(c);
            }
            if (!ok) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    private static int nthDash(String s, int n) {
        int at = -1;
        for (int i = 0; i < n; i++) {
            at = s.indexOf('-', at + 1);
        }
        return at;
    }
}
