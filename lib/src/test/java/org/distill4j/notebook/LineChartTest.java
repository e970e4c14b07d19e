package org.distill4j.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.distill4j.plots.FigureHtml;
import org.junit.jupiter.api.Test;

class LineChartTest {

    private static final double[] T = {1, 2, 4};

    @Test
    void eachLineBecomesANamedTraceAndLogAxesReachTheLayout() {
        LineChart chart = LineChart.of("entropy against T", "temperature T", "nats")
                .line("teacher", T, new double[] {0.1, 0.5, 1.2})
                .reference("log 10", T, new double[] {2.3, 2.3, 2.3})
                .logX();
        assertEquals(2, chart.lineCount());
        assertEquals("teacher", chart.getTraces()[0].name());
        String js = chart.asJavascript("div1");
        assertTrue(js.contains("log"), js);
        assertTrue(js.contains("log 10"), js);
        assertTrue(FigureHtml.description(chart).contains("2 traces"), FigureHtml.description(chart));
    }

    @Test
    void mismatchedLengthsAreRejectedWithBothLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LineChart.of("t", "x", "y").line("a", T, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("3 and 2"), e.getMessage());
    }
}
