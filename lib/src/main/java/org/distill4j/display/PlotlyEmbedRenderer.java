package org.distill4j.display;

import org.distill4j.plots.FigureHtml;
import org.distill4j.plots.PlotlyJs;
import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplayRenderer;

/** Shows the result of {@code Plots.reloadPlotly()}: the plotly.js loader and one line of text. */
public final class PlotlyEmbedRenderer implements DisplayRenderer {

    @Override
    public Class<?> rendererClass() {
        return PlotlyJs.Embed.class;
    }

    @Override
    public boolean canRender(String mime) {
        Mime m = Mime.of(mime);
        return m == Mime.ANY || m == Mime.HTML || m == Mime.TEXT;
    }

    @Override
    public DisplayData render(String mime, Object o) {
        PlotlyJs.Embed embed = (PlotlyJs.Embed) o;
        DisplayData data = DisplayData.fromText(embed.toString());
        if (Mime.of(mime) != Mime.TEXT) {
            data.putHTML(FigureHtml.forNotebook(embed));
        }
        return data;
    }
}
