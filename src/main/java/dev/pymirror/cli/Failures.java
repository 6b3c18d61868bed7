package dev.pymirror.cli;

import dev.pymirror.inject.InjectException;
import dev.pymirror.inject.Privileges;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * How a command turns what went wrong into a message and an exit code: a mistake in what the user
 * gave is a usage error (2), anything else that stopped the job a failure (1).
 */
final class Failures {

    private Failures() {}

    /** Runs a command's body, printing "pymirror NAME: message" for a failure. */
    static int report(String command, PrintWriter err, Callable<Integer> body) {
        try {
            return body.call();
        } catch (IllegalArgumentException e) {
            err.println("pymirror " + command + ": " + e.getMessage());
            err.println("See 'pymirror " + command + " --help'.");
            return CommandLine.ExitCode.USAGE;
        } catch (InjectException e) {
            err.println("pymirror " + command + ": " + e.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        } catch (IOException e) {
            boolean hint = e instanceof java.nio.file.AccessDeniedException && !Privileges.isRoot();
            err.println("pymirror " + command + ": " + describe(e)
                    + (hint ? " (pymirror is not running as root; image roots are root's)" : ""));
            return CommandLine.ExitCode.SOFTWARE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("pymirror " + command + ": interrupted");
            return CommandLine.ExitCode.SOFTWARE;
        } catch (Exception e) {
            err.println("pymirror " + command + ": " + e);
            return CommandLine.ExitCode.SOFTWARE;
        }
    }

    /** An I/O error as a sentence: Java's file exceptions often carry only the path as their message. */
    static String describe(IOException e) {
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() == null) {
            String kind = switch (e) {
                case java.nio.file.AccessDeniedException a -> "permission denied";
                case java.nio.file.NoSuchFileException n -> "no such file or directory";
                case java.nio.file.FileAlreadyExistsException x -> "already exists";
                case java.nio.file.DirectoryNotEmptyException d -> "directory not empty";
                default -> "failed";
            };
            return f.getMessage() + ": " + kind;
        }
        return String.valueOf(e.getMessage());
    }
}
