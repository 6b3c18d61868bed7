package dev.pymirror.sync.resolve;

import dev.pymirror.packaging.ProjectName;
import java.util.List;

/**
 * Why no version of a project can be chosen, in words: the requirements on it that cannot all
 * hold, each with the chain of releases that led to it, and what the index has.
 *
 * @param project the project that has no acceptable version
 * @param requirements the requirements on it, such as {@code a 2.0 requires b<1}
 * @param chains for each release named in {@code requirements}, how it came in:
 *     {@code c 3.1 <- d 1.0 <- requirements.txt:4}
 * @param detail what the index has for the target, or why it has nothing
 */
public record Conflict(ProjectName project, List<String> requirements, List<String> chains, String detail) {

    public Conflict {
        requirements = List.copyOf(requirements);
        chains = List.copyOf(chains);
    }

    /** One line: {@code a 2.0 requires b<1, c 3.1 requires b>=2}. */
    public String chain() {
        return String.join(", ", requirements);
    }

    /** The whole explanation, several lines. */
    public String explain() {
        StringBuilder out = new StringBuilder();
        if (requirements.size() > 1) {
            out.append("no version of ").append(project.original()).append(" satisfies ").append(chain());
        } else {
            out.append("no version of ").append(project.original()).append(" can be used: ").append(chain());
        }
        for (String c : chains) {
            out.append("\n  ").append(c);
        }
        if (detail != null && !detail.isEmpty()) {
            out.append("\n  ").append(detail.replace("\n", "\n  "));
        }
        return out.toString();
    }
}
