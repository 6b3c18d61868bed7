package dev.pymirror.server.config;

/**
 * Packages uploaded to this server with {@code twine upload}.
 *
 * @param name the index name
 * @param read who may read (default: anyone)
 * @param upload who may upload, yank and delete (default: any user; never anyone without credentials)
 * @param maxUploadBytes the largest file accepted
 * @param cooldown how old a file must be to be served (default: no cooldown)
 */
public record HostedConfig(String name, Audience read, Audience upload, long maxUploadBytes, Cooldown cooldown)
        implements IndexConfig {

    public static final long DEFAULT_MAX_UPLOAD = 100L << 20;

    public HostedConfig {
        IndexConfig.checkName(name);
        if (read == null) {
            read = Audience.ANYONE;
        }
        if (upload == null) {
            upload = Audience.USERS;
        }
        if (!upload.needsLogin()) {
            throw new ConfigException("upload = \"anyone\" is not allowed: writing to an index needs credentials");
        }
        cooldown = cooldown == null ? Cooldown.NONE : cooldown;
        if (maxUploadBytes <= 0) {
            throw new ConfigException("max-upload must be a positive size, not " + maxUploadBytes);
        }
    }

    /** Without a cooldown. */
    public HostedConfig(String name, Audience read, Audience upload, long maxUploadBytes) {
        this(name, read, upload, maxUploadBytes, null);
    }

    /** Open reads, uploads by any user, files up to {@value #DEFAULT_MAX_UPLOAD} bytes. */
    public static HostedConfig defaults(String name) {
        return new HostedConfig(name, Audience.ANYONE, Audience.USERS, DEFAULT_MAX_UPLOAD);
    }

    public HostedConfig withRead(Audience value) {
        return new HostedConfig(name, value, upload, maxUploadBytes, cooldown);
    }

    public HostedConfig withUpload(Audience value) {
        return new HostedConfig(name, read, value, maxUploadBytes, cooldown);
    }

    public HostedConfig withMaxUploadBytes(long value) {
        return new HostedConfig(name, read, upload, value, cooldown);
    }

    public HostedConfig withCooldown(Cooldown value) {
        return new HostedConfig(name, read, upload, maxUploadBytes, value);
    }

    @Override
    public String kind() {
        return "hosted";
    }
}
