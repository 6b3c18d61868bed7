package dev.pymirror.packaging.tags;

import java.util.Map;

/** Human names of interpreter tags, for messages: {@code cp312} is {@code CPython 3.12}. */
final class InterpreterNames {

    private static final Map<String, String> NAMES = Map.of(
            "py", "Python",
            "cp", "CPython",
            "pp", "PyPy",
            "ip", "IronPython",
            "jy", "Jython",
            "graalpy", "GraalPy");

    private InterpreterNames() {}

    /** {@code 'cp312' (CPython 3.12)}; just the quoted tag when its name is unknown. */
    static String describe(String interpreter) {
        int digits = 0;
        while (digits < interpreter.length() && !Character.isDigit(interpreter.charAt(digits))) {
            digits++;
        }
        String name = NAMES.get(interpreter.substring(0, digits));
        String version = interpreter.substring(digits);
        if (name == null || version.isEmpty() || !version.chars().allMatch(c -> c >= '0' && c <= '9')
                || version.length() > 4) {
            return "interpreter '" + interpreter + "'";
        }
        return "'" + interpreter + "' (" + name + " " + PythonVersion.fromNodot(version) + ")";
    }
}
