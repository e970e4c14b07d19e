package org.distill4j.display;

import org.distill4j.plots.FigureHtml;
import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplayRenderer;

import tech.tablesaw.plotly.components.Figure;

/**
 * Shows a tablesaw {@link Figure} — the course's {@code PlotlyFigure}s and tablesaw-jsplot's own — as an interactive
 * plotly.js figure ({@code text/html}, see {@link FigureHtml} for how plotly.js reaches the page offline), with a
 * {@code text/plain} description as fallback.
 */
public final class FigureRenderer implements DisplayRenderer {

    @Override
    public Class<?> rendererClass() {
        return Figure.class;
    }

    /** {@code null} (the kernel's default), HTML or plain text. */
    @Override
    public boolean canRender(String mime) {
        Mime m = Mime.of(mime);
        return m == Mime.ANY || m == Mime.HTML || m == Mime.TEXT;
    }

    /** HTML and text, or only text when {@code mime} asks for text. */
    @Override
    public DisplayData render(String mime, Object o) {
        Figure figure = (Figure) o;
        DisplayData data = DisplayData.fromText(FigureHtml.description(figure));
        if (Mime.of(mime) != Mime.TEXT) {
            data.putHTML(FigureHtml.forNotebook(figure));
        }
        return data;
    }
}
