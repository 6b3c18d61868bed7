package dev.pymirror.sync.resolve;

import dev.pymirror.packaging.requirements.Environment;
import dev.pymirror.packaging.tags.SupportedTags;
import dev.pymirror.packaging.tags.Target;
import dev.pymirror.packaging.version.Version;

/**
 * An interpreter on a platform that the mirror serves, which need not be this machine: the tags
 * its pip accepts (to choose wheels) and its marker environment (to choose dependencies).
 *
 * @param name how messages and the manifest name it, such as {@code cp312-manylinux_2_28_x86_64}
 * @param platform the platform tag it was given, such as {@code manylinux_2_28_x86_64}
 * @param target the interpreter, ABIs and platforms, for wheel tags
 * @param environment the PEP 508 marker values
 * @param tags the target's supported tags, best first (built once: a few hundred tags)
 * @param pythonVersion {@code python_full_version} as a version, for Requires-Python
 */
public record InstallTarget(String name, String platform, Target target, Environment environment,
        SupportedTags tags, Version pythonVersion) {

    /**
     * A target for a CPython-like interpreter given as pip's options are.
     *
     * @param pythonVersion {@code 3.12} or {@code 3.12.4}
     * @param platform one wheel platform tag, such as {@code manylinux_2_28_x86_64}
     * @param implementation a short name, {@code cp} or {@code pp}, ...
     * @param abis the interpreter's ABI tags, or empty for the implementation's default
     * @throws IllegalArgumentException (a packaging exception) naming what is wrong
     */
    public static InstallTarget of(String pythonVersion, String platform, String implementation,
            java.util.List<String> abis) {
        Environment environment = Environment.forTarget(pythonVersion, platform, implementation);
        dev.pymirror.packaging.tags.PythonVersion python =
                dev.pymirror.packaging.tags.PythonVersion.parse(environment.pythonVersion());
        String impl = switch (implementation.toLowerCase(java.util.Locale.ROOT)) {
            case "cpython", "cp" -> Target.CPYTHON;
            case "pypy", "pp" -> Target.PYPY;
            case "graalpy", "gp" -> "graalpy";
            case "jython", "jy" -> "jy";
            case "ironpython", "ip" -> "ip";
            default -> implementation.toLowerCase(java.util.Locale.ROOT);
        };
        Target target;
        if (abis.isEmpty() && impl.equals(Target.CPYTHON)) {
            target = Target.cpython(python, platform);
        } else if (abis.isEmpty() && impl.equals(Target.PYPY)) {
            target = Target.pypy(python, platform);
        } else {
            java.util.List<String> chosen = abis.isEmpty()
                    ? Target.defaultAbis(impl, python, false, Target.expandPlatforms(java.util.List.of(platform)))
                    : abis;
            target = new Target(impl, python, chosen, Target.expandPlatforms(java.util.List.of(platform)));
        }
        String name = target.interpreter() + (abis.isEmpty() ? "" : "-" + String.join(".", abis)) + "-" + platform;
        return new InstallTarget(name, platform, target, environment, target.supportedTags(),
                Version.parse(environment.pythonFullVersion()));
    }

    @Override
    public String toString() {
        return name;
    }
}
