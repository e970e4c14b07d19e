package org.distill4j.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BootstrapTest {

    /** n values of 1 (correct) and 0 (wrong), a fraction {@code p} of them 1, in a scrambled order. */
    private static double[] correctness(int n, double p, long seed) {
        double[] v = new double[n];
        int ones = (int) Math.round(n * p);
        for (int i = 0; i < ones; i++) {
            v[i] = 1;
        }
        Random r = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            double t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return v;
    }

    /** The 95 % interval of the mean of {@code values}. */
    private static Bootstrap.Interval mean(double[] values, int resamples, long seed) {
        return Bootstrap.percentile(values.length, idx -> {
            double s = 0;
            for (int i : idx) {
                s += values[i];
            }
            return s / idx.length;
        }, resamples, seed);
    }

    private static double width(Bootstrap.Interval i) {
        return i.high() - i.low();
    }

    @Test
    void theIntervalOfAMeanContainsTheEstimateWhichIsTheMean() {
        double[] v = correctness(2000, 0.85, 1);
        Bootstrap.Interval i = mean(v, 1000, 42);
        assertEquals(0.85, i.estimate(), 1e-12);
        assertTrue(i.contains(i.estimate()), i.toString());
        assertTrue(i.low() < 0.85 && i.high() > 0.85, i.toString());
    }

    @Test
    void theWidthMatchesTheNormalApproximationAndShrinksLikeOneOverRootN() {
        // An accuracy of 0.85 on n items: standard error √(0.85·0.15/n); a 95 % interval about 3.92 of them wide.
        for (int n : new int[] {400, 10_000}) {
            double expected = 2 * 1.96 * Math.sqrt(0.85 * 0.15 / n);
            Bootstrap.Interval i = mean(correctness(n, 0.85, n), 2000, 7);
            assertEquals(expected, width(i), 0.12 * expected, "n = " + n + ": " + i);
        }
        double small = width(mean(correctness(400, 0.85, 3), 1000, 7));
        double large = width(mean(correctness(10_000, 0.85, 3), 1000, 7));
        assertTrue(large < small / 3, small + " vs " + large); // √(10000/400) = 5
    }

    @Test
    void theSeedFixesTheInterval() {
        double[] v = correctness(500, 0.8, 2);
        Bootstrap.Interval a = mean(v, 500, 11);
        Bootstrap.Interval b = mean(v, 500, 11);
        Bootstrap.Interval c = mean(v, 500, 12);
        assertEquals(a, b);
        assertNotEquals(a.low() + " " + a.high(), c.low() + " " + c.high());
    }

    @Test
    void anyStatisticOfTheResampledItems() {
        // The maximum of 0..99: the estimate is 99 and no resample can exceed it.
        double[] v = new double[100];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        Bootstrap.Interval i = Bootstrap.percentile(v.length, idx -> {
            double m = Double.NEGATIVE_INFINITY;
            for (int k : idx) {
                m = Math.max(m, v[k]);
            }
            return m;
        }, 1000, 5);
        assertEquals(99, i.estimate());
        assertEquals(99, i.high());
        assertTrue(i.low() >= 90 && i.low() < 99, i.toString());
    }

    @Test
    void quantilesInterpolateBetweenOrderStatistics() {
        double[] sorted = {1, 2, 3, 4};
        assertEquals(2.5, Bootstrap.quantile(sorted, 0.5), 1e-12);
        assertEquals(1.75, Bootstrap.quantile(sorted, 0.25), 1e-12);
        assertEquals(1, Bootstrap.quantile(sorted, 0), 1e-12);
        assertEquals(4, Bootstrap.quantile(sorted, 1), 1e-12);
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> mean(new double[] {1}, 1000, 1));
        assertThrows(IllegalArgumentException.class, () -> mean(new double[] {1, 2}, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> mean(new double[] {1, Double.NaN}, 1000, 1));
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.percentile(10, idx -> Double.NaN, 1000, 1));
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.percentile(10, idx -> 0, 1000, 1, 1.5));
    }
}
