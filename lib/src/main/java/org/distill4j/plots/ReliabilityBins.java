package org.distill4j.plots;

/**
 * The data of one reliability diagram (Guo, Pleiss, Sun and Weinberger, 2017, "On Calibration of Modern Neural
 * Networks", §2): predictions grouped into bins by their confidence (the top class probability).
 *
 * <p>Bin {@code b} holds the {@code count[b]} predictions whose confidence lies in {@code (lower[b], upper[b]]} (as {@code Calibration} bins them: right-closed);
 * {@code meanConfidence[b]} is their average confidence and {@code accuracy[b]} the fraction of them that were
 * right. A calibrated model has {@code accuracy ≈ meanConfidence} in every bin. Empty bins ({@code count = 0}) are
 * allowed: their confidence and accuracy are ignored (use {@code NaN}).
 *
 * <p>This record only carries numbers for {@link Plots#reliabilityDiagram}; computing them from a model's
 * predictions is the job of the metrics package.
 *
 * @param lower          lower edge of each bin, in [0, 1]
 * @param upper          upper edge of each bin, in [0, 1], {@code > lower}
 * @param count          number of predictions in each bin, {@code >= 0}
 * @param meanConfidence mean confidence of the predictions in each bin, in [0, 1]
 * @param accuracy       fraction of correct predictions in each bin, in [0, 1]
 */
public record ReliabilityBins(double[] lower, double[] upper, long[] count, double[] meanConfidence,
                              double[] accuracy) {

    /**
     * Checks the bins and keeps copies of the arrays.
     *
     * @throws IllegalArgumentException if the arrays differ in length or are empty, if an edge, confidence or
     *                                  accuracy of a non-empty bin lies outside [0, 1], if {@code upper <= lower},
     *                                  or if a count is negative
     */
    public ReliabilityBins {
        if (lower == null || upper == null || count == null || meanConfidence == null || accuracy == null) {
            throw new IllegalArgumentException("reliability bins need all five arrays (lower, upper, count, "
                    + "meanConfidence, accuracy); one of them is null");
        }
        int n = lower.length;
        if (n == 0 || upper.length != n || count.length != n || meanConfidence.length != n || accuracy.length != n) {
            throw new IllegalArgumentException("reliability bins need five arrays of the same, non-zero length; got "
                    + "lower " + lower.length + ", upper " + upper.length + ", count " + count.length
                    + ", meanConfidence " + meanConfidence.length + ", accuracy " + accuracy.length);
        }
        for (int b = 0; b < n; b++) {
            if (!(lower[b] >= 0 && upper[b] <= 1 && upper[b] > lower[b])) {
                throw new IllegalArgumentException("bin " + b + " has edges [" + lower[b] + ", " + upper[b]
                        + "): edges must satisfy 0 <= lower < upper <= 1");
            }
            if (count[b] < 0) {
                throw new IllegalArgumentException("bin " + b + " has a negative count " + count[b]);
            }
            if (count[b] > 0 && !(inUnit(meanConfidence[b]) && inUnit(accuracy[b]))) {
                throw new IllegalArgumentException("bin " + b + " has mean confidence " + meanConfidence[b]
                        + " and accuracy " + accuracy[b] + ": both must be in [0, 1] (accuracy is a fraction, not %)");
            }
        }
        lower = lower.clone();
        upper = upper.clone();
        count = count.clone();
        meanConfidence = meanConfidence.clone();
        accuracy = accuracy.clone();
    }

    /** Number of bins. */
    public int size() {
        return lower.length;
    }

    /** Total number of predictions over all bins. */
    public long total() {
        long total = 0;
        for (long c : count) {
            total += c;
        }
        return total;
    }

    /**
     * Expected calibration error, \( \mathrm{ECE} = \sum_b \frac{n_b}{N} \, |\mathrm{acc}_b - \mathrm{conf}_b| \),
     * in [0, 1] (Naeini, Cooper and Hauskrecht, 2015; Guo et al., 2017, eq. 3).
     *
     * @return the ECE, or {@code NaN} when all bins are empty
     */
    public double expectedCalibrationError() {
        long total = total();
        if (total == 0) {
            return Double.NaN;
        }
        double ece = 0;
        for (int b = 0; b < size(); b++) {
            if (count[b] > 0) {
                ece += (double) count[b] / total * Math.abs(accuracy[b] - meanConfidence[b]);
            }
        }
        return ece;
    }

    private static boolean inUnit(double v) {
        return v >= 0 && v <= 1;
    }
}
