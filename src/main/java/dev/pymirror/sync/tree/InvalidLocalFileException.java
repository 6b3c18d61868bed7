package dev.pymirror.sync.tree;

import java.util.List;

/** Files given to {@code pymirror add} that cannot be added; nothing was added. One line per file. */
public final class InvalidLocalFileException extends Exception {

    private final List<String> problems;

    public InvalidLocalFileException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
