package dev.pymirror.server.index;

import dev.pymirror.server.http.RenderedBody;
import dev.pymirror.simple.SimpleFormat;

/** A project page ready to send in any encoding, each rendered once and kept. */
public interface RenderablePage {

    /** The page in one encoding. */
    RenderedBody render(SimpleFormat format);
}
