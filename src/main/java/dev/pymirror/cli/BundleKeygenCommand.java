package dev.pymirror.cli;

import dev.pymirror.bundle.PublicKeyText;
import dev.pymirror.bundle.SigningKey;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pymirror bundle keygen}: the Ed25519 key pair that signs bundles. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Make an Ed25519 key pair: DIR/" + SigningKey.PRIVATE_FILE + " (the private key, mode 0600,"
                + " for bundle create --key) and DIR/" + SigningKey.PUBLIC_FILE + " (one line, for bundle import"
                + " --trust). An existing key is never replaced."})
final class BundleKeygenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the two files.")
    Path out;

    @Option(names = "--comment", paramLabel = "TEXT", description = "Written after the public key (who it is).")
    String comment = "";

    @Override
    public Integer call() {
        return Failures.report("bundle keygen", spec.commandLine().getErr(), () -> {
            PublicKeyText key = SigningKey.generate(out, comment);
            var o = spec.commandLine().getOut();
            o.println("private key: " + out.resolve(SigningKey.PRIVATE_FILE) + " (keep it secret)");
            o.println("public key:  " + out.resolve(SigningKey.PUBLIC_FILE) + ", fingerprint " + key.fingerprint());
            o.println(key.line());
            return 0;
        });
    }
}
