package org.distill4j.metrics;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * Percentile bootstrap intervals for a statistic over test items (Efron and Tibshirani, <i>An Introduction to the
 * Bootstrap</i>, 1993, §13): how much an ECE, NLL or Brier score of one model would move with another draw of test
 * images of the same kind.
 *
 * <p>Each of {@code resamples} replicates draws {@code n} item indices with replacement, uniformly, and evaluates the
 * statistic on them; the interval is the \((1-c)/2\) and \(1-(1-c)/2\) empirical quantiles of the replicates (type 7,
 * linear interpolation). The seed fixes every draw, so the interval is the same on every run.
 *
 * <p>This is the uncertainty from the test items only: it does not include the seed-to-seed variation of training
 * (for that, see {@link PairedDifference}).
 *
 * <pre>{@code
 * Bootstrap.Interval ece = Bootstrap.percentile(conf.length,       // any statistic of the resampled items
 *     idx -> Calibration.reliability(pick(conf, idx), pick(correct, idx), 15).expectedCalibrationError(), 1000, 42);
 * }</pre>
 */
public final class Bootstrap {

    /** Replicates the course uses when nothing else is said. */
    public static final int RESAMPLES = 1000;

    private Bootstrap() {}

    /**
     * A point estimate (the statistic on all items) and its percentile interval.
     *
     * @param estimate the statistic on the original items
     * @param low lower end
     * @param high upper end
     * @param confidence e.g. 0.95
     * @param resamples number of bootstrap replicates
     */
    public record Interval(double estimate, double low, double high, double confidence, int resamples) {
        public boolean contains(double value) {
            return value >= low && value <= high;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.4f [%.4f, %.4f] (%.0f %% bootstrap, %d resamples)", estimate, low, high,
                    confidence * 100, resamples);
        }
    }

    /** 95 % interval of any statistic; see {@link #percentile(int, ToDoubleFunction, int, long, double)}. */
    public static Interval percentile(int n, ToDoubleFunction<int[]> statistic, int resamples, long seed) {
        return percentile(n, statistic, resamples, seed, 0.95);
    }

    /**
     * The percentile bootstrap interval of {@code statistic} over {@code n} items.
     *
     * @param n number of items (test images)
     * @param statistic evaluated on an array of {@code n} item indices in {@code [0, n)}; first on {@code 0 … n−1}
     *     (the point estimate), then on each resample (indices repeat)
     * @param resamples replicates, at least 100 (the course uses {@value #RESAMPLES})
     * @param seed fixes the draws
     * @param confidence in (0, 1)
     * @throws IllegalArgumentException if {@code n < 2}, {@code resamples < 100}, {@code confidence} is outside (0, 1),
     *     or the statistic returns NaN or an infinite value
     */
    public static Interval percentile(int n, ToDoubleFunction<int[]> statistic, int resamples, long seed, double confidence) {
        if (n < 2) {
            throw new IllegalArgumentException("a bootstrap needs at least 2 items, got " + n);
        }
        if (resamples < 100) {
            throw new IllegalArgumentException("use at least 100 resamples (the course uses " + RESAMPLES + "), got " + resamples);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), e.g. 0.95; got " + confidence);
        }
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        double estimate = finite(statistic.applyAsDouble(all), "on all items");
        Random random = new Random(seed);
        double[] replicates = new double[resamples];
        int[] idx = new int[n];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < n; i++) {
                idx[i] = random.nextInt(n);
            }
            replicates[r] = finite(statistic.applyAsDouble(idx), "on resample " + r);
        }
        Arrays.sort(replicates);
        double tail = (1 - confidence) / 2;
        return new Interval(estimate, quantile(replicates, tail), quantile(replicates, 1 - tail), confidence, resamples);
    }

    /** The {@code p}-quantile of sorted values, interpolating linearly between order statistics (Hyndman–Fan type 7). */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    private static double finite(double v, String where) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("the statistic is " + v + " " + where + "; it must be a finite number");
        }
        return v;
    }
}
