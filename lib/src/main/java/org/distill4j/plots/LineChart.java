package org.distill4j.plots;

import static org.distill4j.plots.PlotlyLayout.axis;
import static org.distill4j.plots.PlotlyLayout.chart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tech.tablesaw.api.Table;

/**
 * The line-chart family: a quantity against a number, one line ({@code scatter} trace) per series — training curves
 * against the epoch, a metric against the temperature, accuracy against a data-set size. Made by {@link Plots}; a chart
 * from {@link Plots#lineChart} grows one call at a time, so it reads as one expression:
 *
 * <pre>{@code
 * Plots.lineChart("Mean entropy of the soft labels", "temperature T", "entropy (nats)")
 *      .line("teacher", temperatures, entropies)
 *      .reference("log 10 (uniform)", temperatures, log10)
 *      .logX()
 * }</pre>
 */
public final class LineChart extends PlotlyFigure {

    private static final Map<String, Object> SOLID = Map.of("dash", "solid", "width", 2);
    private static final Map<String, Object> DASHED = Map.of("dash", "dash", "width", 2);

    private LineChart(Map<String, Object> layout) {
        super(List.of(), layout);
    }

    /** An empty chart, 700 × 400 pixels, with a title and axis titles (linear axes). */
    static LineChart of(String title, String xTitle, String yTitle) {
        Map<String, Object> layout = chart(title, axis(xTitle), axis(yTitle), 400);
        layout.put("width", 700);
        return new LineChart(layout);
    }

    /**
     * Adds a solid line with markers through {@code (x[i], y[i])}; {@code NaN} in {@code y} leaves a gap.
     *
     * @throws IllegalArgumentException if {@code x} and {@code y} differ in length or are empty, or the x axis is
     *                                  logarithmic and an x is not positive
     */
    public LineChart line(String name, double[] x, double[] y) {
        return addLine(PlotlyTrace.scatter(name, x, y, "lines+markers").with("line", SOLID));
    }

    /** {@link #line(String, double[], double[])} for float values. */
    public LineChart line(String name, double[] x, float[] y) {
        return line(name, x, PlotlyLayout.doubles(y));
    }

    /** Adds a dashed line without markers: a reference such as a limit or a theoretical curve. */
    public LineChart reference(String name, double[] x, double[] y) {
        return addLine(PlotlyTrace.scatter(name, x, y, "lines").with("line", DASHED));
    }

    /**
     * A logarithmic x axis: a quantity that spans factors (T from 0.5 to 100) gets equal room per factor.
     *
     * @throws IllegalArgumentException if a line has an x that is not positive
     */
    public LineChart logX() {
        return logAxis("xaxis", "x");
    }

    /**
     * A logarithmic y axis: a power law \(y \propto x^k\) becomes a straight line.
     *
     * @throws IllegalArgumentException if a line has a y that is not positive ({@code NaN} gaps are allowed)
     */
    public LineChart logY() {
        return logAxis("yaxis", "y");
    }

    private LineChart addLine(PlotlyTrace line) {
        if ("log".equals(layout("xaxis.type"))) {
            requirePositive(line, "x");
        }
        if ("log".equals(layout("yaxis.type"))) {
            requirePositive(line, "y");
        }
        add(line);
        return this;
    }

    private LineChart logAxis(String axis, String attribute) {
        for (PlotlyTrace t : traces()) {
            requirePositive(t, attribute);
        }
        Map<String, Object> a = new LinkedHashMap<>();
        if (layout(axis) instanceof Map<?, ?> old) {
            old.forEach((k, v) -> a.put(String.valueOf(k), v));
        }
        a.put("type", "log");
        putLayout(axis, a);
        return this;
    }

    private static void requirePositive(PlotlyTrace line, String attribute) {
        for (double v : line.numbers(attribute)) {
            if (v <= 0) {
                throw new IllegalArgumentException("line '" + line.name() + "' has " + attribute + " = " + v
                        + ": a logarithmic axis needs positive values");
            }
        }
    }

    // ------------------------------------------------------------------------------------ the family's figures

    /** See {@link Plots#trainingCurves(String, Map)}. */
    static PlotlyFigure trainingCurves(String column, Map<String, Table> histories) {
        FigureInputs.requireNonEmpty("histories", histories);
        LineChart chart = epochChart(column + " per epoch", column);
        histories.forEach((run, history) -> chart.add(PlotlyTrace.scatter(run, history(history, "epoch", run),
                history(history, column, run), "lines+markers")));
        return chart;
    }

    /** See {@link Plots#trainingCurves(Table, String...)}. */
    static PlotlyFigure trainingCurves(Table history, String... columns) {
        if (columns == null || columns.length == 0) {
            throw new IllegalArgumentException("name at least one metric column to plot, e.g. "
                    + "trainingCurves(history, History.TRAIN_ACCURACY, History.TEST_ACCURACY)");
        }
        String run = history == null || history.name() == null || history.name().isBlank() ? "history"
                : history.name();
        String listed = String.join(", ", columns);
        LineChart chart = epochChart((run.equals("history") ? "" : run + ": ") + listed + " per epoch",
                columns.length == 1 ? columns[0] : "value");
        double[] epochs = history(history, "epoch", run);
        for (String column : columns) {
            chart.add(PlotlyTrace.scatter(column, epochs, history(history, column, run), "lines+markers"));
        }
        return chart;
    }

    private static LineChart epochChart(String title, String yTitle) {
        LineChart chart = new LineChart(chart(title, axis("epoch"), axis(yTitle), 420));
        chart.putLayout("hovermode", "x unified");
        return chart;
    }

    private static double[] history(Table history, String column, String run) {
        return FigureInputs.numeric(history, column, "the history of '" + run + "'");
    }

    /** See {@link Plots#lines(String, Table, String, String, String)}. */
    static PlotlyFigure fromTable(String title, Table table, String xColumn, String yColumn, String groupColumn) {
        String owner = "table '" + (table == null ? "" : table.name()) + "'";
        double[] x = FigureInputs.numeric(table, xColumn, owner);
        double[] y = FigureInputs.numeric(table, yColumn, owner);
        List<String> groups = FigureInputs.text(table, groupColumn);
        if (groups.isEmpty()) {
            throw new IllegalArgumentException(owner + " has no rows to draw");
        }
        Map<String, List<Integer>> rowsByGroup = new LinkedHashMap<>();
        for (int r = 0; r < groups.size(); r++) {
            rowsByGroup.computeIfAbsent(groups.get(r), g -> new ArrayList<>()).add(r);
        }
        LineChart chart = new LineChart(chart(title, axis(xColumn), axis(yColumn), 420));
        rowsByGroup.forEach((group, rows) -> chart.add(PlotlyTrace.scatter(group,
                rows.stream().mapToDouble(r -> x[r]).toArray(), rows.stream().mapToDouble(r -> y[r]).toArray(),
                "lines+markers")));
        return chart;
    }
}
