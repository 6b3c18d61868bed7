package dev.pymirror.packaging.tags;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;

/**
 * One PEP 425 compatibility tag: the interpreter, ABI and platform a built distribution runs on,
 * written {@code interpreter-abi-platform} (for example {@code cp312-cp312-manylinux_2_17_x86_64}).
 *
 * <p>Components are kept in lower case, as the reference implementation compares them; none may
 * be empty or hold {@code -} or {@code .}, the separators of the written form. Instances are
 * immutable values, so they can be used as keys of the hash lookup that ranks wheels
 * ({@link SupportedTags#priority(Tag)}).
 *
 * @param interpreter the Python tag, e.g. {@code py3}, {@code cp312}, {@code pp310}
 * @param abi the ABI tag, e.g. {@code cp312}, {@code abi3}, {@code none}
 * @param platform the platform tag, e.g. {@code win_amd64}, {@code macosx_11_0_arm64}, {@code any}
 */
public record Tag(String interpreter, String abi, String platform) {

    /**
     * The most tags one compressed tag set may expand to. Real wheels carry at most a few dozen;
     * the bound keeps a hostile name such as {@code a.b.c...-a.b.c...-a.b.c...} from expanding
     * into billions of tags.
     */
    public static final int MAX_EXPANDED_TAGS = 4096;

    /**
     * Validates the components and lower-cases them.
     *
     * @throws InvalidTagException if a component is null, empty, or holds {@code -} or {@code .}
     */
    public Tag {
        interpreter = component("interpreter", interpreter);
        abi = component("ABI", abi);
        platform = component("platform", platform);
    }

    /**
     * Parses one uncompressed tag such as {@code py3-none-any}.
     *
     * @throws InvalidTagException if the tag is not valid or is a compressed set of several tags
     */
    public static Tag of(String tag) {
        Set<Tag> tags = TagSetParser.parse(tag, false);
        if (tags.size() != 1) {
            throw new InvalidTagException(InvalidTagException.Problem.COMPONENT, "Expected a single tag, found a compressed set of " + tags.size(),
                    tag, tag.indexOf('.'));
        }
        return tags.iterator().next();
    }

    /**
     * Expands a compressed tag set such as {@code py2.py3-none-any} into its tags, in the order
     * interpreter, then ABI, then platform of the written form. Components are lower-cased;
     * repeated combinations appear once.
     *
     * @return an immutable set, iterating in expansion order
     * @throws InvalidTagException if the set does not have exactly three {@code -}-separated
     *     components, a component or one of its {@code .}-separated members is empty, an
     *     interpreter is not an identifier, or the set expands to more than
     *     {@value #MAX_EXPANDED_TAGS} tags
     */
    public static Set<Tag> parse(String compressed) {
        return TagSetParser.parse(compressed, false);
    }

    /**
     * Like {@link #parse(String)}, and when {@code requireSortedOrder} is true also rejects a
     * component whose members are not in sorted order, as PEP 425 asks of compressed tag sets
     * ({@code manylinux2014_x86_64.manylinux_2_17_x86_64}, not the reverse).
     */
    public static Set<Tag> parse(String compressed, boolean requireSortedOrder) {
        return TagSetParser.parse(compressed, requireSortedOrder);
    }

    /**
     * Writes a set of tags as one compressed tag set with each component's members sorted and
     * de-duplicated, as they appear in a wheel file name: {@code {py3-none-any, py2-none-any}}
     * becomes {@code py2.py3-none-any}.
     *
     * @throws InvalidTagException if {@code tags} is empty, or is not every combination of its
     *     interpreters, ABIs and platforms (so no single compressed set expands to it)
     */
    public static String compress(Collection<Tag> tags) {
        return TagSetParser.compress(tags);
    }

    /** The written form, {@code interpreter-abi-platform}. */
    @Override
    public String toString() {
        return interpreter + '-' + abi + '-' + platform;
    }

    private static String component(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidTagException(InvalidTagException.Problem.EMPTY, "A tag's " + what + " must not be empty", value);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '-' || c == '.') {
                throw new InvalidTagException(InvalidTagException.Problem.COMPONENT, "A tag's " + what + " must not contain '" + c + "'", value, i);
            }
        }
        return value.toLowerCase(Locale.ROOT);
    }
}
