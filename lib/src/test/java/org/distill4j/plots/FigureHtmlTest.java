package org.distill4j.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.ScatterTrace;

class FigureHtmlTest {

    static PlotlyFigure small() {
        return Plots.softLabels(List.of("a", "b"), Map.of("T = 1", new float[] {0.25f, 0.75f}));
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void shippedPlotlyIsTheMinifiedBundleOfThePinnedVersionWithItsLicence() {
        assertEquals("2.35.3", PlotlyJs.VERSION);
        assertTrue(PlotlyJs.source().startsWith("/**\n* plotly.js v2.35.3"));
        assertTrue(PlotlyJs.source().length() > 4_000_000);
        assertFalse(PlotlyJs.source().contains("</script"), "the bundle can be inlined in a <script>");
        assertTrue(PlotlyJs.license().contains("The MIT License"));
    }

    @Test
    void loaderHidesRequireJsDefineSoPlotlyBecomesAGlobal() {
        String loader = PlotlyJs.loaderScript();
        assertTrue(loader.contains("(function (define, module, exports) {\n/**\n* plotly.js v2.35.3"));
        assertTrue(loader.contains("}).call(window);"));
        assertTrue(loader.contains("window.dispatchEvent(new Event('distill4j:plotly-ready'))"));
        assertEquals(1, count(loader, "<script>"));
    }

    @Test
    void onlyTheFirstFigureOfASessionCarriesPlotly() {
        FigureHtml.forgetPlotlySent();
        String first = FigureHtml.forNotebook(small());
        String second = FigureHtml.forNotebook(small());
        assertTrue(first.contains(PlotlyJs.source()));
        assertFalse(second.contains("plotly.js v2.35.3"));
        assertTrue(second.length() < 10_000, "a later figure is only its data: " + second.length() + " chars");
        assertTrue(second.contains("window.Plotly"), "it waits for the library");
        assertTrue(second.contains("Plots.reloadPlotly()"), "and says what to do if it never comes");
        FigureHtml.forgetPlotlySent();
    }

    @Test
    void reloadPlotlyOutputCarriesTheLibrarySoTheNextFigureDoesNot() {
        FigureHtml.forgetPlotlySent();
        String embed = FigureHtml.forNotebook(Plots.reloadPlotly());
        assertTrue(embed.contains(PlotlyJs.source()));
        assertFalse(FigureHtml.forNotebook(small()).contains("plotly.js v2.35.3"));
        FigureHtml.forgetPlotlySent();
    }

    @Test
    void eachFigureGetsItsOwnDivAndDrawsIntoIt() {
        String a = FigureHtml.notebookOutput(small(), false);
        String id = a.substring(a.indexOf("id=\"") + 4, a.indexOf("\"", a.indexOf("id=\"") + 4));
        assertTrue(id.startsWith("distill4j_"));
        assertTrue(a.contains("Plotly.newPlot(target_" + id + ", {\"data\""));
        assertFalse(FigureHtml.notebookOutput(small(), false).contains(id), "ids are unique");
    }

    @Test
    void aTablesawJsplotFigureIsDrawnFromItsOwnScript() {
        Figure jsplot = new Figure(Layout.builder("native").build(),
                ScatterTrace.builder(new double[] {1, 2}, new double[] {3, 4}).name("line").build());
        String html = FigureHtml.notebookOutput(jsplot, false);
        assertEquals(1, count(html, "<script>"), "its <script> element is unwrapped into ours");
        assertTrue(html.contains("var trace0"));
        assertTrue(html.contains("Plotly.newPlot("));
        assertEquals("Figure \"native\" (1 trace)\n  line", FigureHtml.description(jsplot));
    }

    @Test
    void savedPageIsStandaloneHtmlWithPlotlyInlined(@TempDir Path dir) throws IOException {
        Path file = Plots.save(small().title("a < b"), dir.resolve("sub/figure.html"));
        String page = Files.readString(file);
        assertTrue(page.startsWith("<!DOCTYPE html>"));
        assertTrue(page.contains("<title>a &lt; b</title>"));
        assertTrue(page.contains(PlotlyJs.source()));
        String ours = page.replace(PlotlyJs.source(), "");
        assertFalse(ours.contains("http") || ours.contains(" src="), "nothing is fetched");
    }
}
