package dev.pymirror.packaging.tags;

/** The operating system a platform tag is for, as far as the tag says. */
public enum OperatingSystem {
    LINUX("Linux"),
    MACOS("macOS"),
    WINDOWS("Windows"),
    IOS("iOS"),
    ANDROID("Android"),
    EMSCRIPTEN("Emscripten"),
    /** The {@code any} platform of pure-Python wheels. */
    ANY("any platform"),
    /** A platform tag this library does not recognise. */
    OTHER("an unrecognised platform");

    private final String displayName;

    OperatingSystem(String displayName) {
        this.displayName = displayName;
    }

    /** The name to show people, such as {@code macOS}. */
    public String displayName() {
        return displayName;
    }
}
