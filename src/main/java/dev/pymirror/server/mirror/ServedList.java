package dev.pymirror.server.mirror;

import dev.pymirror.server.http.RenderedBody;
import dev.pymirror.server.http.RenderedForms;
import dev.pymirror.server.index.RenderableProjectList;
import dev.pymirror.simple.ProjectList;
import dev.pymirror.simple.SimpleFormat;

/** The project list as this server shows it, each encoding rendered once on first demand. */
final class ServedList implements RenderableProjectList {

    private final Cached<ProjectList> source;
    private final RenderedForms rendered;

    ServedList(Cached<ProjectList> source) {
        this.source = source;
        this.rendered = new RenderedForms(f -> f.codec().writeProjectList(source.page()));
    }

    Cached<ProjectList> source() {
        return source;
    }

    @Override
    public ProjectList list() {
        return source.page();
    }

    @Override
    public RenderedBody render(SimpleFormat format) {
        return rendered.get(format);
    }
}
