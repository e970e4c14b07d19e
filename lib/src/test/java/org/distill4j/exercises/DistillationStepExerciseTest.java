package org.distill4j.exercises;

import static org.distill4j.exercises.DistillationStepExercise.kdLoss;
import static org.distill4j.exercises.Verdicts.assertMistake;
import static org.distill4j.exercises.Verdicts.assertNotImplemented;
import static org.distill4j.exercises.Verdicts.assertPassed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import org.distill4j.models.Classifier;
import org.junit.jupiter.api.Test;

/** The distillation-step check passes a correct step and names each common mistake. */
class DistillationStepExerciseTest {

    static NDArray studentLogits(Trainer student, NDArray x) {
        return student.forward(new NDList(x)).singletonOrThrow();
    }

    /** What the learner should write: teacher first, outside the collector. */
    static NDArray correct(Classifier teacher, Trainer student, NDArray x, NDArray y) {
        NDArray zt = teacher.logits(x);
        NDArray loss;
        try (GradientCollector collector = student.newGradientCollector()) {
            loss = kdLoss(studentLogits(student, x), zt, y);
            collector.backward(loss);
        }
        student.step();
        return loss;
    }

    @Test
    void correctStepPasses() {
        assertPassed(DistillationStepExercise.check(DistillationStepExerciseTest::correct));
    }

    @Test
    void teacherInsideCollectorWithStopGradientPasses() {
        assertPassed(DistillationStepExercise.check((teacher, student, x, y) -> {
            NDArray loss;
            try (GradientCollector collector = student.newGradientCollector()) {
                loss = kdLoss(studentLogits(student, x), teacher.logits(x).stopGradient(), y);
                collector.backward(loss);
            }
            student.step();
            return loss;
        }));
    }

    @Test
    void shippedTodoSaysNotImplementedYet() {
        assertNotImplemented(DistillationStepExercise.check((teacher, student, x, y) -> {
            throw new UnsupportedOperationException("not implemented yet");
        }));
    }

    @Test
    void teacherGradientsNotStoppedAreReported() {
        assertMistake(DistillationStepExercise.check((teacher, student, x, y) -> {
            NDArray loss;
            try (GradientCollector collector = student.newGradientCollector()) {
                loss = kdLoss(studentLogits(student, x), teacher.logits(x), y);
                collector.backward(loss);
            }
            student.step();
            return loss;
        }), "teacher gradients were not stopped");
    }

    @Test
    void missingOptimizerStepIsReported() {
        assertMistake(DistillationStepExercise.check((teacher, student, x, y) -> {
            NDArray zt = teacher.logits(x);
            try (GradientCollector collector = student.newGradientCollector()) {
                NDArray loss = kdLoss(studentLogits(student, x), zt, y);
                collector.backward(loss);
                return loss;
            }
        }), "the student's weights did not change");
    }

    @Test
    void missingBackwardIsReported() {
        assertMistake(DistillationStepExercise.check((teacher, student, x, y) -> {
            NDArray zt = teacher.logits(x);
            NDArray loss;
            try (GradientCollector collector = student.newGradientCollector()) {
                loss = kdLoss(studentLogits(student, x), zt, y);
            }
            student.step();
            return loss;
        }), "call collector.backward(loss) inside the collector");
    }

    @Test
    void studentForwardOutsideCollectorIsReported() {
        assertMistake(DistillationStepExercise.check((teacher, student, x, y) -> {
            NDArray zt = teacher.logits(x);
            NDArray zs = studentLogits(student, x);
            NDArray loss;
            try (GradientCollector collector = student.newGradientCollector()) {
                loss = kdLoss(zs, zt, y);
                collector.backward(loss);
            }
            student.step();
            return loss;
        }), "inside the GradientCollector");
    }

    @Test
    void swappedLossArgumentsAreReported() {
        assertMistake(DistillationStepExercise.check((teacher, student, x, y) -> {
            NDArray zt = teacher.logits(x);
            NDArray loss;
            try (GradientCollector collector = student.newGradientCollector()) {
                loss = kdLoss(zt, studentLogits(student, x), y);
                collector.backward(loss);
            }
            student.step();
            return loss;
        }), "in that order");
    }

    @Test
    void lossAfterTheUpdateIsReported() {
        assertMistake(DistillationStepExercise.check((teacher, student, x, y) -> {
            correct(teacher, student, x, y);
            return kdLoss(studentLogits(student, x), teacher.logits(x), y);
        }), "return the loss computed in this step");
    }
}
