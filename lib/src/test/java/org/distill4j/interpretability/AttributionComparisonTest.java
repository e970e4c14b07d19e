package org.distill4j.interpretability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AttributionComparisonTest {

    @Test
    void spearmanIsOneForTheSameOrderAndMinusOneForTheReverseWhateverTheScale() {
        float[] a = {0.1f, 0.4f, 0.2f, 0.9f};
        assertEquals(1.0, AttributionComparison.spearman(a, new float[] {10f, 400f, 30f, 1000f}), 1e-12);
        assertEquals(-1.0, AttributionComparison.spearman(a, new float[] {4f, 2f, 3f, 1f}), 1e-12);
    }

    @Test
    void tiedValuesShareTheirAverageRank() {
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, AttributionComparison.averageRanks(new float[] {5, 7, 7, 9}));
        // Ranks (1.5, 1.5, 3, 4) against (1, 2, 3, 4): Pearson = 4.5 / sqrt(4.5 · 5) = 0.948683.
        // Ordinal ranks would give 1, the no-ties shortcut 1 - 6·0.5/60 = 0.95: both wrong.
        double rho = AttributionComparison.spearman(new float[] {1, 1, 2, 3}, new float[] {1, 2, 3, 4});
        assertEquals(4.5 / Math.sqrt(22.5), rho, 1e-9);
    }

    @Test
    void tiesInBothMapsAreAveragedInBoth() {
        // a = (3, 1, 3, 2): ranks (3.5, 1, 3.5, 2); b = (1, 1, 2, 2): ranks (1.5, 1.5, 3.5, 3.5); mean rank 2.5.
        // Deviations (1, −1.5, 1, −0.5) and (−1, −1, 1, 1): cov 1, sums of squares 4.5 and 4, ρ = 1 / √18.
        assertArrayEquals(new double[] {1.5, 1.5, 3.5, 3.5}, AttributionComparison.averageRanks(new float[] {1, 1, 2, 2}));
        assertEquals(1 / Math.sqrt(18), AttributionComparison.spearman(new float[] {3, 1, 3, 2},
                new float[] {1, 1, 2, 2}), 1e-12);
        var e = assertThrows(IllegalArgumentException.class,
                () -> AttributionComparison.spearman(new float[] {1, Float.NaN}, new float[] {1, 2}));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void spearmanOfAConstantMapIsUndefined() {
        assertTrue(Double.isNaN(AttributionComparison.spearman(new float[] {2, 2, 2}, new float[] {1, 2, 3})));
        assertThrows(IllegalArgumentException.class,
                () -> AttributionComparison.spearman(new float[] {1, 2}, new float[] {1, 2, 3}));
    }

    @Test
    void topKOverlapComparesTheLargestAbsoluteValues() {
        float[] a = {5f, -9f, 1f, 0f, 3f};      // by |value|: pixels 1, 0, 4, ...
        float[] b = {0.1f, 9f, -8f, 1f, 0f};    // by |value|: pixels 1, 2, 3, ...
        assertArrayEquals(new int[] {1, 0}, AttributionComparison.topK(a, 2));
        assertEquals(0.5, AttributionComparison.topKOverlap(a, b, 2), 0);   // signed values would share nothing
        assertEquals(1.0 / 3, AttributionComparison.topKOverlap(a, b, 3), 1e-12);
        assertEquals(1.0, AttributionComparison.topKOverlap(a, b, 5), 0);
        assertEquals(1.0, AttributionComparison.topKOverlap(a, a, 1), 0);
        assertThrows(IllegalArgumentException.class, () -> AttributionComparison.topKOverlap(a, b, 0));
        assertThrows(IllegalArgumentException.class, () -> AttributionComparison.topKOverlap(a, b, 6));
    }

    @Test
    void agreementIsAveragedWithinEachClass() {
        float[][] teacher = {{1, 2, 3}, {1, 2, 3}, {1, 2, 3}, {3, 2, 1}};
        float[][] student = {{1, 2, 3}, {3, 2, 1}, {2, 3, 4}, {3, 2, 1}};
        int[] labels = {0, 0, 1, 1};
        double[] perClass = AttributionComparison.meanByClass(teacher, student, labels, 3,
                AttributionComparison::spearman);
        assertEquals(0.0, perClass[0], 1e-12);   // (1 + -1) / 2
        assertEquals(1.0, perClass[1], 1e-12);   // (1 + 1) / 2
        assertTrue(Double.isNaN(perClass[2]), "class 2 has no image");
        assertThrows(IllegalArgumentException.class, () -> AttributionComparison.meanByClass(teacher, student,
                new int[] {0, 0, 1, 3}, 3, AttributionComparison::spearman));
    }
}
