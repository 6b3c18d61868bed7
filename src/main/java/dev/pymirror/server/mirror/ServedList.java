package dev.pymirror.server.mirror;

import dev.pymirror.server.http.RenderedBody;
import dev.pymirror.server.index.RenderableProjectList;
import dev.pymirror.simple.ProjectList;
import dev.pymirror.simple.SimpleFormat;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/** The project list as this server shows it, each encoding rendered once on first demand. */
final class ServedList implements RenderableProjectList {

    private final Cached<ProjectList> source;
    private final Map<SimpleFormat, RenderedBody> rendered = new EnumMap<>(SimpleFormat.class);

    ServedList(Cached<ProjectList> source) {
        this.source = source;
    }

    Cached<ProjectList> source() {
        return source;
    }

    @Override
    public ProjectList list() {
        return source.page();
    }

    @Override
    public synchronized RenderedBody render(SimpleFormat format) {
        return rendered.computeIfAbsent(format, f -> new RenderedBody(
                f.codec().writeProjectList(source.page()).getBytes(StandardCharsets.UTF_8), f.contentType()));
    }
}
