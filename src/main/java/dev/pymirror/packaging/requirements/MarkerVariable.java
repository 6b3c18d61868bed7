package dev.pymirror.packaging.requirements;

/**
 * The names a PEP 508 environment marker may test, with how each one compares.
 *
 * <p>Four variables hold versions and compare through PEP 440 specifiers when the other side is a
 * valid version; the rest are plain strings. {@code extra} holds one extra name and compares by its
 * PEP 685 normalized form; {@code extras} and {@code dependency_groups} hold sets of normalized names
 * and may only be the right-hand side of {@code in} / {@code not in}.
 */
public enum MarkerVariable {
    PYTHON_VERSION("python_version", ValueType.VERSION),
    PYTHON_FULL_VERSION("python_full_version", ValueType.VERSION),
    IMPLEMENTATION_NAME("implementation_name", ValueType.STRING),
    IMPLEMENTATION_VERSION("implementation_version", ValueType.VERSION),
    OS_NAME("os_name", ValueType.STRING),
    SYS_PLATFORM("sys_platform", ValueType.STRING),
    PLATFORM_MACHINE("platform_machine", ValueType.STRING),
    PLATFORM_PYTHON_IMPLEMENTATION("platform_python_implementation", ValueType.STRING),
    PLATFORM_RELEASE("platform_release", ValueType.VERSION),
    PLATFORM_SYSTEM("platform_system", ValueType.STRING),
    PLATFORM_VERSION("platform_version", ValueType.STRING),
    EXTRA("extra", ValueType.NAME),
    EXTRAS("extras", ValueType.NAME_SET),
    DEPENDENCY_GROUPS("dependency_groups", ValueType.NAME_SET);

    /** How the values of a variable compare. */
    enum ValueType {
        /** Compared as strings. */
        STRING,
        /** Compared as PEP 440 versions when both sides allow it, else as strings. */
        VERSION,
        /** One PEP 685 name, compared in normalized form. */
        NAME,
        /** A set of PEP 685 names, only tested for membership. */
        NAME_SET
    }

    private final String markerName;
    private final ValueType type;

    MarkerVariable(String markerName, ValueType type) {
        this.markerName = markerName;
        this.type = type;
    }

    /** The name as written in a canonical marker, for example {@code python_version}. */
    public String markerName() {
        return markerName;
    }

    /** True for the variables that come from the interpreter and platform rather than the context. */
    public boolean isEnvironmentValue() {
        return ordinal() < EXTRA.ordinal();
    }

    ValueType type() {
        return type;
    }

    /**
     * The variable for a name as it may appear in a marker, including the legacy PEP 345 and
     * setuptools spellings ({@code os.name}, {@code sys.platform}, {@code platform.version},
     * {@code platform.machine}, {@code platform.python_implementation}, {@code python_implementation}),
     * or null when the name is not a marker variable.
     */
    public static MarkerVariable fromName(String name) {
        if (name == null) {
            return null;
        }
        return switch (name) {
            case "python_version" -> PYTHON_VERSION;
            case "python_full_version" -> PYTHON_FULL_VERSION;
            case "implementation_name" -> IMPLEMENTATION_NAME;
            case "implementation_version" -> IMPLEMENTATION_VERSION;
            case "os_name", "os.name" -> OS_NAME;
            case "sys_platform", "sys.platform" -> SYS_PLATFORM;
            case "platform_machine", "platform.machine" -> PLATFORM_MACHINE;
            case "platform_python_implementation", "platform.python_implementation", "python_implementation" ->
                PLATFORM_PYTHON_IMPLEMENTATION;
            case "platform_release" -> PLATFORM_RELEASE;
            case "platform_system" -> PLATFORM_SYSTEM;
            case "platform_version", "platform.version" -> PLATFORM_VERSION;
            case "extra" -> EXTRA;
            case "extras" -> EXTRAS;
            case "dependency_groups" -> DEPENDENCY_GROUPS;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return markerName;
    }
}
