package dev.pymirror.cli;

import dev.pymirror.server.auth.ApiToken;
import dev.pymirror.server.auth.UserName;
import dev.pymirror.server.auth.UserStore;
import dev.pymirror.server.auth.UserStoreException;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pymirror user add|passwd|token|list|delete}: the users who may upload (and read closed
 * indexes), kept where the configuration's storage is: the data directory, or the bucket the nodes
 * share. A running server sees changes at once (on a bucket: every node within
 * {@code UserLogFollower.BOUND}).
 */
@Command(
        name = "user",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Manage the users of a pymirror server: their passwords and API tokens.",
            "",
            "Users live in the server's storage (the data directory, or the bucket of storage = \"s3://...\"),"
                    + " which holds only Argon2id hashes of passwords and SHA-256 hashes of tokens."
                    + " A running server sees changes at once; with several nodes on one bucket, every node within 2 s.",
            ""
        })
final class UserCommand implements Callable<Integer> {

    static final int MIN_PASSWORD = 8;

    @Spec
    CommandSpec spec;

    /** Standard input, replaceable in tests. */
    InputStream stdin = System.in;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("pymirror user: a sub-command is required");
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a user; asks for the password.")
    int add(@Mixin DataOptions data,
            @Parameters(paramLabel = "NAME", description = "The user name: letters, digits, . _ @ -") String name,
            @Option(names = "--password-stdin", description = "Read the password from standard input.") boolean fromStdin) {
        checkName(name);
        char[] password = password(name, fromStdin);
        return run("add", data, config -> {
            try (ServerStorage storage = ServerStorage.open(config)) {
                storage.users().add(name, password);
            }
            out().println("added user '" + name + "'");
        });
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Set a user's password; asks for it.")
    int passwd(@Mixin DataOptions data,
            @Parameters(paramLabel = "NAME") String name,
            @Option(names = "--password-stdin", description = "Read the password from standard input.") boolean fromStdin) {
        checkName(name);
        char[] password = password(name, fromStdin);
        return run("passwd", data, config -> {
            try (ServerStorage storage = ServerStorage.open(config)) {
                storage.users().setPassword(name, password);
            }
            out().println("changed the password of '" + name + "'");
        });
    }

    @Command(name = "token", mixinStandardHelpOptions = true,
            description = {"Make an API token for a user (twine: user __token__, the token as password),",
                "or list or revoke the user's tokens."})
    int token(@Mixin DataOptions data,
            @Parameters(paramLabel = "NAME") String name,
            @Option(names = "--label", paramLabel = "TEXT", description = "What the token is for, shown by --list.") String label,
            @Option(names = "--list", description = "List the user's tokens instead.") boolean list,
            @Option(names = "--revoke", paramLabel = "ID", description = "Revoke the token with this id instead.") String revoke) {
        checkName(name);
        if (list && revoke != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--list and --revoke exclude each other");
        }
        return run("token", data, config -> {
            try (ServerStorage storage = ServerStorage.open(config)) {
                token(storage.users(), name, label, list, revoke);
            }
        });
    }

    private void token(UserStore users, String name, String label, boolean list, String revoke) throws UserStoreException {
        if (list) {
            UserStore.User u = users.user(name).orElseThrow(() -> new UserStoreException("no user '" + name + "' in " + users.where()));
            if (u.tokens().isEmpty()) {
                out().println("user '" + name + "' has no tokens");
            }
            u.tokens().values().forEach(t -> out().println(t.id() + "  " + t.created() + "  " + t.label()));
        } else if (revoke != null) {
            users.revokeToken(name, revoke.strip());
            out().println("revoked token " + revoke.strip() + " of '" + name + "'");
        } else {
            ApiToken token = users.addToken(name, label);
            out().println(token.text());
            spec.commandLine().getErr().println("This is the only time the token is shown. Use it as the password"
                    + " of user __token__ (twine: -u __token__ -p TOKEN).");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the users.")
    int list(@Mixin DataOptions data) {
        return data.read(spec.commandLine(), "user list", config -> {
            try (ServerStorage storage = ServerStorage.open(config)) {
                for (UserStore.User u : storage.users().users().values()) {
                    out().println(u.name() + "  " + u.tokens().size() + " token" + (u.tokens().size() == 1 ? "" : "s")
                            + "  added " + u.created());
                }
            }
        });
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Remove a user and the user's tokens.")
    int delete(@Mixin DataOptions data, @Parameters(paramLabel = "NAME") String name) {
        checkName(name);
        return run("delete", data, config -> {
            try (ServerStorage storage = ServerStorage.open(config)) {
                storage.users().remove(name);
            }
            out().println("removed user '" + name + "'");
        });
    }

    /** Runs {@code edit} as {@code pymirror user <command>}: see {@link DataOptions#edit} for the exit codes. */
    private int run(String command, DataOptions data, DataOptions.Edit edit) {
        return data.edit(spec.commandLine(), "user " + command, edit);
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private void checkName(String name) {
        if (!UserName.isValid(name)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "'" + name + "' is not a valid user name:"
                    + " use 1 to 64 letters, digits and . _ @ -, starting with a letter or digit");
        }
    }

    /** The new password: one line of standard input, or typed twice at the terminal. */
    private char[] password(String name, boolean fromStdin) {
        char[] password;
        if (fromStdin) {
            try {
                String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
                password = line == null ? new char[0] : line.toCharArray();
            } catch (IOException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "cannot read the password: " + e.getMessage());
            }
        } else {
            Console console = System.console();
            if (console == null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "no terminal to ask for the password on; pipe it in with --password-stdin");
            }
            password = console.readPassword("Password for %s: ", name);
            char[] again = console.readPassword("The same again: ");
            if (password == null || !Arrays.equals(password, again)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "the two passwords differ");
            }
        }
        if (password.length < MIN_PASSWORD) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "the password must have at least " + MIN_PASSWORD + " characters");
        }
        return password;
    }
}
