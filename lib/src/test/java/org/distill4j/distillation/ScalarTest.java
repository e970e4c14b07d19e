package org.distill4j.distillation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.distill4j.exercises.DistillationStepExercise;
import org.distill4j.features.HintLoss;
import org.junit.jupiter.api.Test;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

/**
 * DJL's scalar-operand hazard (see {@link Scalar}): reproduced with a plain Java number, and shown absent from every
 * loss the library differentiates — each objective of the training loop, the hint loss, and the exercises' reference
 * solution — by computing each gradient twice, once with a garbage collection (and fresh native allocations that
 * reuse freed memory) between the forward and the backward pass.
 */
class ScalarTest {

    /** Frees what the garbage collector may free, then overwrites freed native memory. */
    private static void collectGarbage() {
        System.gc();
        List<ByteBuffer> junk = new ArrayList<>();
        for (int k = 0; k < 200; k++) {
            ByteBuffer b = ByteBuffer.allocateDirect(64);
            while (b.hasRemaining()) {
                b.put((byte) 0x7f);
            }
            junk.add(b);
        }
    }

    /** d loss / d x, with or without a garbage collection between forward and backward. */
    private static float[] gradient(NDManager m, float[] values, Shape shape, Function<NDArray, NDArray> loss,
                                    boolean collect) {
        NDArray x = m.create(values, shape);
        x.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray l = loss.apply(x);
            if (collect) {
                collectGarbage();
            }
            gc.backward(l);
        }
        return x.getGradient().toFloatArray();
    }

    private static void assertSurvivesGarbageCollection(String what, Function<NDArray, NDArray> loss) {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] values = {1f, 2f, 0.5f, -1f, 0f, 3f, 0.2f, -0.4f, 1.5f, 2.5f, -2f, 0.1f};
            Shape shape = new Shape(4, 3);
            float[] quiet = gradient(m, values, shape, loss, false);
            for (int i = 0; i < 10; i++) {
                assertArrayEquals(quiet, gradient(m, values, shape, loss, true), 1e-6f,
                        what + ": the gradient changed after a garbage collection (attempt " + i + ")");
            }
            float norm = 0;
            for (float g : quiet) {
                norm += g * g;
            }
            assertTrue(norm > 0, what + ": a gradient of zero would prove nothing");
        }
    }

    @Test
    void aPlainJavaNumberInADifferentiatedProductGivesGarbageGradientsAfterAGarbageCollection() {
        int wrong = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            for (int i = 0; i < 50; i++) {
                float[] g = gradient(m, new float[64], new Shape(64), x -> x.mul(3f).sum(), true);
                for (float v : g) {
                    if (v != 3f) {
                        wrong++;
                        break;
                    }
                }
            }
        }
        assertTrue(wrong > 0, "DJL's scalar hazard did not reproduce in 50 tries: this DJL may have fixed it, and "
                + "Scalar may no longer be needed (check, then simplify)");
    }

    @Test
    void aScalarMadeByTheEngineKeepsTheGradientRight() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int i = 0; i < 20; i++) {
                float[] g = gradient(m, new float[64], new Shape(64), x -> x.mul(Scalar.of(x, 3)).sum(), true);
                for (float v : g) {
                    assertEquals(3f, v);
                }
            }
            NDArray like = m.zeros(new Shape(2), DataType.FLOAT64);
            NDArray s = Scalar.of(like, 0.25);
            assertEquals(new Shape(), s.getShape());
            assertEquals(DataType.FLOAT64, s.getDataType());
            assertEquals(0.25, s.getDouble());
        }
    }

    @Test
    void everyObjectivesLossSurvivesAGarbageCollection() {
        Map<String, Objective> objectives = Map.of("supervised", Objective.supervised(),
                "distillation", Objective.distillation(), "label smoothing", Objective.labelSmoothing(0.1f),
                "pseudo-labels", Objective.pseudoLabels(), "shuffled teacher", Objective.shuffledTeacher());
        objectives.forEach((name, objective) -> {
            Recipe recipe = Distiller.builder().objective(objective).temperature(4f).alpha(0.7f).build().recipe();
            assertSurvivesGarbageCollection(name, student -> {
                NDManager m = student.getManager();
                NDArray teacherLogits = m.create(new float[] {3, 1, 0.2f, -2, 5, 1, 0, 0, 1, 2, 2, -1}, new Shape(4, 3));
                NDArray labels = m.create(new int[] {0, 1, 2, 1});
                NDArray targets = objective.needsTeacherLogits(recipe) ? objective.targets(teacherLogits, recipe, 7L) : null;
                Objective.Batch batch = new Objective.Batch(m.zeros(new Shape(4, 2)), labels, targets, null);
                return objective.loss(batch, new NDList(student), recipe);
            });
        });
    }

    @Test
    void theHintLossAndTheExercisesReferenceSolutionSurviveAGarbageCollection() {
        assertSurvivesGarbageCollection("hint loss", student -> {
            NDManager m = student.getManager();
            NDArray teacherLogits = m.create(new float[] {3, 1, 0.2f, -2, 5, 1, 0, 0, 1, 2, 2, -1}, new Shape(4, 3));
            NDArray labels = m.create(new int[] {0, 1, 2, 1});
            NDArray hint = m.create(new float[] {1, 0, 0, 1, 1, 1, 0, 0, 0.5f, 0.5f, 1, 0}, new Shape(4, 3));
            return new HintLoss(4f, 0.7f, 0.5f).evaluate(new NDList(labels, teacherLogits, hint),
                    new NDList(student, student.mul(Scalar.of(student, 0.5))));
        });
        assertSurvivesGarbageCollection("DistillationStepExercise.kdLoss", student -> {
            NDManager m = student.getManager();
            NDArray teacherLogits = m.create(new float[] {3, 1, 0.2f, -2, 5, 1, 0, 0, 1, 2, 2, -1}, new Shape(4, 3));
            return DistillationStepExercise.kdLoss(student, teacherLogits, m.create(new int[] {0, 1, 2, 1}));
        });
    }
}
