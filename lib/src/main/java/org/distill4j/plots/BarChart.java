package org.distill4j.plots;

import static org.distill4j.plots.PlotlyLayout.axis;
import static org.distill4j.plots.PlotlyLayout.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tech.tablesaw.api.Table;

/**
 * The bar-chart family: one bar per category, grouped when there are several series (soft labels per temperature,
 * a value per class), and histograms (bars of counts). Package-private: learners call {@link Plots}.
 */
final class BarChart {

    private BarChart() {}

    /** See {@link Plots#softLabels}. */
    static PlotlyFigure softLabels(List<String> classNames, Map<String, float[]> probabilitiesBySeries) {
        FigureInputs.requireLabels("classNames", classNames);
        FigureInputs.requireNonEmpty("probabilitiesBySeries", probabilitiesBySeries);
        List<PlotlyTrace> traces = new ArrayList<>();
        probabilitiesBySeries.forEach((series, p) -> {
            FigureInputs.requireLength("probabilities of series '" + series + "'", p == null ? -1 : p.length,
                    classNames.size(), "one per class name");
            double[] y = PlotlyLayout.doubles(p);
            for (int c = 0; c < y.length; c++) {
                if (!(y[c] >= -1e-6 && y[c] <= 1 + 1e-6)) {
                    throw new IllegalArgumentException("probabilities must be in [0, 1], but series '" + series
                            + "' has " + y[c] + " for class '" + classNames.get(c)
                            + "': are these logits? Apply a softmax first (SoftTargets.softmax).");
                }
            }
            traces.add(PlotlyTrace.bar(series, classNames, y)
                    .with("hovertemplate", "%{x}: %{y:.3f}<extra>" + series + "</extra>"));
        });
        Map<String, Object> yaxis = axis("probability");
        yaxis.put("range", List.of(0, 1));
        Map<String, Object> layout = chart("Soft labels", axis("class"), yaxis, 400);
        layout.put("barmode", "group");
        return new PlotlyFigure(traces, layout);
    }

    /** See {@link Plots#bars}. */
    static PlotlyFigure fromTable(String title, Table table, String categoryColumn, String... valueColumns) {
        if (valueColumns == null || valueColumns.length == 0) {
            throw new IllegalArgumentException("name at least one numeric column to draw as bars");
        }
        String owner = "table '" + (table == null ? "" : table.name()) + "'";
        List<String> categories = FigureInputs.text(table, categoryColumn);
        List<PlotlyTrace> traces = new ArrayList<>();
        for (String column : valueColumns) {
            traces.add(PlotlyTrace.bar(column, categories, FigureInputs.numeric(table, column, owner)));
        }
        Map<String, Object> layout = chart(title, axis(categoryColumn),
                axis(valueColumns.length == 1 ? valueColumns[0] : ""), 420);
        layout.put("barmode", "group");
        layout.put("showlegend", valueColumns.length > 1);
        return new PlotlyFigure(traces, layout);
    }

    /** See {@link Plots#histogram}. */
    static PlotlyFigure histogram(String title, Table table, String column) {
        double[] values = FigureInputs.numeric(table, column, "table '" + (table == null ? "" : table.name()) + "'");
        Map<String, Object> layout = chart(title, axis(column), axis("count"), 420);
        layout.put("showlegend", false);
        return new PlotlyFigure(List.of(PlotlyTrace.histogram(column, values)), layout);
    }
}
