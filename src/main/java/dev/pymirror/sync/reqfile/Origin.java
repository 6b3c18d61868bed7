package dev.pymirror.sync.reqfile;

/**
 * Where a requirement was written: a line of a requirements file, or the command line. Messages
 * about a requirement start with it, as compilers name a source position.
 *
 * @param source the file as it was named (relative paths stay relative), or {@code "command line"}
 * @param line the 1-based line number (the first physical line of a continued line); 0 on the
 *     command line, or for a file as a whole
 */
public record Origin(String source, int line) {

    /** The source of requirements given as arguments. */
    public static final String COMMAND_LINE = "command line";

    public Origin {
        if (source == null || source.isEmpty()) {
            throw new IllegalArgumentException("An origin needs a source");
        }
        if (line < 0) {
            throw new IllegalArgumentException("A line number is never negative: " + line);
        }
    }

    /** A requirement given as an argument. */
    public static Origin commandLine() {
        return new Origin(COMMAND_LINE, 0);
    }

    /** True for a requirement given as an argument. */
    public boolean isCommandLine() {
        return line == 0 && COMMAND_LINE.equals(source);
    }

    /** A file as a whole, not one of its lines. */
    public static Origin wholeFile(String source) {
        return new Origin(source, 0);
    }

    /** {@code requirements.txt:12}, {@code requirements.txt} for a whole file, or {@code command line}. */
    @Override
    public String toString() {
        return line == 0 ? source : source + ":" + line;
    }
}
