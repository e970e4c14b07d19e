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
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

import tech.tablesaw.plotly.components.Figure;

class RenderersTest {

    static Figure figure() {
        return Plots.softLabels(List.of("a", "b"), Map.of("T = 2", new float[] {0.4f, 0.6f}));
    }

    /** The renderer as the kernel has it: the course's extension installed through the ServiceLoader. */
    static Renderer kernelRenderer() {
        Renderer renderer = new Renderer();
        List<Extension> found = ServiceLoader.load(Extension.class).stream().map(ServiceLoader.Provider::get).toList();
        assertEquals(1, found.stream().filter(e -> e instanceof CourseDisplay).count(), "CourseDisplay is found");
        CourseDisplay.register(renderer);
        return renderer;
    }

    private static String html(DisplayData d) {
        return (String) d.getData(MIMEType.TEXT_HTML);
    }

    private static String text(DisplayData d) {
        return (String) d.getData(MIMEType.TEXT_PLAIN);
    }

    @Test
    void figureRendersAsHtmlWithATextFallbackAndOnlyTextWhenTextIsAsked() {
        FigureHtml.forgetPlotlySent();
        Renderer r = kernelRenderer();
        DisplayData first = r.render(figure());
        assertTrue(html(first).contains("plotly.js v2.35.3"), "first carries plotly");
        assertTrue(html(first).contains("distill4j-figure"));
        assertTrue(text(first).startsWith("Figure \"Soft labels\" (1 trace)"));
        DisplayData second = r.render(figure());
        assertFalse(html(second).contains("plotly.js v2.35.3"), "plotly.js is sent once per page");
        DisplayData onlyText = r.renderAs(figure(), "text/plain");
        assertNull(html(onlyText));
        assertTrue(text(onlyText).startsWith("Figure \"Soft labels\""));
        FigureHtml.forgetPlotlySent();
    }

    @Test
    void tableRendersTwentyRowsAndATableViewAsManyAsItSays() {
        Renderer r = kernelRenderer();
        DisplayData d = r.render(TableHtmlTest.history(30));
        assertTrue(html(d).contains("<table"), "a real HTML table");
        assertTrue(html(d).contains("… 10 more rows"));
        assertTrue(text(d).contains("… 10 more rows"));
        DisplayData all = r.render(new TableView(TableHtmlTest.history(30), 30));
        assertFalse(html(all).contains("more row"));
        assertTrue(html(r.render(TableHtmlTest.history(3))).contains("history: 3 rows × 2 columns"));
    }

    @Test
    void reloadPlotlyRendersTheLoaderAndOneLine() {
        DisplayData d = kernelRenderer().render(Plots.reloadPlotly());
        assertTrue(html(d).contains("(function (define, module, exports) {"));
        assertTrue(text(d).startsWith("plotly.js 2.35.3 loaded"));
        FigureHtml.forgetPlotlySent();
    }

    @Test
    void anObjectWithoutARendererStillGetsItsText() {
        DisplayData d = kernelRenderer().render(List.of(1, 2));
        assertEquals("[1, 2]", text(d));
        assertNull(html(d));
    }
}
