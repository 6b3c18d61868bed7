package dev.pymirror.server.index;

import dev.pymirror.server.http.RenderedBody;
import dev.pymirror.simple.ProjectList;
import dev.pymirror.simple.SimpleFormat;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/** A project list made by this server, each encoding rendered once on first demand. */
public final class RenderedProjectList implements RenderableProjectList {

    private final ProjectList list;
    private final Map<SimpleFormat, RenderedBody> rendered = new EnumMap<>(SimpleFormat.class);

    public RenderedProjectList(ProjectList list) {
        this.list = list;
    }

    @Override
    public ProjectList list() {
        return list;
    }

    @Override
    public synchronized RenderedBody render(SimpleFormat format) {
        return rendered.computeIfAbsent(format, f -> new RenderedBody(
                f.codec().writeProjectList(list).getBytes(StandardCharsets.UTF_8), f.contentType()));
    }
}
