package dev.pymirror.sync.reqfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the options part of a requirements line into words as a POSIX shell would (pip uses
 * Python's {@code shlex}): whitespace separates, single quotes keep everything, double quotes keep
 * everything but backslash escapes, a backslash outside quotes escapes the next character.
 */
final class LineSplitter {

    private LineSplitter() {}

    /** @throws IllegalArgumentException for an unclosed quote */
    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'') {
                int end = text.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed single quote in '" + text + "'");
                }
                word.append(text, i + 1, end);
                inWord = true;
                i = end;
            } else if (c == '"') {
                int j = i + 1;
                for (; j < text.length() && text.charAt(j) != '"'; j++) {
                    char d = text.charAt(j);
                    if (d == '\\' && j + 1 < text.length() && "\"\\$`".indexOf(text.charAt(j + 1)) >= 0) {
                        j++;
                        d = text.charAt(j);
                    }
                    word.append(d);
                }
                if (j >= text.length()) {
                    throw new IllegalArgumentException("unclosed double quote in '" + text + "'");
                }
                inWord = true;
                i = j;
            } else if (c == '\\' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
