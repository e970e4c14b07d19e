package org.distill4j.exercises;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Random;
import org.distill4j.metrics.Calibration;

/**
 * Exercise 5: expected calibration error and temperature scaling (Guo, Pleiss, Sun and Weinberger, 2017). The
 * references are {@link Calibration#reliability(double[], boolean[], int)} and {@link Calibration#fitTemperature}.
 *
 * <pre>{@code
 * CalibrationExercise.checkEce((confidence, correct, bins) -> ece(confidence, correct, bins));
 * CalibrationExercise.checkTemperature((logits, labels) -> fitTemperature(logits, labels));
 * }</pre>
 */
public final class CalibrationExercise {

    private CalibrationExercise() {}

    /** The learner's ECE. */
    @FunctionalInterface
    public interface Ece {
        /**
         * @param confidence top-class probability of each example, in [0, 1]
         * @param correct whether each prediction was right
         * @param bins \(M\), equal-width bins \( ((m-1)/M, m/M] \)
         * @return \( \sum_m \frac{|B_m|}{N} |\mathrm{acc}(B_m) - \mathrm{conf}(B_m)| \)
         */
        double of(double[] confidence, boolean[] correct, int bins);
    }

    /** The learner's temperature scaling. */
    @FunctionalInterface
    public interface TemperatureFit {
        /**
         * @param logits {@code [N][classes]} validation logits
         * @param labels {@code [N]} class indices
         * @return the \(T > 0\) minimising the NLL of \( \mathrm{softmax}(z / T) \)
         */
        double fit(float[][] logits, int[] labels);
    }

    /**
     * Copies logits {@code [N, classes]} into Java rows, the form this exercise's functions take.
     *
     * @throws IllegalArgumentException if {@code logits} is not 2-D
     */
    public static float[][] rows(NDArray logits) {
        Shape shape = logits.getShape();
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException("logits must be [N, classes], got shape " + shape);
        }
        int n = (int) shape.get(0);
        int classes = (int) shape.get(1);
        float[] flat = logits.toFloatArray();
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
        }
        return out;
    }

    /**
     * Checks {@code ece} against {@link Calibration}: 200 examples spread unevenly over the bins, over-confident in some
     * bins and under-confident in others, with 10 and 15 bins and one confidence of exactly 1. Prints ✓ or the mistake
     * found; never throws.
     */
    public static CheckResult checkEce(Ece ece) {
        return Check.run("ECE", () -> {
            double[] confidence = new double[200];
            boolean[] correct = new boolean[200];
            Random random = new Random(9);
            for (int n = 0; n < confidence.length; n++) {
                // most examples are confident and over-confident (right 80 % of the time at ~95 % confidence);
                // the rest mix under-confident (right 90 % at ~55 %) and over-confident (right 20 % at ~65 %) ones
                int group = n < 120 ? 0 : n < 160 ? 1 : 2;
                double c = group == 0 ? 0.9 + 0.0999 * random.nextDouble()
                        : group == 1 ? 0.3 + 0.5 * random.nextDouble() : 0.55 + 0.2 * random.nextDouble();
                confidence[n] = c;
                correct[n] = random.nextDouble() < (group == 0 ? 0.8 : group == 1 ? 0.9 : 0.2);
            }
            confidence[0] = 1.0;
            for (int bins : new int[] {10, 15}) {
                expectEce(ece, confidence, correct, bins);
            }
            return "matches Calibration's ECE with 10 and 15 bins, including a confidence of exactly 1.";
        });
    }

    private static void expectEce(Ece ece, double[] confidence, boolean[] correct, int bins) {
        String call = "your ECE (" + bins + " bins)";
        double[] cc = confidence.clone();
        boolean[] kc = correct.clone();
        double got;
        try {
            got = Check.call(call, () -> ece.of(cc, kc, bins));
        } catch (Check.Mistake m) {
            if (m.getMessage().contains("ArrayIndexOutOfBounds")) {
                throw Check.wrong(call + " ran past the end of its bin array: a confidence of exactly 1.0 gives bin index "
                        + "M. Put it in the last bin: Math.min(bins - 1, (int) (confidence * bins)).");
            }
            throw m;
        }
        Check.require(Arrays.equals(cc, confidence) && Arrays.equals(kc, correct), call + " changed its input arrays.");
        Calibration.Reliability reliability = Calibration.reliability(confidence, correct, bins);
        double expected = reliability.expectedCalibrationError();
        if (Check.close(got, expected, 1e-6)) {
            return;
        }
        String what = call + " = " + Check.fmt(got) + ", expected " + Check.fmt(expected);
        double unweighted = 0;
        double signed = 0;
        int nonEmpty = 0;
        for (Calibration.Bin b : reliability.bins()) {
            if (b.count() > 0) {
                unweighted += b.gap();
                signed += b.count() / (double) confidence.length * (b.accuracy() - b.meanConfidence());
                nonEmpty++;
            }
        }
        Check.require(!Check.close(got, unweighted / nonEmpty, 1e-6) && !Check.close(got, unweighted / bins, 1e-6),
                what + ": ECE with unweighted bins: every bin counted the same. Weight each bin's gap by its share of the "
                        + "examples, |B_m| / N, so a bin with 2 examples matters less than one with 120.");
        Check.require(!Check.close(got, Math.abs(signed), 1e-6) && !Check.close(got, signed, 1e-6), what + ": the gaps "
                + "cancel out: take |acc(B_m) − conf(B_m)| in each bin before summing (over- and under-confidence both count).");
        Check.require(!Check.close(got, expected * confidence.length, 1e-6), what + ": " + confidence.length
                + " times too large: divide each bin's count by N.");
        Check.require(!Check.close(got, Calibration.reliability(confidence, correct, 15).expectedCalibrationError(), 1e-6)
                && !Check.close(got, Calibration.reliability(confidence, correct, 10).expectedCalibrationError(), 1e-6),
                what + ": you used a fixed number of bins: use the bins argument.");
        throw Check.wrong(what + ": bin m holds confidences in ((m − 1)/M, m/M]; per bin compare the fraction correct with "
                + "the mean confidence.");
    }

    /**
     * Checks {@code fit} against {@link Calibration#fitTemperature} on 600 over-confident synthetic predictions (best
     * \(T\) about 2.5): the learner's \(T\) passes when its NLL is within 0.1 % of the optimum's. Prints ✓ or the
     * mistake found; never throws.
     */
    public static CheckResult checkTemperature(TemperatureFit fit) {
        return Check.run("temperature scaling", () -> {
            int n = 600;
            int classes = 5;
            Random random = new Random(4);
            float[][] logits = new float[n][classes];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = random.nextInt(classes);
                int predicted = random.nextDouble() < 0.75 ? labels[i] : random.nextInt(classes);
                for (int c = 0; c < classes; c++) {
                    logits[i][c] = (float) (2 * random.nextGaussian());
                }
                logits[i][predicted] += 8; // confident, right 80 % of the time: over-confident
            }
            try (NDManager m = NDManager.newBaseManager()) {
                float[] flat = new float[n * classes];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(logits[i], 0, flat, i * classes, classes);
                }
                NDArray z = m.create(flat, new Shape(n, classes));
                NDArray y = m.create(labels);
                double best = Calibration.fitTemperature(z, y);
                double bestNll = Calibration.negativeLogLikelihood(z, y, best);
                float[][] copy = Arrays.stream(logits).map(float[]::clone).toArray(float[][]::new);
                double t = Check.call("your fitTemperature", () -> fit.fit(copy, labels.clone()));
                String what = "your T = " + Check.fmt(t) + ", the best T = " + Check.fmt(best);
                Check.require(t > 0 && Double.isFinite(t), what + ": T must be a positive number.");
                double nll = Calibration.negativeLogLikelihood(z, y, t);
                if (nll <= bestNll * 1.001) {
                    return "T = " + Check.fmt(t) + " (the library finds " + Check.fmt(best) + "): NLL "
                            + Check.fmt(nll) + " nats, down from " + Check.fmt(Calibration.negativeLogLikelihood(z, y, 1))
                            + " at T = 1.";
                }
                Check.require(!Check.close(t, 1 / best, 0.05), what + " ≈ 1 / best: you multiplied the logits by T; "
                        + "temperature scaling divides them, softmax(z / T).");
                Check.require(Math.abs(t - 1) > 1e-9, what + ": T = 1 changes nothing. Search over T (for example "
                        + "T = 0.5, 0.55, … , 5) for the smallest mean −log softmax(z / T)[y].");
                Check.require(t > 1, what + ": these predictions are over-confident (right 80 % of the time at "
                        + "~99 % confidence), so T must be above 1 to soften them. Minimise the NLL, not its negative.");
                throw Check.wrong(what + ": the NLL at your T is " + Check.fmt(nll) + " nats, at the best T "
                        + Check.fmt(bestNll) + ". Minimise the mean −log softmax(z / T)[y] over a fine enough range of T.");
            }
        });
    }
}
