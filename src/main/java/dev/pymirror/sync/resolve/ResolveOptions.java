package dev.pymirror.sync.resolve;

/**
 * How the resolver chooses.
 *
 * @param allowPrereleases accept pre-releases everywhere, as pip's {@code --pre}; without it a
 *     pre-release is chosen only when a specifier names one or nothing else matches
 * @param sdists which projects may use an sdist when no wheel fits
 * @param maxAttempts how many candidates the search may try before giving up on a problem too
 *     tangled to solve (pip stops after a similar number of rounds)
 */
public record ResolveOptions(boolean allowPrereleases, SdistPolicy sdists, int maxAttempts) {

    /** Final releases, wheels only, and pip's patience. */
    public static final ResolveOptions DEFAULT = new ResolveOptions(false, SdistPolicy.NONE, 200_000);

    public ResolveOptions {
        if (sdists == null) {
            throw new IllegalArgumentException("An sdist policy is required");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be positive: " + maxAttempts);
        }
    }

    public ResolveOptions withPrereleases(boolean allow) {
        return new ResolveOptions(allow, sdists, maxAttempts);
    }

    public ResolveOptions withSdists(SdistPolicy policy) {
        return new ResolveOptions(allowPrereleases, policy, maxAttempts);
    }

    public ResolveOptions withMaxAttempts(int attempts) {
        return new ResolveOptions(allowPrereleases, sdists, attempts);
    }
}
