package dev.pymirror.sync.tree;

import java.util.List;

/**
 * What {@code pymirror verify} found.
 *
 * @param projects how many project directories were checked
 * @param files how many distribution files were hashed
 * @param bytes how many bytes they hold
 * @param problems one sentence per problem, each naming the file; empty when all is well
 */
public record VerifyReport(int projects, int files, long bytes, List<String> problems) {

    public VerifyReport {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
