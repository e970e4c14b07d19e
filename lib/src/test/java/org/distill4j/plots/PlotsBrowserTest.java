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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Loads figures in headless Chromium, offline, and checks that plotly.js drew them (its {@code main-svg} element).
 * Skipped where {@code /usr/bin/chromium} is absent. The pages are kept in {@code target/browser-test/}, with a
 * screenshot of the notebook page when run with {@code -Ddistill4j.screenshot=true}.
 */
class PlotsBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path OUT = Path.of("target", "browser-test");

    @BeforeAll
    static void needsChromium() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM), "headless Chromium is not installed at " + CHROMIUM);
        Files.createDirectories(OUT);
    }

    /** Runs Chromium on a local file with the given extra arguments; returns its standard output. */
    static String chromium(Path page, String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("distill4j-chromium");
        try {
            List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
            command.addAll(List.of(args));
            command.add(page.toAbsolutePath().toUri().toString());
            Path stdout = profile.resolve("stdout.html");
            Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("Chromium did not finish within 90 s on " + page);
            }
            return Files.readString(stdout, StandardCharsets.UTF_8);
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** The DOM after {@code virtualMillis} of page time, without the (large) script elements. */
    static String dom(Path page, int virtualMillis) throws IOException, InterruptedException {
        String dom = chromium(page, "--virtual-time-budget=" + virtualMillis, "--dump-dom");
        return dom.replaceAll("(?s)<script[^>]*>.*?</script>", "");
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
            chromium(file, "--virtual-time-budget=5000", "--window-size=900,1000",
                    "--screenshot=" + OUT.resolve("notebook.png").toAbsolutePath());
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
