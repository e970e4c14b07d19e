package org.distill4j.metrics;

import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The difference between two methods run on the same seeds, with a Student-t confidence interval: the way the course
 * says "distillation beats training from scratch" only when the data support it.
 *
 * <p>Run {@code a} and {@code b} with seeds \(1 \ldots n\) (same data, same initial weights where they can be shared),
 * so that result \(i\) of each is a pair. With \(d_i = a_i - b_i\), the mean \(\bar d\), the sample standard deviation
 * \(s = \sqrt{\sum_i (d_i - \bar d)^2 / (n - 1)}\) and the t quantile \(t_{n-1,\,1-(1-c)/2}\) (2.776 for \(n = 5\),
 * \(c = 0.95\)), the interval is \(\bar d \pm t \, s / \sqrt{n}\) (Student, 1908; any statistics text, e.g. Wasserman,
 * <i>All of Statistics</i>, 2004, §10). Pairing removes what the seeds share (an easy initialisation helps both
 * arms), so the interval is narrower than one from two independent samples.
 *
 * <p>The interval assumes the differences are roughly normal; with 5 seeds that cannot be checked, so read it as a
 * yardstick, not a proof. It says nothing about other data sets or settings.
 *
 * <pre>{@code
 * PairedDifference gain = PairedDifference.of(distilled, scratch);   // accuracies, one per seed
 * System.out.println(gain);           // +1.37 points, 95 % CI [+0.12, +2.62] (n = 5): interval excludes 0
 * Claim.that(gain.excludesZero() && gain.mean() > 0, "the distilled student is better");
 * }</pre>
 *
 * @param differences \(a_i - b_i\), in seed order
 * @param mean \(\bar d\)
 * @param standardDeviation \(s\), the sample standard deviation of the differences
 * @param low lower end of the interval
 * @param high upper end of the interval
 * @param confidence the interval's level, e.g. 0.95
 */
public record PairedDifference(double[] differences, double mean, double standardDeviation, double low, double high,
        double confidence) {

    /** What an interval lets us say. */
    public enum Verdict {
        /** The whole interval is above 0: {@code a} is better (for a higher-is-better metric). */
        A_HIGHER("interval excludes 0: the first is higher"),
        /** The whole interval is below 0. */
        B_HIGHER("interval excludes 0: the second is higher"),
        /** The interval contains 0. */
        NO_DETECTABLE_DIFFERENCE("no detectable difference");

        private final String words;

        Verdict(String words) {
            this.words = words;
        }

        /** The verdict as the course writes it. */
        public String words() {
            return words;
        }
    }

    public PairedDifference {
        differences = differences.clone();
    }

    @Override
    public double[] differences() {
        return differences.clone();
    }

    /** The 95 % interval of the mean of {@code a[i] − b[i]}; see {@link #of(double[], double[], double)}. */
    public static PairedDifference of(double[] a, double[] b) {
        return of(a, b, 0.95);
    }

    /**
     * The mean of {@code a[i] − b[i]} with its two-sided Student-t interval at level {@code confidence}.
     *
     * @param a results of the first method, one per seed
     * @param b results of the second method on the same seeds, in the same order
     * @throws IllegalArgumentException if the lengths differ, there are fewer than 2 pairs, a value is NaN or
     *     infinite, or {@code confidence} is not in (0, 1)
     */
    public static PairedDifference of(double[] a, double[] b, double confidence) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired results need one a and one b per seed, got " + a.length + " and "
                    + b.length + " values");
        }
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i]) || !Double.isFinite(b[i])) {
                throw new IllegalArgumentException("pair " + i + " is (" + a[i] + ", " + b[i] + "): every result must be a finite number");
            }
            d[i] = a[i] - b[i];
        }
        return ofDifferences(d, confidence);
    }

    /**
     * The interval from the differences themselves.
     *
     * @throws IllegalArgumentException as {@link #of(double[], double[], double)}
     */
    public static PairedDifference ofDifferences(double[] differences, double confidence) {
        int n = differences.length;
        if (n < 2) {
            throw new IllegalArgumentException("an interval needs at least 2 paired results (seeds), got " + n
                    + "; the course uses 5");
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), e.g. 0.95; got " + confidence);
        }
        double sum = 0;
        for (double v : differences) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("differences must be finite numbers, got " + Arrays.toString(differences));
            }
            sum += v;
        }
        double mean = sum / n;
        double squares = 0;
        for (double v : differences) {
            squares += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(squares / (n - 1));
        double t = tQuantile(n - 1, confidence);
        double half = t * sd / Math.sqrt(n);
        return new PairedDifference(differences, mean, sd, mean - half, mean + half, confidence);
    }

    /** The two-sided t quantile \(t_{df,\,1-(1-c)/2}\): 2.776 for 4 degrees of freedom at 95 %. */
    public static double tQuantile(int degreesOfFreedom, double confidence) {
        return new TDistribution(null, degreesOfFreedom).inverseCumulativeProbability(1 - (1 - confidence) / 2);
    }

    /** Number of pairs (seeds). */
    public int n() {
        return differences.length;
    }

    /** True when the interval lies wholly above or wholly below 0. */
    public boolean excludesZero() {
        return low > 0 || high < 0;
    }

    /** What the interval lets us say; see {@link Verdict}. */
    public Verdict verdict() {
        return low > 0 ? Verdict.A_HIGHER : high < 0 ? Verdict.B_HIGHER : Verdict.NO_DETECTABLE_DIFFERENCE;
    }

    /**
     * True when the interval lies within {@code ±size}: any difference there may be is smaller than {@code size} (a
     * claim of "no difference larger than …", which a straddling interval alone does not make).
     */
    public boolean within(double size) {
        return low >= -size && high <= size;
    }

    /** e.g. {@code "+0.0137, 95 % CI [+0.0012, +0.0262] (n = 5): interval excludes 0: the first is higher"}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%+.4f, %.0f %% CI [%+.4f, %+.4f] (n = %d): %s", mean, confidence * 100, low,
                high, n(), verdict().words());
    }

    /** As {@link #toString()} with the values in percentage points (for accuracies given as fractions). */
    public String inPoints() {
        return String.format(Locale.ROOT, "%+.2f points, %.0f %% CI [%+.2f, %+.2f] (n = %d): %s", mean * 100,
                confidence * 100, low * 100, high * 100, n(), verdict().words());
    }
}
