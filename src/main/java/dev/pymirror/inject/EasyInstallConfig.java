package dev.pymirror.inject;

/**
 * easy_install's configuration for an image root: root's {@code ~/.pydistutils.cfg}, read by
 * setuptools' {@code easy_install} (and by {@code setup.py} commands that fetch build requirements).
 * It takes a single index: the last mirror, as diskimage-builder documents.
 */
public final class EasyInstallConfig {

    /** Root's distutils user file. */
    public static final String PATH = "root/.pydistutils.cfg";

    private EasyInstallConfig() {}

    /** The file's text. */
    public static String render(ClientSettings settings) {
        return "# Written by pymirror inject for an image build; pymirror eject removes it.\n"
                + "[easy_install]\n"
                + "index_url = " + settings.indexes().easyInstallIndex() + "\n";
    }
}
