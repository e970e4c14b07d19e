package org.distill4j.plots;

import static org.distill4j.plots.PlotlyLayout.axis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.distill4j.metrics.Calibration;

/**
 * The reliability-diagram family (Guo, Pleiss, Sun and Weinberger, 2017, §2): accuracy against confidence of the bins
 * that {@link Calibration#reliability} computes, one line per model, with the diagonal of perfect calibration.
 * Package-private: learners call {@link Plots#reliabilityDiagram}.
 */
final class ReliabilityDiagram {

    private ReliabilityDiagram() {}

    /** See {@link Plots#reliabilityDiagram}. */
    static PlotlyFigure of(Map<String, Calibration.Reliability> byModel) {
        FigureInputs.requireNonEmpty("byModel (model name → Calibration.reliability(logits, labels))", byModel);
        List<PlotlyTrace> traces = new ArrayList<>();
        byModel.forEach((model, reliability) -> traces.add(line(model, reliability)));
        traces.add(PlotlyTrace.scatter("perfect calibration", new double[] {0, 1}, new double[] {0, 1}, "lines")
                .with("line", Map.of("dash", "dash", "color", "#888888", "width", 1))
                .with("hoverinfo", "skip"));
        Map<String, Object> xaxis = axis("confidence (mean top-class probability in the bin)");
        xaxis.put("range", List.of(0, 1.02));
        Map<String, Object> yaxis = axis("accuracy in the bin");
        yaxis.put("range", List.of(0, 1.02));
        Map<String, Object> layout = PlotlyLayout.chart("Reliability diagram", xaxis, yaxis, 480);
        layout.remove("showlegend");
        return new PlotlyFigure(traces, layout);
    }

    /** One model: a point per non-empty bin at (mean confidence, accuracy), its size growing with the bin's count. */
    private static PlotlyTrace line(String model, Calibration.Reliability reliability) {
        if (reliability == null) {
            throw new IllegalArgumentException("the bins of model '" + model
                    + "' are null: use Calibration.reliability(logits, labels)");
        }
        int maxCount = 1;
        for (Calibration.Bin b : reliability.bins()) {
            maxCount = Math.max(maxCount, b.count());
        }
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<Double> sizes = new ArrayList<>();
        List<List<Object>> custom = new ArrayList<>();
        for (Calibration.Bin b : reliability.bins()) {
            if (b.count() > 0) {
                x.add(b.meanConfidence());
                y.add(b.accuracy());
                sizes.add(6 + 14 * Math.sqrt((double) b.count() / maxCount));
                custom.add(List.of(b.lower(), b.upper(), b.count()));
            }
        }
        String name = String.format("%s (ECE %.1f %%)", model, 100 * reliability.expectedCalibrationError());
        return PlotlyTrace.scatter(name, PlotlyLayout.unbox(x), PlotlyLayout.unbox(y), "lines+markers")
                .with("marker", Map.of("size", PlotlyLayout.unbox(sizes)))
                .with("customdata", custom)
                .with("hovertemplate", "confidence in (%{customdata[0]:.2f}, %{customdata[1]:.2f}]: "
                        + "%{customdata[2]} predictions<br>mean confidence %{x:.3f}, accuracy %{y:.3f}<extra>"
                        + PlotlyLayout.plotlyText(model) + "</extra>");
    }
}
