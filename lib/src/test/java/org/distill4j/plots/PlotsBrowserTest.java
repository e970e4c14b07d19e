package org.distill4j.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Loads figures in headless Chromium, offline, and checks that plotly.js drew them (its {@code main-svg} element).
 * Chromium is started by the project's one browser harness, {@code tools/browser_check.py --dom} (the same flags and
 * profile handling as the notebooks' browser check); these tests are skipped where it finds no Chromium. The pages are
 * kept in {@code target/browser-test/}, with a screenshot of the notebook page when run with
 * {@code -Ddistill4j.screenshot=true}.
 */
class PlotsBrowserTest {

    static final Path HARNESS = Path.of("..", "tools", "browser_check.py").toAbsolutePath().normalize();
    static final Path OUT = Path.of("target", "browser-test");
    /** browser_check.py's exit status when it finds no Chromium. */
    static final int NO_CHROMIUM = 3;

    @BeforeAll
    static void needsChromium() throws Exception {
        assumeTrue(Files.isRegularFile(HARNESS), "the browser harness is not at " + HARNESS);
        Files.createDirectories(OUT);
        Path probe = Files.writeString(OUT.resolve("probe.html"), "<!DOCTYPE html><p>probe</p>");
        int exit;
        try {
            exit = harness(probe, 100, null).exit();
        } catch (IOException noPython) {
            exit = NO_CHROMIUM;
        }
        assumeTrue(exit != NO_CHROMIUM, "no python3, or no Chromium found by " + HARNESS);
    }

    record Run(int exit, String dom) {}

    /** Runs the harness on a local page; returns its exit status and the DOM it printed. */
    static Run harness(Path page, int virtualMillis, Path screenshot) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", HARNESS.toString(), "--dom",
                page.toAbsolutePath().toString(), "--budget", String.valueOf(virtualMillis)));
        if (screenshot != null) {
            command.addAll(List.of("--screenshot", screenshot.toAbsolutePath().toString()));
        }
        Path stdout = Files.createTempFile("distill4j-dom", ".html");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (!p.waitFor(150, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the browser harness did not finish within 150 s on " + page);
            }
            return new Run(p.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(stdout);
        }
    }

    /** The DOM after {@code virtualMillis} of page time, without the (large) script elements. */
    static String dom(Path page, int virtualMillis) throws IOException, InterruptedException {
        Run run = harness(page, virtualMillis, null);
        assertEquals(0, run.exit(), "browser_check.py --dom failed on " + page);
        return run.dom().replaceAll("(?s)<script[^>]*>.*?</script>", "");
    }

    static int count(String text, String part) {
        return FigureHtmlTest.count(text, part);
    }

    static PlotlyFigure figure() {
        return Plots.confusionMatrix(new int[][] {{5, 1}, {2, 7}}, List.of("Sandal", "Sneaker"));
    }

    @Test
    void savedPageDrawsOfflineInChromium() throws Exception {
        Path page = Plots.save(figure(), OUT.resolve("saved.html"));
        String dom = dom(page, 5_000);
        assertTrue(dom.contains("class=\"main-svg\""), "plotly drew an SVG");
        assertTrue(dom.contains("Confusion matrix (accuracy 80.0 %)"), "with its title");
        assertFalse(dom.contains("JavaScript did not run"), "the fallback line was replaced");
    }

    @Test
    void notebookOutputsDrawUnderRequireJsWhateverTheirOrder() throws Exception {
        // As in the classic Notebook: require.js's AMD define is present (this one fails loudly if plotly uses it),
        // and a figure without the library comes before the one that carries it.
        String page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><script>"
                + "window.define = function () { throw new Error('plotly registered as an AMD module'); };"
                + "window.define.amd = {};</script></head><body>\n"
                + FigureHtml.notebookOutput(Plots.softLabels(List.of("Sandal", "Sneaker"),
                        Map.of("T = 4", new float[] {0.6f, 0.4f})), false) + "\n"
                + FigureHtml.notebookOutput(figure(), true) + "\n</body></html>";
        Path file = Files.writeString(OUT.resolve("notebook.html"), page);
        String dom = dom(file, 5_000);
        assertEquals(2, count(dom, "class=\"plot-container plotly\""), "both figures drew");
        if (Boolean.getBoolean("distill4j.screenshot")) { // -Ddistill4j.screenshot=true: a few seconds more
            harness(file, 5_000, OUT.resolve("notebook.png"));
        }
    }

    @Test
    void withoutPlotlyAFigureSaysWhatToDoThenDrawsWhenThePlotlyReadyEventFires() throws Exception {
        // The library never comes with the page. At 16 s (after the figure gave up waiting) a stand-in for
        // Plots.reloadPlotly()'s output records what the page showed, defines a tiny fake Plotly and fires the
        // event the real loader fires (the real loader is exercised by the other two tests).
        String standIn = "<script>setTimeout(function () {"
                + " document.body.setAttribute('data-message-shown',"
                + "   document.body.textContent.indexOf('plotly.js is not loaded in this page') >= 0"
                + "   && document.body.textContent.indexOf('Plots.reloadPlotly()') >= 0);"
                + " window.Plotly = { newPlot: function (div) { div.innerHTML = '<svg class=main-svg></svg>'; } };"
                + " window.dispatchEvent(new Event('" + PlotlyJs.READY_EVENT + "'));"
                + "}, 16000);</script>";
        Path page = Files.writeString(OUT.resolve("late-plotly.html"), "<!DOCTYPE html><html><body>"
                + FigureHtml.notebookOutput(figure(), false) + standIn + "</body></html>");
        String dom = dom(page, 20_000);
        assertTrue(dom.contains("data-message-shown=\"true\""), "the learner was told what to run: " + dom);
        assertTrue(dom.contains("class=\"main-svg\""), "the waiting figure drew once plotly arrived");
        assertFalse(dom.contains("plotly.js is not loaded in this page"), "and the message is gone");
    }
}
