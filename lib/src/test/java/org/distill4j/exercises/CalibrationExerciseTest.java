package org.distill4j.exercises;

import static org.distill4j.exercises.Verdicts.assertMistake;
import static org.distill4j.exercises.Verdicts.assertNotImplemented;
import static org.distill4j.exercises.Verdicts.assertPassed;

import org.junit.jupiter.api.Test;

/** The calibration checks pass correct code and name each common mistake. */
class CalibrationExerciseTest {

    enum Weighting { BY_COUNT, UNWEIGHTED, SIGNED, UNNORMALISED }

    /** ECE over equal-width bins, with a chosen (possibly wrong) weighting and bin rule. */
    static double ece(double[] c, boolean[] ok, int bins, Weighting w, boolean clampTop) {
        int[] n = new int[bins];
        double[] conf = new double[bins];
        int[] hits = new int[bins];
        for (int i = 0; i < c.length; i++) {
            int b = (int) (c[i] * bins);
            if (clampTop) {
                b = Math.min(bins - 1, b);
            }
            n[b]++;
            conf[b] += c[i];
            hits[b] += ok[i] ? 1 : 0;
        }
        double total = 0;
        int nonEmpty = 0;
        for (int b = 0; b < bins; b++) {
            if (n[b] == 0) {
                continue;
            }
            nonEmpty++;
            double gap = hits[b] / (double) n[b] - conf[b] / n[b];
            total += switch (w) {
                case BY_COUNT -> n[b] / (double) c.length * Math.abs(gap);
                case UNWEIGHTED -> Math.abs(gap);
                case SIGNED -> n[b] / (double) c.length * gap;
                case UNNORMALISED -> n[b] * Math.abs(gap);
            };
        }
        return w == Weighting.UNWEIGHTED ? total / nonEmpty : total;
    }

    static double nll(float[][] z, int[] y, double t) {
        double total = 0;
        for (int i = 0; i < z.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (float v : z[i]) {
                max = Math.max(max, v / t);
            }
            double sum = 0;
            for (float v : z[i]) {
                sum += Math.exp(v / t - max);
            }
            total -= z[i][y[i]] / t - max - Math.log(sum);
        }
        return total / z.length;
    }

    /** Grid search over T in [0.5, 5] (step 0.01) for the smallest NLL of softmax(z / T), or of softmax(z · T). */
    static double gridSearch(float[][] z, int[] y, boolean multiply) {
        double best = 1;
        double bestNll = Double.POSITIVE_INFINITY;
        for (double t = 0.2; t <= 5; t += 0.01) {
            double v = nll(z, y, multiply ? 1 / t : t);
            if (v < bestNll) {
                bestNll = v;
                best = t;
            }
        }
        return best;
    }

    @Test
    void countWeightedEcePasses() {
        assertPassed(CalibrationExercise.checkEce((c, ok, bins) -> ece(c, ok, bins, Weighting.BY_COUNT, true)));
    }

    @Test
    void shippedTodoSaysNotImplementedYet() {
        assertNotImplemented(CalibrationExercise.checkEce((c, ok, bins) -> {
            throw new UnsupportedOperationException("not implemented yet");
        }));
        assertNotImplemented(CalibrationExercise.checkTemperature((z, y) -> {
            throw new UnsupportedOperationException("not implemented yet");
        }));
    }

    @Test
    void unweightedBinsAreReported() {
        assertMistake(CalibrationExercise.checkEce((c, ok, bins) -> ece(c, ok, bins, Weighting.UNWEIGHTED, true)),
                "ECE with unweighted bins");
    }

    @Test
    void signedGapsAreReported() {
        assertMistake(CalibrationExercise.checkEce((c, ok, bins) -> ece(c, ok, bins, Weighting.SIGNED, true)),
                "the gaps cancel out");
    }

    @Test
    void countsNotDividedByNAreReported() {
        assertMistake(CalibrationExercise.checkEce((c, ok, bins) -> ece(c, ok, bins, Weighting.UNNORMALISED, true)),
                "divide each bin's count by N");
    }

    @Test
    void confidenceOfOneOutsideTheBinsIsReported() {
        assertMistake(CalibrationExercise.checkEce((c, ok, bins) -> ece(c, ok, bins, Weighting.BY_COUNT, false)),
                "a confidence of exactly 1.0");
    }

    @Test
    void fixedBinCountIsReported() {
        assertMistake(CalibrationExercise.checkEce((c, ok, bins) -> ece(c, ok, 15, Weighting.BY_COUNT, true)),
                "use the bins argument");
    }

    @Test
    void gridSearchOnNllPasses() {
        assertPassed(CalibrationExercise.checkTemperature((z, y) -> gridSearch(z, y, false)));
    }

    @Test
    void multipliedTemperatureIsReported() {
        assertMistake(CalibrationExercise.checkTemperature((z, y) -> gridSearch(z, y, true)),
                "you multiplied the logits by T");
    }

    @Test
    void unchangedTemperatureIsReported() {
        assertMistake(CalibrationExercise.checkTemperature((z, y) -> 1.0), "T = 1 changes nothing");
    }

    @Test
    void nonPositiveTemperatureIsReported() {
        assertMistake(CalibrationExercise.checkTemperature((z, y) -> 0.0), "T must be a positive number");
    }

    @Test
    void tooNarrowSearchIsReported() {
        assertMistake(CalibrationExercise.checkTemperature((z, y) -> {
            double best = 1;
            for (double t : new double[] {1.0, 1.2, 1.4}) {
                best = nll(z, y, t) < nll(z, y, best) ? t : best;
            }
            return best;
        }), "over a fine enough range of T");
    }
}
