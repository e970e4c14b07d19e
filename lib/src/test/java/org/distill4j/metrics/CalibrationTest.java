package org.distill4j.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibrationTest {

    @Test
    void eceOfAHandBuiltSetIsKnown() {
        // Two predictions at confidence 0.9, one right: bin (0.867, 0.933], accuracy 0.5, gap 0.4.
        // Two at confidence 0.5, both right: bin (0.467, 0.533], accuracy 1, gap 0.5.
        // ECE = 2/4 · 0.4 + 2/4 · 0.5 = 0.45.
        Calibration.Reliability r = Calibration.reliability(new double[] {0.9, 0.9, 0.5, 0.5},
                new boolean[] {true, false, true, true}, Calibration.BINS);
        assertEquals(0.45, r.expectedCalibrationError(), 1e-12);
        assertEquals(15, r.bins().size());
        Calibration.Bin high = r.bins().get(13);
        assertEquals(2, high.count());
        assertEquals(0.9, high.meanConfidence(), 1e-12);
        assertEquals(0.5, high.accuracy(), 1e-12);
        assertEquals(2, r.bins().get(7).count());
    }

    @Test
    void binsAreRightClosedWithFifteenEqualWidths() {
        // 1/15 belongs to the first bin (0, 1/15]; 1.0 to the last; 0 to the first.
        Calibration.Reliability r = Calibration.reliability(new double[] {1.0 / 15, 1.0, 0.0, 2.0 / 15 + 1e-9},
                new boolean[] {true, true, false, true}, 15);
        assertEquals(2, r.bins().get(0).count());
        assertEquals(1, r.bins().get(14).count());
        assertEquals(1, r.bins().get(2).count());
    }

    @Test
    void eceFromLogitsUsesTheTopClassProbability() {
        try (NDManager m = NDManager.newBaseManager()) {
            // softmax(log 0.9, log 0.1) = (0.9, 0.1): same set as the hand-built one.
            float a = (float) Math.log(0.9);
            float b = (float) Math.log(0.1);
            float c = (float) Math.log(0.5);
            NDArray logits = m.create(new float[] {a, b, a, b, c, c + 1e-6f, c + 1e-6f, c}, new Shape(4, 2));
            NDArray labels = m.create(new int[] {0, 1, 1, 0});
            assertEquals(0.45, Calibration.expectedCalibrationError(logits, labels), 1e-5);
        }
    }

    @Test
    void negativeLogLikelihoodMatchesHandComputedValue() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {1f, 2f, 0.5f, 0f, 0f, 0f}, new Shape(2, 3));
            assertEquals(1.2814905363880276, Calibration.negativeLogLikelihood(logits, m.create(new int[] {0, 2})), 1e-6);
        }
    }

    @Test
    void temperatureScalingRecoversAKnownTemperature() {
        // Labels drawn from softmax(z): z is calibrated. The model reports 2.5 · z: over-confident by T = 2.5.
        Random random = new Random(7);
        int n = 4000;
        int classes = 10;
        float[] shown = new float[n * classes];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double[] z = new double[classes];
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                z[c] = 2 * random.nextGaussian();
                sum += Math.exp(z[c]);
                shown[i * classes + c] = (float) (2.5 * z[c]);
            }
            double u = random.nextDouble() * sum;
            int y = 0;
            for (double acc = Math.exp(z[0]); acc < u && y < classes - 1; acc += Math.exp(z[++y])) {
                // walk the cumulative distribution
            }
            labels[i] = y;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(shown, new Shape(n, classes));
            NDArray y = m.create(labels);
            double t = Calibration.fitTemperature(logits, y);
            assertEquals(2.5, t, 0.15, "fitted T");
            assertTrue(Calibration.negativeLogLikelihood(logits, y, t) < Calibration.negativeLogLikelihood(logits, y));
            assertTrue(Calibration.expectedCalibrationError(logits.div(t), y)
                    < Calibration.expectedCalibrationError(logits, y) / 2);
        }
    }

    @Test
    void badInputsAreExplained() {
        assertThrows(IllegalArgumentException.class,
                () -> Calibration.reliability(new double[] {0.5}, new boolean[] {true, false}, 15));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Calibration.reliability(new double[] {1.5}, new boolean[] {true}, 15));
        assertTrue(e.getMessage().contains("not a probability"), e.getMessage());
        try (NDManager m = NDManager.newBaseManager()) {
            e = assertThrows(IllegalArgumentException.class, () -> Calibration.negativeLogLikelihood(
                    m.zeros(new Shape(2, 3)), m.create(new int[] {0, 5})));
            assertTrue(e.getMessage().contains("label 5 at row 1 is outside 0..2"), e.getMessage());
        }
    }

    @Test
    void handBuiltBinsAreCheckedSoAPercentageOrAWrongTotalIsCaught() {
        Calibration.Bin low = new Calibration.Bin(0, 0.5, 1, 0.4, 0.0);
        Calibration.Bin high = new Calibration.Bin(0.5, 1, 3, 0.8, 1.0);
        // ECE = 1/4 · |0 − 0.4| + 3/4 · |1 − 0.8| = 0.1 + 0.15
        assertEquals(0.25, new Calibration.Reliability(java.util.List.of(low, high), 4).expectedCalibrationError(),
                1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Calibration.Bin(0, 1, 5, 0.9, 90));
        assertTrue(e.getMessage().contains("not %"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Calibration.Bin(0.5, 0.5, 1, 0.5, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new Calibration.Bin(0, 0.5, -1, 0.2, 0.2));
        e = assertThrows(IllegalArgumentException.class,
                () -> new Calibration.Reliability(java.util.List.of(low, high), 5));
        assertTrue(e.getMessage().contains("4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Calibration.Reliability(java.util.List.of(), 0));
    }

    /** Two images with predicted distribution (0.7, 0.2, 0.1): the first labelled 0, the second 1. */
    private static NDArray seventyTwentyTen(NDManager m) {
        float[] row = {(float) Math.log(0.7), (float) Math.log(0.2), (float) Math.log(0.1)};
        return m.create(new float[] {row[0], row[1], row[2], row[0], row[1], row[2]}, new Shape(2, 3));
    }

    @Test
    void brierScoreNllAndEceOfAHandBuiltPairAreKnown() {
        // p = (0.7, 0.2, 0.1) for both images.
        // Brier, label 0: (0.7 − 1)² + 0.2² + 0.1² = 0.09 + 0.04 + 0.01 = 0.14
        // Brier, label 1: 0.7² + (0.2 − 1)² + 0.1² = 0.49 + 0.64 + 0.01 = 1.14; mean 0.64
        // NLL: −log 0.7 = 0.356675, −log 0.2 = 1.609438; mean 0.983056
        // ECE: both at confidence 0.7 in one bin, one right: |0.5 − 0.7| = 0.2
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = seventyTwentyTen(m);
            NDArray labels = m.create(new int[] {0, 1});
            assertEquals(0.64, Calibration.predictions(logits, labels).brierScore(), 1e-6);
            Calibration.Predictions p = Calibration.predictions(logits, labels);
            assertEquals(0.14, p.brier()[0], 1e-6);
            assertEquals(1.14, p.brier()[1], 1e-6);
            assertEquals(0.356675, p.nll()[0], 1e-6);
            assertEquals(1.609438, p.nll()[1], 1e-6);
            assertEquals(0.983056, p.negativeLogLikelihood(), 1e-6);
            assertEquals(Calibration.negativeLogLikelihood(logits, labels), p.negativeLogLikelihood(), 1e-9);
            assertEquals(0.2, p.expectedCalibrationError(), 1e-6);
            assertEquals(0.5, p.accuracy(), 0);
            assertEquals(0.7, p.meanConfidence(), 1e-6);
            assertEquals(0.64, Calibration.Measure.BRIER.of(p), 1e-6);
            // mean confidence 0.7 − accuracy 0.5
            assertEquals(0.2, p.overconfidence(), 1e-6);
            assertEquals(0.2, Calibration.Measure.OVERCONFIDENCE.of(p), 1e-6);
            assertEquals(0.7 - 1, p.overconfidence(new int[] {0}), 1e-6);   // right at 0.7: under-confident by 0.3
        }
    }

    @Test
    void brierScoreAtATemperatureUsesTheScaledDistribution() {
        // softmax(log p / 2) ∝ √p: √0.7, √0.2, √0.1 = 0.836660, 0.447214, 0.316228, sum 1.600102
        // → q = (0.522879, 0.279491, 0.197630); label 0: (q₀ − 1)² + q₁² + q₂² = 0.344817
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = seventyTwentyTen(m).get("0:1");
            NDArray labels = m.create(new int[] {0});
            assertEquals(0.344817, Calibration.predictions(logits, labels, 2).brierScore(), 1e-6);
            assertEquals(0.648404, Calibration.predictions(logits, labels, 2).negativeLogLikelihood(), 1e-6);
            assertEquals(Calibration.negativeLogLikelihood(logits, labels, 2),
                    Calibration.predictions(logits, labels, 2).negativeLogLikelihood(), 1e-9);
        }
    }

    @Test
    void brierScoreIsZeroWhenPerfectAndTwoWhenConfidentlyWrong() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {100f, 0f, 0f, 0f}, new Shape(2, 2));
            // row 0 puts all its mass on class 0, row 1 is uniform (0.5, 0.5): (0.5 − 1)² + 0.5² = 0.5
            Calibration.Predictions right = Calibration.predictions(logits, m.create(new int[] {0, 0}));
            assertEquals(0, right.brier()[0], 1e-9);
            assertEquals(0.5, right.brier()[1], 1e-9);
            Calibration.Predictions wrong = Calibration.predictions(logits.get("0:1"), m.create(new int[] {1}));
            assertEquals(2, wrong.brier()[0], 1e-9);   // (1 − 0)² + (0 − 1)²
        }
    }

    @Test
    void measuresOnChosenItemsCountRepeatsSoABootstrapCanResample() {
        try (NDManager m = NDManager.newBaseManager()) {
            Calibration.Predictions p = Calibration.predictions(seventyTwentyTen(m), m.create(new int[] {0, 1}));
            int[] firstTwiceSecondOnce = {0, 0, 1};
            assertEquals((0.14 + 0.14 + 1.14) / 3, p.brierScore(firstTwiceSecondOnce), 1e-6);
            assertEquals((2 * 0.356675 + 1.609438) / 3, p.negativeLogLikelihood(firstTwiceSecondOnce), 1e-6);
            // confidence 0.7 for all three, two of three right: |2/3 − 0.7|
            assertEquals(0.7 - 2.0 / 3, p.expectedCalibrationError(firstTwiceSecondOnce), 1e-6);
            assertEquals(0.14, Calibration.Measure.BRIER.of(p, new int[] {0}), 1e-6);
        }
    }

    @Test
    void bootstrapIntervalsHoldTheEstimateAndCollapseWhenEveryImageIsAlike() {
        try (NDManager m = NDManager.newBaseManager()) {
            Calibration.Predictions p = Calibration.predictions(seventyTwentyTen(m), m.create(new int[] {0, 1}));
            Calibration.Intervals i = p.intervals(200, 42);
            assertEquals(0.64, i.brier().estimate(), 1e-6);
            assertTrue(i.brier().low() >= 0.14 - 1e-6 && i.brier().high() <= 1.14 + 1e-6, i.brier().toString());
            assertTrue(i.nll().contains(i.nll().estimate()), i.nll().toString());
            assertEquals(0.2, i.ece().estimate(), 1e-6);
            // four identical, correctly labelled images: every resample is the same set
            NDArray same = seventyTwentyTen(m).get("0:1").repeat(0, 4);
            Calibration.Intervals flat = Calibration.predictions(same, m.create(new int[] {0, 0, 0, 0})).intervals(100, 1);
            assertEquals(flat.brier().low(), flat.brier().high(), 1e-9);
            assertEquals(0.14, flat.brier().low(), 1e-6);
            assertEquals(0.3, flat.ece().estimate(), 1e-6);   // confidence 0.7, accuracy 1
        }
    }

    @Test
    void predictionsRejectMismatchedArraysAndBadTemperatures() {
        assertThrows(IllegalArgumentException.class, () -> new Calibration.Predictions(new double[] {0.5},
                new boolean[] {true, false}, new double[] {0.1}, new double[] {0.1}));
        assertThrows(IllegalArgumentException.class, () -> new Calibration.Predictions(new double[0], new boolean[0],
                new double[0], new double[0]));
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class,
                    () -> Calibration.predictions(m.zeros(new Shape(1, 3)), m.create(new int[] {0}), 0));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Calibration.predictions(m.zeros(new Shape(1, 3)), m.create(new int[] {3})));
            assertTrue(e.getMessage().contains("outside 0..2"), e.getMessage());
        }
    }
}
