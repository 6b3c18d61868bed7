package dev.pymirror.server.auth;

import dev.pymirror.server.background.BackgroundJobs;
import java.time.Duration;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a bucket's users log every {@link #BOUND} for a server that shares it with other nodes,
 * so that requests are answered from memory and never wait on the bucket for users they know
 * (a bucket that does not answer would hold every login for its timeout). A revoked token, a
 * removed user, a changed password: refused by this node at most {@code BOUND} plus one read of the
 * log after the change. A token or user this node has not seen is read at once ({@link UserStore}).
 * When the bucket fails, the users last read stay in force and the failure is logged once, then
 * its end.
 */
public final class UserLogFollower extends AbstractLifeCycle {

    /** How often the log is read: the bound on how long a revoked token still works elsewhere. */
    public static final Duration BOUND = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(UserLogFollower.class);

    private final UserStore users;
    private final Duration every;
    private BackgroundJobs jobs;
    private boolean failing;

    public UserLogFollower(UserStore users) {
        this(users, BOUND);
    }

    UserLogFollower(UserStore users, Duration every) {
        this.users = users;
        this.every = every;
    }

    @Override
    protected void doStart() {
        users.follow();
        jobs = new BackgroundJobs("users-log", 1);
        jobs.every(Duration.ZERO, every, this::read);
    }

    /** One read; what goes wrong is logged, never thrown, so that the next read still happens. */
    void read() {
        try {
            users.read();
            if (failing) {
                failing = false;
                LOG.info("the users in {} are read again", users.where());
            }
        } catch (UserStoreException | RuntimeException e) {
            if (jobs != null && jobs.stopping()) {
                return; // a read cut short by the stop
            }
            if (!failing) {
                failing = true;
                LOG.warn("{}; the users last read stay in force until it answers", e.getMessage());
            }
        }
    }

    @Override
    protected void doStop() throws InterruptedException {
        if (jobs != null) {
            jobs.stop();
        }
    }
}
