package org.distill4j.plots;

import static org.distill4j.plots.PlotlyLayout.categoryAxis;
import static org.distill4j.plots.PlotlyLayout.reversed;
import static org.distill4j.plots.PlotlyLayout.titled;

import java.util.List;
import java.util.Map;

/**
 * The heatmap family: a labelled matrix drawn as printed, row 0 at the top — any matrix, a confusion matrix, the
 * "dark knowledge" matrix. Package-private: learners call {@link Plots}.
 */
final class Heatmaps {

    /** Colour scale of counts: white to dark blue. */
    private static final List<List<Object>> BLUES = List.of(List.of(0, "#f7fbff"), List.of(0.5, "#6baed6"),
            List.of(1, "#08306b"));
    /** Matrices with at most this many cells print their values in the cells. */
    private static final int MAX_TEXT_CELLS = 400;

    private Heatmaps() {}

    /** See {@link Plots#heatmap}. */
    static PlotlyFigure heatmap(String title, float[][] values, List<String> xLabels, List<String> yLabels) {
        double[][] z = FigureInputs.matrix("values", values, yLabels, xLabels);
        return figure(title, cells(z, xLabels, yLabels, "Viridis", "%{z:.2f}"), "", "");
    }

    /** See {@link Plots#confusionMatrix}. */
    static PlotlyFigure confusionMatrix(int[][] counts, List<String> classNames) {
        FigureInputs.requireLabels("classNames", classNames);
        int n = classNames.size();
        FigureInputs.requireLength("counts (rows = true classes)", counts == null ? -1 : counts.length, n,
                "one row per class");
        double[][] z = new double[n][n];
        long total = 0;
        long correct = 0;
        double most = 0;
        for (int t = 0; t < n; t++) {
            FigureInputs.requireLength("row " + t + " of counts", counts[t] == null ? -1 : counts[t].length, n,
                    "one column per class");
            for (int p = 0; p < n; p++) {
                if (counts[t][p] < 0) {
                    throw new IllegalArgumentException("counts must be >= 0, but counts[" + t + "][" + p + "] is "
                            + counts[t][p]);
                }
                z[t][p] = counts[t][p];
                total += counts[t][p];
                correct += t == p ? counts[t][p] : 0;
                most = Math.max(most, counts[t][p]);
            }
        }
        PlotlyTrace trace = cells(z, classNames, classNames, BLUES, "%{z}")
                .with("zmin", 0) // plotly.js honours zmin only together with zmax
                .with("zmax", most > 0 ? most : 1)
                .with("hovertemplate", "true %{y}, predicted %{x}: %{z} examples<extra></extra>");
        String accuracy = total == 0 ? "no examples" : String.format("accuracy %.1f %%", 100.0 * correct / total);
        return figure("Confusion matrix (" + accuracy + ")", trace, "predicted class", "true class");
    }

    /** See {@link Plots#classSimilarity}. */
    static PlotlyFigure classSimilarity(float[][] similarity, List<String> classNames) {
        FigureInputs.requireLabels("classNames", classNames);
        double[][] z = FigureInputs.matrix("similarity", similarity, classNames, classNames);
        for (int i = 0; i < z.length; i++) {
            z[i][i] = Double.NaN;
        }
        PlotlyTrace trace = cells(z, classNames, classNames, "Viridis", "%{z:.3f}")
                .with("hovertemplate", "examples of %{y}: mean probability of %{x} = %{z:.4f}<extra></extra>");
        return figure("Dark knowledge: the teacher's mean soft prediction per class (diagonal hidden)", trace,
                "probability given to class", "examples of class");
    }

    private static PlotlyTrace cells(double[][] z, List<String> x, List<String> y, Object colorscale,
                                     String texttemplate) {
        PlotlyTrace t = PlotlyTrace.heatmap(z, x, y, colorscale);
        return z.length * (long) z[0].length <= MAX_TEXT_CELLS ? t.with("texttemplate", texttemplate) : t;
    }

    /** One heatmap with category axes, row 0 at the top, about 36 pixels a row. */
    private static PlotlyFigure figure(String title, PlotlyTrace trace, String xTitle, String yTitle) {
        Map<String, Object> layout = titled(title);
        layout.put("xaxis", categoryAxis(xTitle));
        layout.put("yaxis", reversed(categoryAxis(yTitle)));
        int rows = trace.matrix().length;
        layout.put("height", Math.max(360, Math.min(900, 160 + 36 * rows)));
        return new PlotlyFigure(List.of(trace), layout);
    }
}
