package org.distill4j.notebook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distill4j.metrics.Calibration;
import org.distill4j.plots.Plots;
import org.distill4j.plots.PlotlyFigure;
import org.distill4j.plots.ReliabilityBins;

/**
 * Draws what {@link Calibration} measures: {@link Calibration#reliability} returns its bins as records
 * ({@link Calibration.Reliability}), while {@link Plots#reliabilityDiagram} draws {@link ReliabilityBins} (parallel
 * arrays, so that the plots package needs nothing from the metrics package). This class converts one into the other.
 *
 * <pre>{@code
 * Map<String, Calibration.Reliability> byModel = new LinkedHashMap<>();
 * byModel.put("teacher", Calibration.reliability(teacherLogits, labels));
 * byModel.put("student", Calibration.reliability(studentLogits, labels));
 * CalibrationPlots.reliabilityDiagram(byModel)
 * }</pre>
 */
public final class CalibrationPlots {

    private CalibrationPlots() {}

    /**
     * The same bins as parallel arrays. Empty bins keep their {@code NaN} confidence and accuracy, which
     * {@link ReliabilityBins} ignores; the ECE of the result equals {@link Calibration.Reliability#expectedCalibrationError()}.
     *
     * @param reliability bins from {@link Calibration#reliability}
     * @return the bins in order, lowest confidence first
     * @throws IllegalArgumentException if {@code reliability} is null or has no bins
     */
    public static ReliabilityBins bins(Calibration.Reliability reliability) {
        if (reliability == null || reliability.bins().isEmpty()) {
            throw new IllegalArgumentException("need the bins of a reliability diagram: use Calibration.reliability(logits, labels)");
        }
        List<Calibration.Bin> bins = reliability.bins();
        int n = bins.size();
        double[] lower = new double[n];
        double[] upper = new double[n];
        long[] count = new long[n];
        double[] confidence = new double[n];
        double[] accuracy = new double[n];
        for (int b = 0; b < n; b++) {
            Calibration.Bin bin = bins.get(b);
            lower[b] = bin.lower();
            upper[b] = bin.upper();
            count[b] = bin.count();
            confidence[b] = bin.meanConfidence();
            accuracy[b] = bin.accuracy();
        }
        return new ReliabilityBins(lower, upper, count, confidence, accuracy);
    }

    /**
     * {@link Plots#reliabilityDiagram} of several models' {@link Calibration#reliability} bins, in the map's order
     * (pass a {@link LinkedHashMap} to fix the legend order).
     *
     * @param byModel model name → its bins
     * @return one line per model and the diagonal of perfect calibration; the legend gives each model's ECE
     * @throws IllegalArgumentException if the map is empty or a model's bins are null or empty
     */
    public static PlotlyFigure reliabilityDiagram(Map<String, Calibration.Reliability> byModel) {
        if (byModel == null || byModel.isEmpty()) {
            throw new IllegalArgumentException("name at least one model and its Calibration.reliability(...) bins");
        }
        Map<String, ReliabilityBins> converted = new LinkedHashMap<>();
        byModel.forEach((model, reliability) -> converted.put(model, bins(reliability)));
        return Plots.reliabilityDiagram(converted);
    }
}
