package dev.pymirror.testing;

import java.util.List;
import java.util.Map;

/**
 * The projects every client of the client matrix installs, built once: names whose metadata
 * {@code Name} is not their normalized name (as Flask, Django, Jinja2, MarkupSafe have), typed by
 * the client in other spellings still (upper case, lower case, {@code _} and {@code .}), with an
 * extra and with markers that must be false on Linux.
 *
 * <p>pip 22.x to 23.0 compare a {@code .metadata} file's raw Name with the name as typed when a
 * page carries the legacy {@code data-dist-info-metadata} attribute (the reason PEP 714 retired
 * it), so these names are what catches an index page that still writes it.
 */
public final class ClientProjects {

    /**
     * METADATA {@code Name: Flask.Like}, file {@code Flask_Like-1.0-py3-none-any.whl}; the extra
     * {@code sec} pulls {@code extra-dep}; two dependencies whose markers are false on Linux name
     * projects that no index holds, so a client that got a marker wrong fails.
     */
    public static final Wheel FLASK_LIKE = Wheel.of("Flask.Like", "1.0").extra("sec")
            .requires("dep-lib>=1.0", "extra-dep>=1; extra == \"sec\"", "win-only>=1; sys_platform == \"win32\"",
                    "py2-only; python_version < \"3\"")
            .build();
    /** METADATA {@code Name: Dep_Lib}; two versions, of which a client must take the newer. */
    public static final Wheel DEP_LIB_1 = Wheel.of("Dep_Lib", "1.0").build();
    public static final Wheel DEP_LIB_2 = Wheel.of("Dep_Lib", "2.0").build();
    /** METADATA {@code Name: MarkUp.Safe}. */
    public static final Wheel MARKUP_SAFE = Wheel.of("MarkUp.Safe", "2.1").build();
    /** Only reached through the extra {@code sec}. */
    public static final Wheel EXTRA_DEP = Wheel.of("extra-dep", "1.0").build();

    /** Every wheel, as the test upstream and the hosted index hold them. */
    public static final List<Wheel> ALL = List.of(FLASK_LIKE, DEP_LIB_1, DEP_LIB_2, MARKUP_SAFE, EXTRA_DEP);

    /** What a client is asked to install: each name typed otherwise than its metadata Name. */
    public static final List<String> REQUIREMENTS = List.of("FLASK_LIKE[sec]", "markup.safe", "DEP-LIB");

    /** What must then be installed, by normalized name: the newest versions, the extra's, no marker-false one. */
    public static final Map<String, String> EXPECTED = Map.of(
            "flask-like", "1.0", "dep-lib", "2.0", "markup-safe", "2.1", "extra-dep", "1.0");

    private ClientProjects() {}
}
