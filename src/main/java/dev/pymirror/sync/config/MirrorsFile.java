package dev.pymirror.sync.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.pymirror.packaging.PackagingException;
import dev.pymirror.packaging.ProjectName;
import dev.pymirror.sync.SyncRequest;
import dev.pymirror.sync.resolve.InstallTarget;
import dev.pymirror.sync.resolve.SdistPolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code pymirror sync --config mirrors.toml}: several mirrors in one file, one {@code [mirror.NAME]}
 * table each, as openstack-infra's pypi-mirror had {@code mirror.yaml}. Keys at the top of the file
 * are the defaults of every mirror; paths are relative to the file's folder.
 *
 * <pre>
 * upstream = "https://pypi.example/simple/"
 * python-versions = ["3.12"]
 * platforms = ["manylinux_2_28_x86_64"]
 *
 * [mirror.web]
 * output = "/srv/pypi/web"
 * requirements = ["web/requirements.txt"]   # -r; constraints = [...] is -c
 * locks = ["web/uv.lock"]                   # --lock
 * roots = ["gunicorn>=23"]                  # requirements written here
 * allow-sdist = ["petl"]                    # or true; pre = true; prune = true; implementation = "pp"
 * </pre>
 */
public final class MirrorsFile {

    /** One mirror of the file: its name and what to sync. */
    public record Mirror(String name, SyncRequest request) {}

    /**
     * What a mirror takes when neither it nor the file's top says: the command line's settings.
     *
     * @param template a request whose targets, upstreams, jobs, retries and timeout are the defaults
     */
    public record Defaults(SyncRequest template) {}

    private static final Set<String> MIRROR_KEYS = Set.of("output", "requirements", "constraints", "locks", "roots",
            "python-versions", "platforms", "implementation", "upstream", "allow-sdist", "pre", "prune");
    private static final Set<String> TOP_KEYS = Set.of("mirror", "requirements", "constraints", "locks", "roots",
            "python-versions", "platforms", "implementation", "upstream", "allow-sdist", "pre", "prune");

    private MirrorsFile() {}

    /** Every mirror of the file, in file order. */
    public static List<Mirror> read(Path file, Defaults defaults) throws MirrorsFileException {
        String origin = file.toString();
        JsonNode root;
        try {
            root = new TomlMapper().readTree(Files.readString(file));
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            throw new MirrorsFileException(origin + (at == null || at.getLineNr() < 1 ? "" : ":" + at.getLineNr())
                    + ": not valid TOML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MirrorsFileException(origin + ": cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new MirrorsFileException(origin + ": no [mirror.NAME] table");
        }
        unknownKeys(origin, "", root, TOP_KEYS);
        JsonNode mirrors = root.get("mirror");
        if (mirrors == null || !mirrors.isObject() || mirrors.isEmpty()) {
            throw new MirrorsFileException(origin + ": no [mirror.NAME] table: each mirror is one, such as [mirror.web]");
        }
        Path base = file.toAbsolutePath().getParent();
        List<Mirror> result = new ArrayList<>();
        Set<Path> outputs = new HashSet<>();
        for (var e : mirrors.properties()) {
            String where = "mirror." + e.getKey();
            if (!e.getValue().isObject()) {
                throw new MirrorsFileException(origin + ": " + where + " must be a table");
            }
            unknownKeys(origin, where + ".", e.getValue(), MIRROR_KEYS);
            Settings s = new Settings(origin, where, e.getValue(), root, base);
            SyncRequest request = s.request(defaults.template());
            if (!outputs.add(request.output().toAbsolutePath().normalize())) {
                throw new MirrorsFileException(origin + ": " + where + ".output: " + request.output()
                        + " is the output of another mirror too");
            }
            result.add(new Mirror(e.getKey(), request));
        }
        return result;
    }

    private static void unknownKeys(String origin, String prefix, JsonNode table, Set<String> known)
            throws MirrorsFileException {
        for (String key : (Iterable<String>) table::fieldNames) {
            if (!known.contains(key)) {
                throw new MirrorsFileException(origin + ": " + prefix + key + " is not a setting (settings: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    /** A mirror's table, falling back on the file's top level. */
    private record Settings(String origin, String where, JsonNode mirror, JsonNode top, Path base) {

        SyncRequest request(SyncRequest d) throws MirrorsFileException {
            JsonNode output = mirror.get("output");
            if (output == null || !output.isTextual() || output.asText().isBlank()) {
                throw new MirrorsFileException(origin + ": " + where + ".output is missing: the folder of its tree");
            }
            List<Path> requirements = paths("requirements");
            List<Path> locks = paths("locks");
            List<String> roots = strings("roots");
            if (requirements.isEmpty() && locks.isEmpty() && roots.isEmpty()) {
                throw new MirrorsFileException(origin + ": " + where + " has nothing to sync: give requirements,"
                        + " locks or roots");
            }
            return new SyncRequest(requirements, paths("constraints"), roots, targets(d), upstream(d),
                    d.defaultUpstream(), base.resolve(output.asText()), sdists(d.sdists()), flag("pre", d.prereleases()),
                    d.jobs(), flag("prune", d.prune()), d.retry(), d.timeout(), locks);
        }

        private JsonNode get(String key) {
            JsonNode own = mirror.get(key);
            return own != null ? own : top.get(key);
        }

        private String at(String key) {
            return origin + ": " + (mirror.has(key) ? where + "." : "") + key;
        }

        private List<String> strings(String key) throws MirrorsFileException {
            JsonNode value = get(key);
            List<String> result = new ArrayList<>();
            if (value == null) {
                return result;
            }
            if (!value.isArray()) {
                throw new MirrorsFileException(at(key) + " must be an array of strings");
            }
            for (JsonNode item : value) {
                if (!item.isTextual()) {
                    throw new MirrorsFileException(at(key) + " must be an array of strings");
                }
                result.add(item.asText());
            }
            return result;
        }

        private List<Path> paths(String key) throws MirrorsFileException {
            List<Path> result = new ArrayList<>();
            for (String p : strings(key)) {
                result.add(base.resolve(p));
            }
            return result;
        }

        private boolean flag(String key, boolean otherwise) throws MirrorsFileException {
            JsonNode value = get(key);
            if (value == null) {
                return otherwise;
            }
            if (!value.isBoolean()) {
                throw new MirrorsFileException(at(key) + " must be true or false");
            }
            return value.asBoolean();
        }

        private URI upstream(SyncRequest d) throws MirrorsFileException {
            JsonNode value = get("upstream");
            if (value == null) {
                return d.upstream();
            }
            try {
                URI url = URI.create(value.asText());
                String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("http") || scheme.equals("https")) && url.getHost() != null) {
                    return url;
                }
            } catch (IllegalArgumentException e) {
                // Reported below.
            }
            throw new MirrorsFileException(at("upstream") + ": '" + value.asText()
                    + "' is not an http(s) URL of an index, such as https://host/simple/");
        }

        private List<InstallTarget> targets(SyncRequest d) throws MirrorsFileException {
            List<String> versions = strings("python-versions");
            List<String> platforms = strings("platforms");
            JsonNode impl = get("implementation");
            if (versions.isEmpty() && platforms.isEmpty() && impl == null) {
                return d.targets();
            }
            if (versions.isEmpty()) {
                versions = d.targets().stream().map(t -> t.environment().pythonVersion()).distinct().toList();
            }
            if (platforms.isEmpty()) {
                platforms = d.targets().stream().map(InstallTarget::platform).distinct().toList();
            }
            String implementation = impl == null ? "cp" : impl.asText();
            Set<String> names = new LinkedHashSet<>();
            List<InstallTarget> targets = new ArrayList<>();
            for (String v : versions) {
                for (String p : platforms) {
                    try {
                        InstallTarget t = InstallTarget.of(v, p, implementation, List.of());
                        if (names.add(t.name())) {
                            targets.add(t);
                        }
                    } catch (PackagingException e) {
                        throw new MirrorsFileException(origin + ": " + where + ": Python " + v + " on " + p + " ("
                                + implementation + ") is not a target: " + e.getMessage());
                    }
                }
            }
            return targets;
        }

        private SdistPolicy sdists(SdistPolicy otherwise) throws MirrorsFileException {
            JsonNode value = get("allow-sdist");
            if (value == null) {
                return otherwise;
            }
            if (value.isBoolean()) {
                return value.asBoolean() ? SdistPolicy.ALL : SdistPolicy.NONE;
            }
            Set<ProjectName> names = new HashSet<>();
            for (String name : strings("allow-sdist")) {
                try {
                    names.add(ProjectName.of(name));
                } catch (PackagingException e) {
                    throw new MirrorsFileException(at("allow-sdist") + ": '" + name + "' is not a project name");
                }
            }
            return SdistPolicy.only(names);
        }
    }
}
