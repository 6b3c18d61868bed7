package dev.pymirror.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The JVM options {@code serve} runs with, as src/main/launcher/serve-jvm.options lists them for
 * both launchers and the AOT cache's training: what tests check a started JVM against.
 */
public record ServeJvmOptions(List<String> options) {

    /** The checkout's list. */
    public static ServeJvmOptions ofCheckout() throws IOException {
        return read(Path.of("src/main/launcher/serve-jvm.options"));
    }

    /** A list in the syntax of the {@code java} launcher's argument files: # starts a comment. */
    public static ServeJvmOptions read(Path file) throws IOException {
        List<String> options = Files.readAllLines(file).stream()
                .map(line -> line.replaceFirst("#.*", "").strip())
                .flatMap(line -> Arrays.stream(line.split("\\s+")))
                .filter(option -> !option.isEmpty())
                .toList();
        return new ServeJvmOptions(options);
    }

    /**
     * How the JVM's {@code -XX:+PrintVMOptions} names each {@code -XX:} option of the list
     * ({@code VM option '+UseSerialGC'}): what a JVM started with the list prints.
     */
    public List<String> printedVmOptions() {
        return options.stream().filter(o -> o.startsWith("-XX:"))
                .map(o -> "VM option '" + o.substring("-XX:".length()) + "'").toList();
    }

    /** The list's {@code -Xmx} as the JVM's AOT log states a cache's heap size ({@code 96M}). */
    public String maxHeap() {
        return options.stream().filter(o -> o.startsWith("-Xmx")).findFirst()
                .map(o -> o.substring("-Xmx".length()).toUpperCase(java.util.Locale.ROOT))
                .orElseThrow(() -> new IllegalStateException("the list names no -Xmx: " + options));
    }
}
