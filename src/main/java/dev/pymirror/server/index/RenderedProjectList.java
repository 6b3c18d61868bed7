package dev.pymirror.server.index;

import dev.pymirror.server.http.RenderedBody;
import dev.pymirror.server.http.RenderedForms;
import dev.pymirror.simple.ProjectList;
import dev.pymirror.simple.SimpleFormat;

/** A project list made by this server, each encoding rendered once on first demand. */
public final class RenderedProjectList implements RenderableProjectList {

    private final ProjectList list;
    private final RenderedForms rendered;

    public RenderedProjectList(ProjectList list) {
        this.list = list;
        this.rendered = new RenderedForms(f -> f.codec().writeProjectList(list));
    }

    @Override
    public ProjectList list() {
        return list;
    }

    @Override
    public RenderedBody render(SimpleFormat format) {
        return rendered.get(format);
    }
}
