package org.distill4j.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.distill4j.distillation.DistillationLoss;
import org.junit.jupiter.api.Test;

class HintLossTest {

    @Test
    void hintTermIsTheMeanSquaredDifferenceOverExamplesAndUnits() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray regressed = m.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
            NDArray teacher = m.create(new float[] {0, 2, 3, 6}, new Shape(2, 2));
            // differences 1, 0, 0, -2: squares 1, 0, 0, 4, mean 5 / 4
            assertEquals(1.25f, HintLoss.hintTerm(regressed, teacher).getFloat(), 1e-6f);
        }
    }

    @Test
    void withZeroHintWeightItIsExactlyTheDistillationLoss() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray student = m.randomNormal(new Shape(5, 10));
            NDArray teacher = m.randomNormal(new Shape(5, 10));
            NDArray hard = m.create(new int[] {0, 3, 9, 2, 2});
            NDArray hint = m.randomNormal(new Shape(5, 7));
            NDArray regressed = m.randomNormal(new Shape(5, 7));
            float kd = new DistillationLoss(3, 0.7f).evaluate(new NDList(hard, teacher), new NDList(student)).getFloat();
            float withHint = new HintLoss(3, 0.7f, 0).evaluate(new NDList(hard, teacher, hint),
                    new NDList(student, regressed)).getFloat();
            assertEquals(kd, withHint, 0f);
        }
    }

    @Test
    void hintWeightAddsBetaTimesTheHintTerm() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray student = m.randomNormal(new Shape(2, 3));
            NDArray teacher = m.randomNormal(new Shape(2, 3));
            NDArray hard = m.create(new int[] {1, 2});
            NDArray regressed = m.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
            NDArray hint = m.create(new float[] {0, 2, 3, 6}, new Shape(2, 2));
            float kd = new DistillationLoss(2, 0.5f).evaluate(new NDList(hard, teacher), new NDList(student)).getFloat();
            float total = new HintLoss(2, 0.5f, 3f).evaluate(new NDList(hard, teacher, hint),
                    new NDList(student, regressed)).getFloat();
            assertEquals(kd + 3 * 1.25f, total, 1e-5f);
        }
    }

    @Test
    void gradientReachesTheRegressedStudentLayerButNotTheTeacherHint() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray regressed = m.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
            NDArray hint = m.create(new float[] {0, 2, 3, 6}, new Shape(2, 2));
            regressed.setRequiresGradient(true);
            hint.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray term = HintLoss.hintTerm(regressed, hint).mul(m.full(new Shape(), 2f));
                collector.backward(term);
            }
            // d/dr of 2 · mean((r - u)²) = 2 · 2 (r - u) / 4 = r - u
            assertArrayEquals(new float[] {1, 0, 0, -2}, regressed.getGradient().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0, 0, 0, 0}, hint.getGradient().toFloatArray(), 0f);
        }
    }

    @Test
    void rejectsMismatchedShapesAndBadWeights() {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HintLoss.hintTerm(m.zeros(new Shape(2, 3)), m.zeros(new Shape(2, 4))));
            assertEquals(true, e.getMessage().contains("regressor"));
        }
        assertThrows(IllegalArgumentException.class, () -> new HintLoss(2, 0.5f, -1));
        assertThrows(IllegalArgumentException.class, () -> new HintLoss(2, 0.5f, Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> new HintLoss(0, 0.5f, 1));
    }
}
