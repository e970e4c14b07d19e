package org.distill4j.notebook;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * A quantity against a number that is not an epoch — entropy against the temperature, a gradient's size against
 * the temperature — one line per series, as a tablesaw {@link Figure} that a notebook cell shows when it ends with
 * one. Each call adds a line and returns the chart, so a chart reads as one expression:
 *
 * <pre>{@code
 * LineChart.of("Mean entropy of the soft labels", "temperature T", "entropy (nats)")
 *          .line("teacher", temperatures, entropies)
 *          .reference("log 10 (uniform)", temperatures, log10)
 *          .logX()
 * }</pre>
 *
 * <p>Training curves against the epoch have their own helper, {@code Plots.trainingCurves}.
 */
public final class LineChart extends Figure {

    private final String title;
    private final String xTitle;
    private final String yTitle;
    private final List<Trace> lines = new ArrayList<>();
    private boolean logX;
    private boolean logY;

    private LineChart(String title, String xTitle, String yTitle) {
        super(new Trace[0]);
        this.title = title;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
        refresh();
    }

    /** An empty chart with a title and axis titles. */
    public static LineChart of(String title, String xTitle, String yTitle) {
        return new LineChart(title, xTitle, yTitle);
    }

    /**
     * Adds a solid line with markers.
     *
     * @throws IllegalArgumentException if {@code x} and {@code y} differ in length or are empty
     */
    public LineChart line(String name, double[] x, double[] y) {
        return add(name, x, y, Line.Dash.SOLID, ScatterTrace.Mode.LINE_AND_MARKERS);
    }

    /** {@link #line(String, double[], double[])} for float values. */
    public LineChart line(String name, double[] x, float[] y) {
        return line(name, x, doubles(y));
    }

    /** Adds a dashed line without markers: a reference such as a limit or a theoretical curve. */
    public LineChart reference(String name, double[] x, double[] y) {
        return add(name, x, y, Line.Dash.DASH, ScatterTrace.Mode.LINE);
    }

    /** A logarithmic x axis (all x must be positive). */
    public LineChart logX() {
        logX = true;
        return refresh();
    }

    /** A logarithmic y axis (all y must be positive): a power law \(y \propto x^k\) becomes a straight line. */
    public LineChart logY() {
        logY = true;
        return refresh();
    }

    /** The number of lines drawn. */
    public int lineCount() {
        return lines.size();
    }

    private LineChart add(String name, double[] x, double[] y, Line.Dash dash, ScatterTrace.Mode mode) {
        if (x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException("line '" + name + "': x and y must have the same, non-zero length; got "
                    + x.length + " and " + y.length);
        }
        lines.add(ScatterTrace.builder(x.clone(), y.clone()).name(name).showLegend(true).mode(mode)
                .line(Line.builder().dash(dash).width(2).build()).build());
        return refresh();
    }

    private LineChart refresh() {
        setLayout(Layout.builder(title)
                .xAxis(Axis.builder().title(xTitle).type(logX ? Axis.Type.LOG : Axis.Type.LINEAR).build())
                .yAxis(Axis.builder().title(yTitle).type(logY ? Axis.Type.LOG : Axis.Type.LINEAR).build())
                .showLegend(true).height(400).width(700).build());
        setTraces(lines.toArray(new Trace[0]));
        return this;
    }

    private static double[] doubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    @Override
    public String toString() {
        return "LineChart \"" + title + "\" (" + lines.size() + (lines.size() == 1 ? " line)" : " lines)");
    }
}
