package org.distill4j.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Accuracy, agreement with a teacher, and the confusion matrix on hand-made logits. */
class ClassificationMetricsTest {

    // Predictions: 0, 1, 2, 1.  Labels: 0, 1, 1, 2.
    private static NDArray logits(NDManager m) {
        return m.create(new float[] {5, 1, 0, 0, 3, 1, 0, 1, 2, 0, 9, 1}, new Shape(4, 3));
    }

    @Test
    void accuracyCountsArgMaxMatches() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(0.5, Accuracy.of(logits(m), m.create(new int[] {0, 1, 1, 2})), 1e-12);
            assertEquals(0.5, Accuracy.of(logits(m), m.create(new long[] {0, 1, 1, 2})), 1e-12);
            assertArrayEquals(new int[] {0, 1, 2, 1}, Accuracy.predictions(logits(m)));
        }
    }

    @Test
    void agreementIsTopOneMatchRightOrWrong() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray teacher = m.create(new float[] {1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0}, new Shape(4, 3)); // 0, 1, 0, 1
            assertEquals(0.75, Agreement.top1(logits(m), teacher), 1e-12);
            assertEquals(1.0, Agreement.top1(teacher, teacher), 1e-12);
        }
    }

    @Test
    void meanKlIsTeacherToStudentAndZeroForIdenticalLogits() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray student = m.create(new float[] {1f, 2f, 0.5f, 0f, 0f, 0f}, new Shape(2, 3));
            NDArray teacher = m.create(new float[] {3f, 1f, 0.2f, 0f, 0f, 0f}, new Shape(2, 3));
            assertEquals(0.4144539333471821, Agreement.meanKl(student, teacher), 1e-6);
            assertEquals(0, Agreement.meanKl(teacher, teacher), 1e-12);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Agreement.top1(student, m.zeros(new Shape(3, 3))));
            assertTrue(e.getMessage().contains("shapes differ"), e.getMessage());
        }
    }

    @Test
    void klOfOneRowIsComputedByHandAndTheTemperatureDividesTheLogits() {
        // Teacher logits (ln 3, 0): p = (3/4, 1/4). Student (0, 0): q = (1/2, 1/2).
        // KL(p || q) = 3/4 ln(3/2) + 1/4 ln(1/2). At T = 2 the teacher's logits halve: p = (√3, 1) / (√3 + 1).
        float ln3 = (float) Math.log(3);
        assertEquals(0.75 * Math.log(1.5) + 0.25 * Math.log(0.5),
                SoftmaxRows.kl(new float[] {ln3, 0f}, new float[] {0f, 0f}, 1), 1e-7);
        double p = Math.sqrt(3) / (Math.sqrt(3) + 1);
        assertEquals(p * Math.log(2 * p) + (1 - p) * Math.log(2 * (1 - p)),
                SoftmaxRows.kl(new float[] {ln3, 0f}, new float[] {0f, 0f}, 2), 1e-7);
    }

    @Test
    void metricsRejectABadTemperatureWithTheCoursesOneMessage() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.zeros(new Shape(2, 3));
            NDArray y = m.create(new int[] {0, 1});
            for (double t : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
                var kl = assertThrows(IllegalArgumentException.class, () -> Agreement.meanKl(z, z, t));
                assertTrue(kl.getMessage().contains("temperature must be a positive number"), kl.getMessage());
                var nll = assertThrows(IllegalArgumentException.class, () -> Calibration.negativeLogLikelihood(z, y, t));
                assertEquals(kl.getMessage(), nll.getMessage(), "one check, one message");
            }
        }
    }

    @Test
    void confusionMatrixPutsActualInRowsAndPredictedInColumns() {
        try (NDManager m = NDManager.newBaseManager()) {
            ConfusionMatrix cm = ConfusionMatrix.of(logits(m), m.create(new int[] {0, 1, 1, 2}));
            assertArrayEquals(new int[][] {{1, 0, 0}, {0, 1, 1}, {0, 1, 0}}, cm.counts());
            assertEquals(4, cm.total());
            assertEquals(0.5, cm.accuracy(), 1e-12);
            assertEquals(0.5, cm.recall(1), 1e-12);
        }
    }
}
