package org.distill4j.metrics;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.distill4j.distillation.SoftTargets;

/**
 * Does a model's confidence match its accuracy? (Guo, Pleiss, Sun and Weinberger, 2017, "On Calibration of Modern
 * Neural Networks".)
 *
 * <ul>
 *   <li>{@link #reliability}: sort predictions into 15 equal-width bins of confidence \( \hat p = \max_i
 *       \mathrm{softmax}(z)_i \); per bin, the count, mean confidence and accuracy — the data of a reliability
 *       diagram.
 *   <li>{@link #expectedCalibrationError}: \( \mathrm{ECE} = \sum_{m=1}^{M} \frac{|B_m|}{N} \,
 *       |\mathrm{acc}(B_m) - \mathrm{conf}(B_m)| \) with \(M = 15\), bin \(B_m\) holding confidences in
 *       \( \big(\frac{m-1}{M}, \frac{m}{M}\big] \) (Guo et al., eq. 3).
 *   <li>{@link #negativeLogLikelihood}: \( -\frac{1}{N} \sum_n \log \mathrm{softmax}(z_n / T)_{y_n} \), in nats: 0 for
 *       a model that gives the true class probability 1, \(\log K\) for a uniform guess over \(K\) classes, and
 *       without bound for a confident mistake.
 *   <li>{@link Predictions#brierScore}: \( \frac{1}{N} \sum_n \sum_{k=1}^{K} \big(p_{nk} - [k = y_n]\big)^2 \) with
 *       \( p_n = \mathrm{softmax}(z_n / T) \) (Brier, 1950, "Verification of forecasts expressed in terms of
 *       probability", in its original multi-class form): the squared distance between the predicted distribution and
 *       the one-hot label, in [0, 2]; 0 is perfect, \(1 - 1/K\) a uniform guess. Unlike ECE it has no bins, and
 *       unlike NLL a confident mistake costs at most 2.
 *   <li>{@link #predictions}: the per-image numbers behind all three, so that {@link Bootstrap} can put an interval
 *       on each (resampling test images) and compare two models on the same resampled images.
 *   <li>{@link #fitTemperature}: temperature scaling (Guo et al., §4.2): the single \(T\) that minimises the NLL of
 *       \( \mathrm{softmax}(z / T) \) on a validation split. It never changes a prediction, only its confidence.
 * </ul>
 */
public final class Calibration {

    /** The number of bins Guo et al. (2017) used for ECE. */
    public static final int BINS = 15;

    private Calibration() {}

    /**
     * One bin of a reliability diagram: confidences in {@code (lower, upper]}.
     *
     * @param lower lower edge, in [0, 1]
     * @param upper upper edge, in [0, 1], {@code > lower}
     * @param count examples in the bin, {@code >= 0}
     * @param meanConfidence mean top-class probability of those examples, in [0, 1] (NaN if empty)
     * @param accuracy fraction of them predicted correctly, in [0, 1] (NaN if empty)
     */
    public record Bin(double lower, double upper, int count, double meanConfidence, double accuracy) {
        /**
         * @throws IllegalArgumentException if the edges are not {@code 0 <= lower < upper <= 1}, the count is
         *     negative, or a non-empty bin has a confidence or accuracy outside [0, 1] (accuracy is a fraction, not %)
         */
        public Bin {
            if (!(lower >= 0 && upper <= 1 && upper > lower)) {
                throw new IllegalArgumentException("a bin has edges (" + lower + ", " + upper
                        + "]: edges must satisfy 0 <= lower < upper <= 1");
            }
            if (count < 0) {
                throw new IllegalArgumentException("a bin has a negative count " + count);
            }
            if (count > 0 && !(probability(meanConfidence) && probability(accuracy))) {
                throw new IllegalArgumentException("bin (" + lower + ", " + upper + "] has mean confidence "
                        + meanConfidence + " and accuracy " + accuracy
                        + ": both must be in [0, 1] (accuracy is a fraction, not %)");
            }
        }

        private static boolean probability(double v) {
            return v >= -1e-9 && v <= 1 + 1e-9;
        }

        /** \( |\mathrm{acc} - \mathrm{conf}| \), 0 for an empty bin. */
        public double gap() {
            return count == 0 ? 0 : Math.abs(accuracy - meanConfidence);
        }
    }

    /**
     * A reliability diagram's bins over {@code total} examples: what {@code Plots.reliabilityDiagram} draws.
     *
     * @param bins the bins, lowest confidence first
     * @param total the number of examples, the sum of the bins' counts
     */
    public record Reliability(List<Bin> bins, int total) {
        /**
         * @throws IllegalArgumentException if there are no bins, or {@code total} is not the (positive) sum of their
         *     counts
         */
        public Reliability {
            if (bins == null || bins.isEmpty()) {
                throw new IllegalArgumentException("a reliability diagram needs at least one bin: use "
                        + "Calibration.reliability(logits, labels)");
            }
            bins = List.copyOf(bins);
            long sum = bins.stream().mapToLong(Bin::count).sum();
            if (total < 1 || sum != total) {
                throw new IllegalArgumentException("total must be the number of examples in the bins, " + sum
                        + " (and at least 1), got " + total);
            }
        }

        /** \( \sum_m \frac{|B_m|}{N} |\mathrm{acc}(B_m) - \mathrm{conf}(B_m)| \). */
        public double expectedCalibrationError() {
            double ece = 0;
            for (Bin b : bins) {
                ece += b.count() / (double) total * b.gap();
            }
            return ece;
        }
    }

    /** {@link #reliability(NDArray, NDArray, int)} with 15 bins. */
    public static Reliability reliability(NDArray logits, NDArray labels) {
        return reliability(logits, labels, BINS);
    }

    /**
     * @param logits {@code [batch, classes]} (divide by a temperature first to assess a scaled model)
     * @param labels {@code [batch]} integer class indices
     * @param bins number of equal-width confidence bins
     */
    public static Reliability reliability(NDArray logits, NDArray labels, int bins) {
        float[][] z = HostCopy.rows(logits, "logits");
        int[] y = HostCopy.labels(labels, z.length, (int) logits.getShape().get(1));
        double[] confidence = new double[z.length];
        boolean[] correct = new boolean[z.length];
        for (int n = 0; n < z.length; n++) {
            int top = HostCopy.argMax(z[n]);
            confidence[n] = Math.exp(SoftmaxRows.logSoftmax(z[n], 1)[top]);
            correct[n] = top == y[n];
        }
        return reliability(confidence, correct, bins);
    }

    /**
     * Bins raw (confidence, correct) pairs: a confidence \(c\) falls in bin \( \lceil c M \rceil \) (1-based), so bin
     * \(m\) holds \( \big(\frac{m-1}{M}, \frac{m}{M}\big] \) and a confidence of exactly 0 goes to the first bin.
     *
     * @throws IllegalArgumentException if the arrays differ in length, are empty, {@code bins < 1}, or a confidence is
     *     outside [0, 1]
     */
    public static Reliability reliability(double[] confidence, boolean[] correct, int bins) {
        if (confidence.length != correct.length) {
            throw new IllegalArgumentException(confidence.length + " confidences but " + correct.length + " outcomes");
        }
        if (confidence.length == 0 || bins < 1) {
            throw new IllegalArgumentException("calibration needs at least one example and one bin");
        }
        int[] count = new int[bins];
        double[] sumConfidence = new double[bins];
        int[] hits = new int[bins];
        for (int n = 0; n < confidence.length; n++) {
            double c = confidence[n];
            if (!(c >= 0 && c <= 1)) {
                throw new IllegalArgumentException("confidence " + c + " at row " + n + " is not a probability");
            }
            int b = Math.min(bins - 1, Math.max(0, (int) Math.ceil(c * bins) - 1));
            count[b]++;
            sumConfidence[b] += c;
            if (correct[n]) {
                hits[b]++;
            }
        }
        List<Bin> out = new ArrayList<>(bins);
        for (int b = 0; b < bins; b++) {
            out.add(new Bin(b / (double) bins, (b + 1) / (double) bins, count[b],
                    count[b] == 0 ? Double.NaN : sumConfidence[b] / count[b],
                    count[b] == 0 ? Double.NaN : hits[b] / (double) count[b]));
        }
        return new Reliability(out, confidence.length);
    }

    /** ECE with 15 equal-width bins (see the class comment). */
    public static double expectedCalibrationError(NDArray logits, NDArray labels) {
        return reliability(logits, labels).expectedCalibrationError();
    }

    /** Mean negative log-likelihood of the true labels, in nats, at \(T = 1\). */
    public static double negativeLogLikelihood(NDArray logits, NDArray labels) {
        return negativeLogLikelihood(logits, labels, 1);
    }

    /** \( -\frac{1}{N} \sum_n \log \mathrm{softmax}(z_n / T)_{y_n} \), in nats. */
    public static double negativeLogLikelihood(NDArray logits, NDArray labels, double temperature) {
        float[][] z = HostCopy.rows(logits, "logits");
        int[] y = HostCopy.labels(labels, z.length, (int) logits.getShape().get(1));
        return nll(z, y, temperature);
    }

    /** {@link #predictions(NDArray, NDArray, double)} at \(T = 1\). */
    public static Predictions predictions(NDArray logits, NDArray labels) {
        return predictions(logits, labels, 1);
    }

    /**
     * One model's predictions on a test set, image by image: the top-class confidence, whether it was right, and the
     * image's NLL and Brier terms, computed once on the host.
     *
     * @param logits {@code [batch, classes]}
     * @param labels {@code [batch]} integer class indices
     * @param temperature divides the logits first (1 for the model as it is; a fitted \(T\) for a scaled model)
     * @throws IllegalArgumentException if a label is outside the classes or {@code temperature} is not positive
     */
    public static Predictions predictions(NDArray logits, NDArray labels, double temperature) {
        SoftTargets.checkTemperature((float) temperature);
        float[][] z = HostCopy.rows(logits, "logits");
        int[] y = HostCopy.labels(labels, z.length, (int) logits.getShape().get(1));
        double[] confidence = new double[z.length];
        boolean[] correct = new boolean[z.length];
        double[] nll = new double[z.length];
        double[] brier = new double[z.length];
        for (int n = 0; n < z.length; n++) {
            double[] logP = SoftmaxRows.logSoftmax(z[n], temperature);
            int top = HostCopy.argMax(z[n]);
            confidence[n] = Math.exp(logP[top]);
            correct[n] = top == y[n];
            nll[n] = -logP[y[n]];
            double b = 0;
            for (int k = 0; k < logP.length; k++) {
                double d = Math.exp(logP[k]) - (k == y[n] ? 1 : 0);
                b += d * d;
            }
            brier[n] = b;
        }
        return new Predictions(confidence, correct, nll, brier);
    }

    /**
     * A model's predictions on {@code N} test images, one entry per image: what ECE, NLL and the Brier score are
     * computed from. Every metric also takes an array of image indices (repeats allowed), which is how
     * {@link Bootstrap} resamples the test images:
     *
     * <pre>{@code
     * var teacher = Calibration.predictions(teacherLogits, labels);
     * var student = Calibration.predictions(studentLogits, labels);
     * teacher.intervals(1000, 42).nll();                               // 0.41 [0.37, 0.45]
     * Bootstrap.percentile(labels.size(),                              // the difference, on the same resampled images
     *     idx -> student.expectedCalibrationError(idx) - teacher.expectedCalibrationError(idx), 1000, 42);
     * }</pre>
     *
     * @param confidence top-class probability \( \max_k p_{nk} \) per image, in [0, 1]
     * @param correct whether the top class is the label
     * @param nll \( -\log p_{n, y_n} \) per image, in nats
     * @param brier \( \sum_k (p_{nk} - [k = y_n])^2 \) per image, in [0, 2]
     */
    public record Predictions(double[] confidence, boolean[] correct, double[] nll, double[] brier) {
        /**
         * @throws IllegalArgumentException if the arrays are empty or differ in length
         */
        public Predictions {
            int n = confidence.length;
            if (n == 0 || correct.length != n || nll.length != n || brier.length != n) {
                throw new IllegalArgumentException("predictions need the same number (at least 1) of confidences, "
                        + "outcomes, NLL and Brier terms; got " + n + ", " + correct.length + ", " + nll.length + ", "
                        + brier.length);
            }
            confidence = confidence.clone();
            correct = correct.clone();
            nll = nll.clone();
            brier = brier.clone();
        }

        /** Number of images. */
        public int size() {
            return confidence.length;
        }

        /** ECE with {@value Calibration#BINS} bins over all images. */
        public double expectedCalibrationError() {
            return expectedCalibrationError(all());
        }

        /** ECE with {@value Calibration#BINS} bins over the images {@code items} (indices into this set; repeats count twice). */
        public double expectedCalibrationError(int[] items) {
            double[] c = new double[items.length];
            boolean[] ok = new boolean[items.length];
            for (int i = 0; i < items.length; i++) {
                c[i] = confidence[items[i]];
                ok[i] = correct[items[i]];
            }
            return reliability(c, ok, BINS).expectedCalibrationError();
        }

        /** Mean NLL over all images, in nats. */
        public double negativeLogLikelihood() {
            return negativeLogLikelihood(all());
        }

        /** Mean NLL over the images {@code items}. */
        public double negativeLogLikelihood(int[] items) {
            return mean(nll, items);
        }

        /** Mean Brier score over all images. */
        public double brierScore() {
            return brierScore(all());
        }

        /** Mean Brier score over the images {@code items}. */
        public double brierScore(int[] items) {
            return mean(brier, items);
        }

        /** Share of images predicted correctly. */
        public double accuracy() {
            int hits = 0;
            for (boolean ok : correct) {
                hits += ok ? 1 : 0;
            }
            return hits / (double) correct.length;
        }

        /** Mean top-class confidence: above {@link #accuracy()} means over-confident on average. */
        public double meanConfidence() {
            return mean(confidence, all());
        }

        /** {@link #overconfidence(int[])} over all images. */
        public double overconfidence() {
            return overconfidence(all());
        }

        /**
         * Mean confidence minus accuracy over the images {@code items}, \( \frac{1}{|I|} \sum_{n \in I} (\hat p_n -
         * [\hat y_n = y_n]) \): positive when the model is over-confident on average, negative when under-confident.
         * Unlike ECE it has a sign, and it is not biased upwards by noise in the bins; it can be near 0 for a model that
         * is over-confident at some confidences and under-confident at others.
         */
        public double overconfidence(int[] items) {
            double s = 0;
            for (int i : items) {
                s += confidence[i] - (correct[i] ? 1 : 0);
            }
            return s / items.length;
        }

        /**
         * 95 % percentile-bootstrap intervals of ECE, NLL and the Brier score over the test images (the same
         * {@code resamples} draws for all three).
         *
         * <p>NLL and the Brier score are means of per-image terms, and their intervals are the usual ones. ECE is not: a
         * resample holds duplicate images, which makes the bins noisier, and noise only adds to \(|\mathrm{acc} -
         * \mathrm{conf}|\), so ECE's replicates are biased upwards and a well-calibrated model's estimate can lie below
         * its own interval. Read ECE's interval as the size of the noise, and compare two models on the same resampled
         * images (see {@link Measure}) rather than by whether their intervals overlap.
         *
         * @throws IllegalArgumentException if there are fewer than 2 images or fewer than 100 resamples
         */
        public Intervals intervals(int resamples, long seed) {
            return new Intervals(Bootstrap.percentile(size(), this::expectedCalibrationError, resamples, seed),
                    Bootstrap.percentile(size(), this::negativeLogLikelihood, resamples, seed),
                    Bootstrap.percentile(size(), this::brierScore, resamples, seed));
        }

        @Override
        public double[] confidence() {
            return confidence.clone();
        }

        @Override
        public boolean[] correct() {
            return correct.clone();
        }

        @Override
        public double[] nll() {
            return nll.clone();
        }

        @Override
        public double[] brier() {
            return brier.clone();
        }

        private int[] all() {
            int[] idx = new int[confidence.length];
            java.util.Arrays.setAll(idx, i -> i);
            return idx;
        }

        private static double mean(double[] values, int[] items) {
            double s = 0;
            for (int i : items) {
                s += values[i];
            }
            return s / items.length;
        }
    }

    /**
     * Bootstrap intervals of one model's three calibration measures over the test images.
     *
     * @param ece expected calibration error
     * @param nll mean negative log-likelihood, in nats
     * @param brier mean Brier score
     */
    public record Intervals(Bootstrap.Interval ece, Bootstrap.Interval nll, Bootstrap.Interval brier) {}

    /**
     * The calibration measures by name, for comparing models on the same resampled images:
     * {@code Calibration.Measure.ECE.of(predictions, items)}.
     */
    public enum Measure {
        /** Expected calibration error, {@value Calibration#BINS} bins. */
        ECE(Predictions::expectedCalibrationError),
        /** Mean negative log-likelihood, nats. */
        NLL(Predictions::negativeLogLikelihood),
        /** Mean Brier score. */
        BRIER(Predictions::brierScore),
        /** Mean confidence − accuracy: signed, positive when over-confident. */
        OVERCONFIDENCE(Predictions::overconfidence);

        private final java.util.function.BiFunction<Predictions, int[], Double> f;

        Measure(java.util.function.BiFunction<Predictions, int[], Double> f) {
            this.f = f;
        }

        /** The measure on the images {@code items} of {@code p}. */
        public double of(Predictions p, int[] items) {
            return f.apply(p, items);
        }

        /** The measure on all images of {@code p}. */
        public double of(Predictions p) {
            int[] idx = new int[p.size()];
            java.util.Arrays.setAll(idx, i -> i);
            return f.apply(p, idx);
        }
    }

    /**
     * Temperature scaling: the \(T\) minimising \( \mathrm{NLL}(T) \) on a validation split, found by golden-section
     * search on \( \log T \in [\log 0.05, \log 20] \) (NLL is unimodal in \(\log T\): it is convex in \(1/T\)).
     *
     * <p>\(T > 1\) means the model was over-confident (typical of large networks, Guo et al. §3), \(T &lt; 1\)
     * under-confident. Fit \(T\) on held-out data, never on the test set you report.
     *
     * @param logits validation logits {@code [batch, classes]}
     * @param labels validation labels {@code [batch]}
     * @return the fitted temperature, accurate to about 0.01 %
     */
    public static double fitTemperature(NDArray logits, NDArray labels) {
        float[][] z = HostCopy.rows(logits, "logits");
        int[] y = HostCopy.labels(labels, z.length, (int) logits.getShape().get(1));
        double invPhi = (Math.sqrt(5) - 1) / 2;
        double a = Math.log(0.05);
        double b = Math.log(20);
        double c = b - invPhi * (b - a);
        double d = a + invPhi * (b - a);
        double fc = nll(z, y, Math.exp(c));
        double fd = nll(z, y, Math.exp(d));
        while (b - a > 1e-5) {
            if (fc < fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - invPhi * (b - a);
                fc = nll(z, y, Math.exp(c));
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + invPhi * (b - a);
                fd = nll(z, y, Math.exp(d));
            }
        }
        return Math.exp((a + b) / 2);
    }

    private static double nll(float[][] z, int[] y, double temperature) {
        SoftTargets.checkTemperature((float) temperature);
        double total = 0;
        for (int n = 0; n < z.length; n++) {
            total -= SoftmaxRows.logSoftmax(z[n], temperature)[y[n]];
        }
        return total / z.length;
    }
}
