package dev.pymirror.server.index;

import dev.pymirror.server.http.RenderedBody;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.simple.SimpleFormat;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/** A project page made by this server, each encoding rendered once on first demand. */
public final class RenderedProjectPage implements RenderableProjectPage {

    private final ProjectPage page;
    private final Map<SimpleFormat, RenderedBody> rendered = new EnumMap<>(SimpleFormat.class);

    public RenderedProjectPage(ProjectPage page) {
        this.page = page;
    }

    @Override
    public ProjectPage page() {
        return page;
    }

    @Override
    public synchronized RenderedBody render(SimpleFormat format) {
        return rendered.computeIfAbsent(format, f -> new RenderedBody(
                f.codec().writeProjectPage(page).getBytes(StandardCharsets.UTF_8), f.contentType()));
    }
}
