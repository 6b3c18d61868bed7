package dev.pymirror.packaging.requirements;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values of the PEP 508 environment marker variables for one Python interpreter on one platform.
 *
 * <p>A value that is not known is the empty string, as PEP 508 asks; null is read as empty. Build one
 * from the values a real interpreter reports (the canonical constructor or {@link #of(Map)}), or
 * describe a machine that is not this one with {@link #forTarget(String, String, String)}.
 *
 * @param pythonVersion {@code python_version}: major.minor, for example {@code 3.12}
 * @param pythonFullVersion {@code python_full_version}: for example {@code 3.12.4} or {@code 3.13.0rc1}
 * @param implementationName {@code implementation_name}: {@code cpython}, {@code pypy}, ...
 * @param implementationVersion {@code implementation_version}: the implementation's own version
 * @param osName {@code os_name}: {@code posix}, {@code nt}, ...
 * @param sysPlatform {@code sys_platform}: {@code linux}, {@code darwin}, {@code win32}, ...
 * @param platformMachine {@code platform_machine}: {@code x86_64}, {@code arm64}, {@code AMD64}, ...
 * @param platformPythonImplementation {@code platform_python_implementation}: {@code CPython}, {@code PyPy}, ...
 * @param platformRelease {@code platform_release}: the operating system kernel release
 * @param platformSystem {@code platform_system}: {@code Linux}, {@code Darwin}, {@code Windows}, ...
 * @param platformVersion {@code platform_version}: the operating system's version string
 */
public record Environment(
        String pythonVersion,
        String pythonFullVersion,
        String implementationName,
        String implementationVersion,
        String osName,
        String sysPlatform,
        String platformMachine,
        String platformPythonImplementation,
        String platformRelease,
        String platformSystem,
        String platformVersion) {

    public Environment {
        pythonVersion = orEmpty(pythonVersion);
        pythonFullVersion = orEmpty(pythonFullVersion);
        implementationName = orEmpty(implementationName);
        implementationVersion = orEmpty(implementationVersion);
        osName = orEmpty(osName);
        sysPlatform = orEmpty(sysPlatform);
        platformMachine = orEmpty(platformMachine);
        platformPythonImplementation = orEmpty(platformPythonImplementation);
        platformRelease = orEmpty(platformRelease);
        platformSystem = orEmpty(platformSystem);
        platformVersion = orEmpty(platformVersion);
    }

    /**
     * An environment from marker variable names to values, as {@code packaging.markers.default_environment()}
     * prints it. Names missing from the map are empty.
     *
     * @throws InvalidEnvironmentException for a name that is not one of the eleven environment
     *     variables ({@code extra}, {@code extras} and {@code dependency_groups} belong in a
     *     {@link MarkerContext})
     */
    public static Environment of(Map<String, String> values) {
        Environment env = new Environment(null, null, null, null, null, null, null, null, null, null, null);
        if (values == null) {
            return env;
        }
        for (Map.Entry<String, String> entry : values.entrySet()) {
            MarkerVariable variable = MarkerVariable.fromName(entry.getKey());
            if (variable == null || !variable.isEnvironmentValue()) {
                throw new InvalidEnvironmentException(
                        "Not an environment marker variable (expected one of python_version, python_full_version, "
                                + "implementation_name, implementation_version, os_name, sys_platform, platform_machine, "
                                + "platform_python_implementation, platform_release, platform_system, platform_version)",
                        entry.getKey());
            }
            env = env.with(variable, entry.getValue());
        }
        return env;
    }

    /**
     * The environment of a CPython interpreter of {@code pythonVersion} on the platform named by a
     * wheel platform tag. See {@link #forTarget(String, String, String)}.
     */
    public static Environment forTarget(String pythonVersion, String platformTag) {
        return TargetEnvironments.forTarget(pythonVersion, platformTag, "cpython");
    }

    /**
     * The environment of an interpreter that is not this machine, for resolving dependencies for it.
     *
     * <ul>
     *   <li>{@code pythonVersion}: {@code "3.12"} (python_full_version becomes {@code 3.12.0}) or a full
     *       version such as {@code "3.12.4"} or {@code "3.13.0rc1"}.
     *   <li>{@code platformTag}: a wheel platform tag naming one operating system and architecture:
     *       {@code manylinux_2_28_x86_64}, {@code manylinux2014_aarch64}, {@code musllinux_1_2_x86_64},
     *       {@code linux_armv7l}, {@code macosx_11_0_arm64}, {@code win_amd64}, {@code win32},
     *       {@code win_arm64}, {@code ios_13_0_arm64_iphoneos}, {@code android_24_arm64_v8a},
     *       {@code pyodide_2024_0_wasm32}, {@code emscripten_3_1_58_wasm32}.
     *   <li>{@code implementation}: {@code cpython}, {@code pypy}, {@code graalpy}, {@code jython} or
     *       {@code ironpython} (or the wheel tag abbreviations {@code cp}, {@code pp}, {@code gp},
     *       {@code jy}, {@code ip}).
     * </ul>
     *
     * <p>What a tag does not say stays empty: {@code platform_version}, the Linux and Windows
     * {@code platform_release}, and {@code implementation_version} for implementations other than
     * CPython (whose own version is not the Python version); set them with the withers when known.
     * For macOS, {@code platform_release} is the Darwin release of the oldest macOS the tag allows
     * ({@code macosx_11_0} gives {@code 20.0.0}).
     *
     * @throws InvalidEnvironmentException for a malformed version, an unknown implementation, or a
     *     tag that names no single platform ({@code any}, {@code macosx_11_0_universal2}, ...)
     */
    public static Environment forTarget(String pythonVersion, String platformTag, String implementation) {
        return TargetEnvironments.forTarget(pythonVersion, platformTag, implementation);
    }

    /** The value of an environment variable; for {@code extra}, {@code extras} and {@code dependency_groups}, an error. */
    public String get(MarkerVariable variable) {
        return switch (variable) {
            case PYTHON_VERSION -> pythonVersion;
            case PYTHON_FULL_VERSION -> pythonFullVersion;
            case IMPLEMENTATION_NAME -> implementationName;
            case IMPLEMENTATION_VERSION -> implementationVersion;
            case OS_NAME -> osName;
            case SYS_PLATFORM -> sysPlatform;
            case PLATFORM_MACHINE -> platformMachine;
            case PLATFORM_PYTHON_IMPLEMENTATION -> platformPythonImplementation;
            case PLATFORM_RELEASE -> platformRelease;
            case PLATFORM_SYSTEM -> platformSystem;
            case PLATFORM_VERSION -> platformVersion;
            case EXTRA, EXTRAS, DEPENDENCY_GROUPS -> throw new InvalidEnvironmentException(
                    "Not an environment value; it belongs to the MarkerContext", variable.markerName());
        };
    }

    /** This environment with one variable changed. */
    public Environment with(MarkerVariable variable, String value) {
        return switch (variable) {
            case PYTHON_VERSION -> withPythonVersion(value);
            case PYTHON_FULL_VERSION -> withPythonFullVersion(value);
            case IMPLEMENTATION_NAME -> withImplementationName(value);
            case IMPLEMENTATION_VERSION -> withImplementationVersion(value);
            case OS_NAME -> withOsName(value);
            case SYS_PLATFORM -> withSysPlatform(value);
            case PLATFORM_MACHINE -> withPlatformMachine(value);
            case PLATFORM_PYTHON_IMPLEMENTATION -> withPlatformPythonImplementation(value);
            case PLATFORM_RELEASE -> withPlatformRelease(value);
            case PLATFORM_SYSTEM -> withPlatformSystem(value);
            case PLATFORM_VERSION -> withPlatformVersion(value);
            case EXTRA, EXTRAS, DEPENDENCY_GROUPS -> throw new InvalidEnvironmentException(
                    "Not an environment value; set it on the MarkerContext", variable.markerName());
        };
    }

    /** The eleven variables by marker name, in the order {@code default_environment()} lists them. */
    public Map<String, String> asMap() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("implementation_name", implementationName);
        out.put("implementation_version", implementationVersion);
        out.put("os_name", osName);
        out.put("platform_machine", platformMachine);
        out.put("platform_release", platformRelease);
        out.put("platform_system", platformSystem);
        out.put("platform_version", platformVersion);
        out.put("python_full_version", pythonFullVersion);
        out.put("platform_python_implementation", platformPythonImplementation);
        out.put("python_version", pythonVersion);
        out.put("sys_platform", sysPlatform);
        return out;
    }

    public Environment withPythonVersion(String value) {
        return new Environment(value, pythonFullVersion, implementationName, implementationVersion, osName,
                sysPlatform, platformMachine, platformPythonImplementation, platformRelease, platformSystem,
                platformVersion);
    }

    public Environment withPythonFullVersion(String value) {
        return new Environment(pythonVersion, value, implementationName, implementationVersion, osName,
                sysPlatform, platformMachine, platformPythonImplementation, platformRelease, platformSystem,
                platformVersion);
    }

    public Environment withImplementationName(String value) {
        return new Environment(pythonVersion, pythonFullVersion, value, implementationVersion, osName,
                sysPlatform, platformMachine, platformPythonImplementation, platformRelease, platformSystem,
                platformVersion);
    }

    public Environment withImplementationVersion(String value) {
        return new Environment(pythonVersion, pythonFullVersion, implementationName, value, osName,
                sysPlatform, platformMachine, platformPythonImplementation, platformRelease, platformSystem,
                platformVersion);
    }

    public Environment withOsName(String value) {
        return new Environment(pythonVersion, pythonFullVersion, implementationName, implementationVersion, value,
                sysPlatform, platformMachine, platformPythonImplementation, platformRelease, platformSystem,
                platformVersion);
    }

    public Environment withSysPlatform(String value) {
        return new Environment(pythonVersion, pythonFullVersion, implementationName, implementationVersion, osName,
                value, platformMachine, platformPythonImplementation, platformRelease, platformSystem,
                platformVersion);
    }

    public Environment withPlatformMachine(String value) {
        return new Environment(pythonVersion, pythonFullVersion, implementationName, implementationVersion, osName,
                sysPlatform, value, platformPythonImplementation, platformRelease, platformSystem,
                platformVersion);
    }

    public Environment withPlatformPythonImplementation(String value) {
        return new Environment(pythonVersion, pythonFullVersion, implementationName, implementationVersion, osName,
                sysPlatform, platformMachine, value, platformRelease, platformSystem, platformVersion);
    }

    public Environment withPlatformRelease(String value) {
        return new Environment(pythonVersion, pythonFullVersion, implementationName, implementationVersion, osName,
                sysPlatform, platformMachine, platformPythonImplementation, value, platformSystem,
                platformVersion);
    }

    public Environment withPlatformSystem(String value) {
        return new Environment(pythonVersion, pythonFullVersion, implementationName, implementationVersion, osName,
                sysPlatform, platformMachine, platformPythonImplementation, platformRelease, value,
                platformVersion);
    }

    public Environment withPlatformVersion(String value) {
        return new Environment(pythonVersion, pythonFullVersion, implementationName, implementationVersion, osName,
                sysPlatform, platformMachine, platformPythonImplementation, platformRelease, platformSystem,
                value);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
