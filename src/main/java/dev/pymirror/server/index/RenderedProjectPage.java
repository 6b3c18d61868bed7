package dev.pymirror.server.index;

import dev.pymirror.server.http.RenderedBody;
import dev.pymirror.server.http.RenderedForms;
import dev.pymirror.simple.ProjectPage;
import dev.pymirror.simple.SimpleFormat;

/** A project page made by this server, each encoding rendered once on first demand. */
public final class RenderedProjectPage implements RenderableProjectPage {

    private final ProjectPage page;
    private final RenderedForms rendered;

    public RenderedProjectPage(ProjectPage page) {
        this.page = page;
        this.rendered = new RenderedForms(f -> f.codec().writeProjectPage(page));
    }

    @Override
    public ProjectPage page() {
        return page;
    }

    @Override
    public RenderedBody render(SimpleFormat format) {
        return rendered.get(format);
    }
}
