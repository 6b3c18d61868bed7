import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the class files of the runtime libraries (target/lib) that are older than Java 6 as
 * Java 8 class files, so that the ahead-of-time cache can hold them loaded and linked. Run at build
 * time by the package phase, before the AOT training (AotTraining.java):
 *
 * <pre>
 * java src/build/java/LinkableLibraries.java LIB_DIR
 * </pre>
 *
 * <p>Why: the JVM verifies a class file older than version 50 with the old type-inferring verifier
 * and cannot store it in an AOT cache ("old class"), so each start read, parsed, verified and linked
 * picocli's 172 classes (it is compiled for Java 5) from its jar: 0.53 s to /health against 0.47 s
 * with them in the cache (bench/startup.py, 9 starts each, BENCHMARKS.md). The rewrite keeps every
 * instruction and adds the stack maps version 50 and later carry (the JDK's class-file API computes
 * them); nothing else changes. A jar with no old class, or a signed one, is left as it is; a jar
 * already rewritten has none left, so a second run changes nothing.
 *
 * <p>Every rewritten class is then loaded and initialized in a class loader of its own, so that a
 * class the JVM would reject fails the build, not a start.
 */
public final class LinkableLibraries {

    /** Java 8: the oldest version whose class files must carry stack maps, which the AOT cache needs. */
    private static final int TARGET_MAJOR = 52;
    private static final int OLDEST_LINKABLE_MAJOR = 50;

    public static void main(String[] args) throws IOException, ReflectiveOperationException {
        if (args.length != 1) {
            System.err.println("usage: java LinkableLibraries.java LIB_DIR");
            System.exit(2);
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of(args[0]), "*.jar")) {
            for (Path jar : jars) {
                int rewritten = rewrite(jar);
                if (rewritten > 0) {
                    System.out.printf("%s: %d class files rewritten as Java 8 class files%n", jar.getFileName(), rewritten);
                }
            }
        }
    }

    private static int rewrite(Path jar) throws IOException, ReflectiveOperationException {
        Set<String> old = new LinkedHashSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (entry.getName().startsWith("META-INF/") && entry.getName().endsWith(".SF")) {
                    return 0; // signed: a rewritten class would no longer match its signature
                }
                if (isClass(entry) && majorVersion(zip, entry) < OLDEST_LINKABLE_MAJOR) {
                    old.add(entry.getName());
                }
            }
        }
        if (old.isEmpty()) {
            return 0;
        }
        Path rewritten = jar.resolveSibling(jar.getFileName() + ".rewriting");
        try (URLClassLoader itself = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
                ZipFile zip = new ZipFile(jar.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(rewritten))) {
            // Stack maps name the common super class where branches meet: the jar's own classes are read from it.
            ClassFile classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                    ClassHierarchyResolver.defaultResolver().orElse(ClassHierarchyResolver.ofResourceParsing(itself))));
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                if (old.contains(entry.getName())) {
                    ClassModel model = classFile.parse(bytes);
                    bytes = classFile.transformClass(model,
                            ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                                    .andThen(ClassTransform.endHandler(b -> b.withVersion(TARGET_MAJOR, 0))));
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        check(rewritten, old);
        Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return old.size();
    }

    /** Loads, verifies and initializes each rewritten class: a rejected one fails here, at build time. */
    private static void check(Path jar, Set<String> classes) throws IOException, ReflectiveOperationException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            for (String entry : classes) {
                String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
                Class<?> type = Class.forName(name, true, loader);
                if (type.getClassLoader() != loader) {
                    throw new IllegalStateException(name + " was not loaded from the rewritten jar");
                }
            }
        } catch (IOException | ReflectiveOperationException | LinkageError | RuntimeException e) {
            Files.deleteIfExists(jar);
            throw e;
        }
    }

    private static boolean isClass(ZipEntry entry) {
        return entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/");
    }

    private static int majorVersion(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] header = in.readNBytes(8);
            return ((header[6] & 0xff) << 8) | (header[7] & 0xff);
        }
    }
}
