package dev.pymirror.inject;

/**
 * A kernel file system a command in a chroot expects, mounted for the time of {@code pymirror run}
 * the way image builders do: {@code /proc}, a read-only {@code /sys}, and the host's {@code /dev}.
 */
public enum SystemMount {
    PROC("proc", "proc", null, false),
    SYS("sys", "sysfs", null, true),
    DEV("dev", "bind", "/dev", false);

    private final String path;
    private final String kind;
    private final String source;
    private final boolean readOnly;

    SystemMount(String path, String kind, String source, boolean readOnly) {
        this.path = path;
        this.kind = kind;
        this.source = source;
        this.readOnly = readOnly;
    }

    /** The mount point inside the root. */
    public String path() {
        return path;
    }

    ChangeRecord.Mount toRecord() {
        return new ChangeRecord.Mount(path, kind, source, readOnly);
    }
}
