package dev.pymirror.inject;

import java.util.List;

/**
 * uv's configuration for an image root.
 *
 * <p>uv reads one system file, the first of {@code $XDG_CONFIG_DIRS/uv/uv.toml} (by default
 * {@code /etc/xdg/uv/uv.toml}) and {@code /etc/uv/uv.toml}, then merges root's user file
 * {@code ~/.config/uv/uv.toml} over it. {@link #PRIMARY} is always written; each of
 * {@link #COMPETING} that already exists is replaced by the same content for the build.
 *
 * <p>uv consults indexes in the order they are listed, except that the one marked
 * {@code default = true} always comes last, and when none is marked it adds the official index as
 * the default. So the indexes are listed in pip's order and the last one is the default: the
 * mirrors are consulted first, the official index (when online) last, and when offline uv cannot
 * reach past the mirrors.
 */
public final class UvConfig {

    /** Written in every root: the system-level file. */
    public static final String PRIMARY = "etc/uv/uv.toml";

    /** Replaced only when present: the XDG system file wins over {@link #PRIMARY}, root's user file merges over it. */
    public static final List<String> COMPETING = List.of("etc/xdg/uv/uv.toml", "root/.config/uv/uv.toml");

    private UvConfig() {}

    /** The file's text. */
    public static String render(ClientSettings settings) {
        StringBuilder out = new StringBuilder()
                .append("# Written by pymirror inject for an image build; pymirror eject removes it.\n");
        List<IndexUrl> all = settings.indexes().all();
        for (int i = 0; i < all.size(); i++) {
            out.append("\n[[index]]\n").append("url = \"").append(all.get(i)).append("\"\n");
            if (i == all.size() - 1) {
                out.append("default = true\n");
            }
        }
        if (settings.breakSystemPackages()) {
            out.append("\n[pip]\nbreak-system-packages = true\n");
        }
        return out.toString();
    }
}
