package org.distill4j.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.distill4j.plots.FigureHtml;
import org.distill4j.plots.Plots;
import org.junit.jupiter.api.Test;
import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplayRenderer;
import org.rapaio.jupyter.kernel.display.DisplaySystem;
import org.rapaio.jupyter.kernel.display.spi.DisplayProvider;

import tech.tablesaw.plotly.components.Figure;

class RenderersTest {

    static Figure figure() {
        return Plots.softLabels(List.of("a", "b"), Map.of("T = 2", new float[] {0.4f, 0.6f}));
    }

    @Test
    void figureRendersAsHtmlWithATextFallbackAndOnlyTextWhenTextIsAsked() {
        FigureHtml.forgetPlotlySent();
        FigureRenderer r = new FigureRenderer();
        DisplayData first = r.render(null, figure());
        assertTrue(((String) first.data().get("text/html")).contains("plotly.js v2.35.3"), "first carries plotly");
        assertTrue(((String) first.data().get("text/plain")).startsWith("Figure \"Soft labels\" (1 trace)"));
        DisplayData second = r.render("text/html", figure());
        assertFalse(((String) second.data().get("text/html")).contains("plotly.js v2.35.3"));
        DisplayData text = r.render("text", figure());
        assertNull(text.data().get("text/html"));
        assertTrue(r.canRender(null) && r.canRender("html") && !r.canRender("image/png"));
        FigureHtml.forgetPlotlySent();
    }

    @Test
    void tableRendersTwentyRowsAndATableViewAsManyAsItSays() {
        DisplayData d = new TableRenderer().render(null, TableHtmlTest.history(30));
        assertTrue(((String) d.data().get("text/html")).contains("… 10 more rows"));
        assertTrue(((String) d.data().get("text/plain")).contains("… 10 more rows"));
        DisplayData all = new TableRenderer.ViewRenderer().render(null, new TableView(TableHtmlTest.history(30), 30));
        assertFalse(((String) all.data().get("text/html")).contains("more row"));
    }

    @Test
    void reloadPlotlyRendersTheLoaderAndOneLine() {
        DisplayData d = new PlotlyEmbedRenderer().render(null, Plots.reloadPlotly());
        assertTrue(((String) d.data().get("text/html")).contains("(function (define, module, exports) {"));
        assertTrue(((String) d.data().get("text/plain")).startsWith("plotly.js 2.35.3 loaded"));
        FigureHtml.forgetPlotlySent();
    }

    @Test
    void serviceLoaderFindsCourseDisplayWithItsRenderers() {
        List<DisplayProvider> providers = ServiceLoader.load(DisplayProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        DisplayProvider course = providers.stream().filter(p -> p instanceof CourseDisplay).findFirst().orElseThrow();
        List<Class<?>> classes = course.getDisplayRenderers().stream().map(DisplayRenderer::rendererClass).toList();
        assertEquals(List.of(Figure.class, tech.tablesaw.api.Table.class, TableView.class,
                org.distill4j.plots.PlotlyJs.Embed.class, ai.djl.ndarray.NDArray.class), classes);
    }

    @Test
    void theKernelsDisplaySystemUsesOurRenderers() {
        FigureHtml.forgetPlotlySent();
        DisplayData table = DisplaySystem.inst().render(TableHtmlTest.history(3));
        assertTrue(((String) table.data().get("text/html")).contains("<table"), "a real HTML table");
        assertTrue(((String) table.data().get("text/html")).contains("history: 3 rows × 2 columns"));
        DisplayData fig = DisplaySystem.inst().render(figure());
        assertTrue(((String) fig.data().get("text/html")).contains("distill4j-figure"));
        FigureHtml.forgetPlotlySent();
    }
}
