package org.distill4j.plots;

import static org.distill4j.plots.PlotlyLayout.axis;
import static org.distill4j.plots.PlotlyLayout.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.distill4j.metrics.PairedDifference;

/**
 * Estimates with their confidence intervals, one row per comparison (a "forest plot"), and a vertical line at 0: an
 * interval that crosses the line is a difference the data cannot tell from none. Package-private: learners call
 * {@link Plots#differences}.
 */
final class IntervalChart {

    private IntervalChart() {}

    /** See {@link Plots#differences}. */
    static PlotlyFigure differences(String title, String unit, double scale, Map<String, PairedDifference> byComparison) {
        FigureInputs.requireNonEmpty("byComparison", byComparison);
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be a positive number (100 to show fractions as points), got " + scale);
        }
        List<String> names = new ArrayList<>(byComparison.keySet());
        int n = names.size();
        double[] mean = new double[n];
        double[] plus = new double[n];
        double[] minus = new double[n];
        double lowest = 0;
        double highest = 0;
        for (int i = 0; i < n; i++) {
            PairedDifference d = byComparison.get(names.get(i));
            mean[i] = d.mean() * scale;
            plus[i] = (d.high() - d.mean()) * scale;
            minus[i] = (d.mean() - d.low()) * scale;
            lowest = Math.min(lowest, d.low() * scale);
            highest = Math.max(highest, d.high() * scale);
        }
        double[] position = new double[n];
        for (int i = 0; i < n; i++) {
            position[i] = n - 1 - i; // first comparison on top
        }
        PlotlyTrace points = PlotlyTrace.scatter("mean and " + Math.round(100 * byComparison.get(names.get(0)).confidence())
                        + " % interval", mean, position, "markers")
                .with("error_x", Map.of("type", "data", "symmetric", false, "array", plus, "arrayminus", minus))
                .with("text", List.copyOf(names))
                .with("hovertemplate", "%{text}: %{x:.2f} " + unit + "<extra></extra>");
        PlotlyTrace zero = PlotlyTrace.scatter("no difference", new double[] {0, 0}, new double[] {-0.5, n - 0.5}, "lines")
                .with("line", Map.of("dash", "dot", "color", "grey"))
                .with("hoverinfo", "skip");
        Map<String, Object> yaxis = axis("");
        List<Double> ticks = new ArrayList<>();
        for (double p : position) {
            ticks.add(p);
        }
        yaxis.put("tickvals", ticks);
        yaxis.put("ticktext", List.copyOf(names));
        yaxis.put("range", List.of(-0.5, n - 0.5));
        yaxis.put("automargin", true);
        Map<String, Object> xaxis = axis("difference (" + unit + ")");
        double pad = 0.1 * Math.max(highest - lowest, 1e-9);
        xaxis.put("range", List.of(lowest - pad, highest + pad));
        Map<String, Object> layout = chart(title, xaxis, yaxis, 140 + 45 * n);
        layout.put("showlegend", false);
        return new PlotlyFigure(List.of(points, zero), layout);
    }
}
