package dev.pymirror.inject;

import java.util.List;

/**
 * What inject or eject did to a root, one line per change, and what the user should know.
 *
 * @param actions the changes made, in order ("wrote etc/pip.conf (new)")
 * @param warnings notes and warnings, in order
 */
public record Report(List<String> actions, List<String> warnings) {

    public Report {
        actions = List.copyOf(actions);
        warnings = List.copyOf(warnings);
    }
}
