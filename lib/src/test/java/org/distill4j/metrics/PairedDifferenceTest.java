package org.distill4j.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PairedDifferenceTest {

    /** Half the interval's width, \(t \, s / \sqrt{n}\). */
    private static double halfWidth(PairedDifference d) {
        return (d.high() - d.low()) / 2;
    }

    @Test
    void tQuantilesMatchTheTables() {
        // Two-sided 95 %: t(4) = 2.776, t(9) = 2.262, t(29) = 2.045; 99 % with 4 df: 4.604.
        assertEquals(2.776, PairedDifference.tQuantile(4, 0.95), 5e-4);
        assertEquals(2.262, PairedDifference.tQuantile(9, 0.95), 5e-4);
        assertEquals(2.045, PairedDifference.tQuantile(29, 0.95), 5e-4);
        assertEquals(4.604, PairedDifference.tQuantile(4, 0.99), 5e-4);
    }

    @Test
    void fiveAccuracyPairsGiveTheIntervalComputedByHand() {
        double[] distilled = {0.86, 0.85, 0.87, 0.84, 0.88};
        double[] scratch = {0.85, 0.845, 0.85, 0.835, 0.86};
        // d = 0.010, 0.005, 0.020, 0.005, 0.020; mean 0.012; squared deviations 4, 49, 64, 49, 64 (×1e-6) sum to
        // 230e-6, so s² = 57.5e-6, s = 0.0075829, s/√5 = 0.0033912; half width 2.776 × 0.0033912 = 0.009414.
        PairedDifference d = PairedDifference.of(distilled, scratch);
        assertEquals(5, d.n());
        assertEquals(0.012, d.mean(), 1e-12);
        assertEquals(0.0075829, d.standardDeviation(), 1e-7);
        assertEquals(0.009414, halfWidth(d), 5e-6);
        assertEquals(0.002586, d.low(), 5e-6);
        assertEquals(0.021414, d.high(), 5e-6);
        assertTrue(d.excludesZero());
        assertEquals(PairedDifference.Verdict.A_HIGHER, d.verdict());
        assertArrayEquals(new double[] {0.01, 0.005, 0.02, 0.005, 0.02}, d.differences(), 1e-12);
        assertTrue(d.inPoints().startsWith("+1.20 points, 95 % CI [+0.26, +2.14] (n = 5): interval excludes 0"),
                d.inPoints());
    }

    @Test
    void integersOneToFive() {
        // mean 3, s = √2.5 = 1.5811, s/√5 = 0.70711, half width 2.776 × 0.70711 = 1.963
        PairedDifference d = PairedDifference.ofDifferences(new double[] {1, 2, 3, 4, 5}, 0.95);
        assertEquals(3, d.mean(), 1e-12);
        assertEquals(1.037, d.low(), 1e-3);
        assertEquals(4.963, d.high(), 1e-3);
    }

    @Test
    void anIntervalAcrossZeroIsNoDetectableDifference() {
        PairedDifference d = PairedDifference.of(new double[] {0.80, 0.82, 0.81, 0.83, 0.80},
                new double[] {0.81, 0.81, 0.82, 0.82, 0.80});
        // d = -0.01, 0.01, -0.01, 0.01, 0: mean 0
        assertFalse(d.excludesZero());
        assertEquals(PairedDifference.Verdict.NO_DETECTABLE_DIFFERENCE, d.verdict());
        assertTrue(d.toString().endsWith("no detectable difference"), d.toString());
        assertTrue(d.within(0.02), "the interval ±0.0124 lies within ±0.02");
        assertFalse(d.within(0.01));
    }

    @Test
    void swappingTheArmsMirrorsTheInterval() {
        double[] a = {0.80, 0.79, 0.81, 0.78, 0.80};
        double[] b = {0.83, 0.83, 0.84, 0.82, 0.84};
        PairedDifference ab = PairedDifference.of(a, b);
        PairedDifference ba = PairedDifference.of(b, a);
        assertEquals(PairedDifference.Verdict.B_HIGHER, ab.verdict());
        assertEquals(PairedDifference.Verdict.A_HIGHER, ba.verdict());
        assertEquals(-ab.low(), ba.high(), 1e-12);
        assertEquals(-ab.high(), ba.low(), 1e-12);
    }

    @Test
    void moreSeedsWithTheSameSpreadGiveANarrowerInterval() {
        double[] five = {0.01, -0.01, 0.02, 0.0, 0.015};
        double[] ten = {0.01, -0.01, 0.02, 0.0, 0.015, 0.01, -0.01, 0.02, 0.0, 0.015};
        assertTrue(halfWidth(PairedDifference.ofDifferences(ten, 0.95)) < halfWidth(PairedDifference.ofDifferences(five, 0.95)));
        assertTrue(halfWidth(PairedDifference.ofDifferences(five, 0.99)) > halfWidth(PairedDifference.ofDifferences(five, 0.95)));
    }

    @Test
    void badInputIsRefusedWithAReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PairedDifference.of(new double[] {1, 2, 3}, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("3 and 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PairedDifference.of(new double[] {1}, new double[] {0}));
        assertThrows(IllegalArgumentException.class, () -> PairedDifference.of(new double[] {1, Double.NaN}, new double[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> PairedDifference.ofDifferences(new double[] {1, 2}, 1.0));
        assertThrows(IllegalArgumentException.class, () -> PairedDifference.ofDifferences(new double[] {1, 2}, 0));
    }
}
