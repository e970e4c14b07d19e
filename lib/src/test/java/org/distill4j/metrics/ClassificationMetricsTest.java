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
    void confusionMatrixPutsActualInRowsAndPredictedInColumns() {
        try (NDManager m = NDManager.newBaseManager()) {
            ConfusionMatrix cm = ConfusionMatrix.of(logits(m), m.create(new int[] {0, 1, 1, 2}));
            assertEquals(1, cm.count(0, 0));
            assertEquals(1, cm.count(1, 1));
            assertEquals(1, cm.count(1, 2));
            assertEquals(1, cm.count(2, 1));
            assertEquals(4, cm.total());
            assertEquals(0.5, cm.accuracy(), 1e-12);
            assertEquals(0.5, cm.recall(1), 1e-12);
            assertEquals(0.5, cm.precision(1), 1e-12);
            assertEquals(4, cm.toTable(List.of("a", "b", "c")).columnCount());
        }
    }
}
