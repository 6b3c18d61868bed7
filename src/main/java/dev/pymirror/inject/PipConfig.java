package dev.pymirror.inject;

import java.util.List;

/**
 * pip's configuration for an image root.
 *
 * <p>pip reads, for root and in this order, later files overriding earlier ones: the global files
 * {@code /etc/xdg/pip/pip.conf} and {@code /etc/pip.conf}, the user files {@code ~/.pip/pip.conf}
 * and {@code ~/.config/pip/pip.conf}, then the site file {@code sys.prefix/pip.conf}
 * ({@code /usr/pip.conf} for a distribution's Python). A key in any file's command section
 * ({@code [install]}) also beats every {@code [global]} one. So {@link #PRIMARY} is always written
 * (it reaches every user and every virtual environment made in the image), and each of
 * {@link #COMPETING} that already exists in the root is replaced by the same content for the time
 * of the build, so that no other setting competes with the mirror.
 */
public final class PipConfig {

    /** Written in every root: the global file, which every user and virtual environment reads. */
    public static final String PRIMARY = "etc/pip.conf";

    /** Replaced only when present, because each would override or compete with {@link #PRIMARY}. */
    public static final List<String> COMPETING = List.of(
            "etc/xdg/pip/pip.conf", "root/.pip/pip.conf", "root/.config/pip/pip.conf", "usr/pip.conf");

    private PipConfig() {}

    /** The file's text: the primary index, the others as extra indexes, trusted plain-http hosts, retries. */
    public static String render(ClientSettings settings) {
        IndexSelection indexes = settings.indexes();
        StringBuilder out = new StringBuilder()
                .append("# Written by pymirror inject for an image build; pymirror eject removes it.\n")
                .append("[global]\n")
                .append("index-url = ").append(indexes.primary()).append('\n');
        List<IndexUrl> all = indexes.all();
        if (all.size() > 1) {
            out.append("extra-index-url =\n");
            all.subList(1, all.size()).forEach(url -> out.append("    ").append(url).append('\n'));
        }
        List<String> trusted = indexes.trustedHosts();
        if (!trusted.isEmpty()) {
            // pip refuses plain-http indexes unless their host is trusted; every one is listed,
            // not only the first mirror's.
            out.append("trusted-host =\n");
            trusted.forEach(host -> out.append("    ").append(host).append('\n'));
        }
        indexes.retries().ifPresent(n -> out.append("retries = ").append(n).append('\n'));
        if (settings.breakSystemPackages()) {
            out.append("break-system-packages = true\n");
        }
        return out.toString();
    }
}
