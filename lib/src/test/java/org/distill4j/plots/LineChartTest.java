package org.distill4j.plots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LineChartTest {

    private static final double[] T = {1, 2, 4};

    @Test
    void eachLineBecomesANamedTraceAndLogAxesReachTheLayout() {
        LineChart chart = Plots.lineChart("entropy against T", "temperature T", "nats")
                .line("teacher", T, new double[] {0.1, 0.5, 1.2})
                .reference("log 10", T, new double[] {2.3, 2.3, 2.3})
                .logX();
        assertEquals(2, chart.traces().size());
        assertEquals("teacher", chart.getTraces()[0].name());
        assertArrayEquals(new double[] {0.1, 0.5, 1.2}, chart.trace("teacher").numbers("y"));
        assertEquals("lines", chart.trace("log 10").get("mode"), "a reference has no markers");
        assertEquals("log", chart.layout("xaxis.type"));
        assertEquals("temperature T", chart.layout("xaxis.title.text"), "logX keeps the axis title");
        assertNull(chart.layout("yaxis.type"), "only the x axis is logarithmic");
        String js = chart.asJavascript("div1");
        assertTrue(js.contains("\"xaxis\":{\"title\":{\"text\":\"temperature T\"},\"type\":\"log\"}"), js);
        assertTrue(js.contains("\"y\":[0.1,0.5,1.2]"), "numbers are written as numbers: " + js);
        assertTrue(FigureHtml.description(chart).contains("2 traces"), FigureHtml.description(chart));
    }

    @Test
    void logYMakesTheYAxisLogarithmicAndRejectsValuesThatAreNotPositive() {
        LineChart chart = Plots.lineChart("t", "x", "y").line("a", T, new double[] {1, 10, 100}).logY();
        assertEquals("log", chart.layout("yaxis.type"));
        var e = assertThrows(IllegalArgumentException.class, () -> chart.line("b", T, new double[] {1, 0, 2}));
        assertTrue(e.getMessage().contains("y = 0.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Plots.lineChart("t", "x", "y").line("a", new double[] {-1, 1, 2}, T).logX());
    }

    @Test
    void mismatchedLengthsAreRejectedWithBothLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plots.lineChart("t", "x", "y").line("a", T, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("3 and 2"), e.getMessage());
    }
}
