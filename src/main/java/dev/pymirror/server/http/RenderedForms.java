package dev.pymirror.server.http;

import dev.pymirror.simple.SimpleFormat;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * A page's encodings, each rendered on first demand and then read without a lock: a warm page is
 * asked for by many clients at once, and two threads rendering the same encoding at the same
 * moment produce the same bytes, so whichever is kept does not matter.
 */
public final class RenderedForms {

    private final Function<SimpleFormat, String> renderer;
    private final AtomicReferenceArray<RenderedBody> forms = new AtomicReferenceArray<>(SimpleFormat.values().length);

    /** @param renderer writes the page in one encoding */
    public RenderedForms(Function<SimpleFormat, String> renderer) {
        this.renderer = renderer;
    }

    public RenderedBody get(SimpleFormat format) {
        RenderedBody body = forms.get(format.ordinal());
        if (body == null) {
            body = new RenderedBody(renderer.apply(format).getBytes(StandardCharsets.UTF_8), format.contentType());
            forms.compareAndSet(format.ordinal(), null, body);
            body = forms.get(format.ordinal());
        }
        return body;
    }
}
