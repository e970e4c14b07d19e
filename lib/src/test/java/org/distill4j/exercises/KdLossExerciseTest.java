package org.distill4j.exercises;

import static org.distill4j.exercises.Verdicts.assertMistake;
import static org.distill4j.exercises.Verdicts.assertNotImplemented;
import static org.distill4j.exercises.Verdicts.assertPassed;

import ai.djl.ndarray.NDArray;
import org.distill4j.distillation.SoftTargets;
import org.junit.jupiter.api.Test;

/** The KD-loss check passes the correct loss and names each common mistake. */
class KdLossExerciseTest {

    /** Per-example KL(softmax(a / ta) || softmax(b / tb)), [batch]. */
    static NDArray kl(NDArray a, float ta, NDArray b, float tb) {
        NDArray logP = SoftTargets.logSoftmax(a, ta);
        NDArray logQ = SoftTargets.logSoftmax(b, tb);
        return logP.exp().mul(logP.sub(logQ)).sum(new int[] {-1});
    }

    static NDArray hard(NDArray s, NDArray y, float t) {
        NDArray logp = SoftTargets.logSoftmax(s, t);
        return logp.mul(y.oneHot((int) s.getShape().get(1))).sum(new int[] {-1}).neg();
    }

    static NDArray mix(NDArray soft, NDArray hard, float alpha) {
        return soft.mul(alpha).add(hard.mul(1 - alpha));
    }

    /** What the learner should write. */
    static NDArray correct(NDArray s, NDArray t, NDArray y, float temp, float alpha) {
        return mix(kl(t, temp, s, temp).mean().mul(temp * temp), hard(s, y, 1f).mean(), alpha);
    }

    @Test
    void correctLossPasses() {
        assertPassed(KdLossExercise.check(KdLossExerciseTest::correct));
    }

    @Test
    void crossEntropyWithTeacherDetachedAndAlphaZeroShortcutStillPasses() {
        assertPassed(KdLossExercise.check((s, t, y, temp, alpha) -> {
            NDArray tt = t.stopGradient();
            return correct(s, tt, y, temp, alpha);
        }));
    }

    @Test
    void shippedTodoSaysNotImplementedYet() {
        assertNotImplemented(KdLossExercise.check((s, t, y, temp, alpha) -> {
            throw new UnsupportedOperationException("not implemented yet");
        }));
    }

    @Test
    void missingTSquaredIsReported() {
        assertMistake(KdLossExercise.check((s, t, y, temp, alpha) -> mix(kl(t, temp, s, temp).mean(), hard(s, y, 1f).mean(), alpha)),
                "the soft term is 1/T² too small: did you forget the T² factor?");
    }

    @Test
    void tInsteadOfTSquaredIsReported() {
        assertMistake(KdLossExercise.check((s, t, y, temp, alpha) -> mix(kl(t, temp, s, temp).mean().mul(temp),
                hard(s, y, 1f).mean(), alpha)), "multiply the KL by T², not by T");
    }

    @Test
    void reversedKlIsReported() {
        assertMistake(KdLossExercise.check((s, t, y, temp, alpha) -> mix(kl(s, temp, t, temp).mean().mul(temp * temp),
                hard(s, y, 1f).mean(), alpha)), "KL is reversed: the teacher's distribution goes first");
    }

    @Test
    void sumInsteadOfMeanIsReported() {
        assertMistake(KdLossExercise.check((s, t, y, temp, alpha) -> mix(kl(t, temp, s, temp).sum().mul(temp * temp),
                hard(s, y, 1f).sum(), alpha)), "take the mean over the batch, not the sum");
    }

    @Test
    void perExampleLossIsReported() {
        assertMistake(KdLossExercise.check((s, t, y, temp, alpha) -> mix(kl(t, temp, s, temp).mul(temp * temp),
                hard(s, y, 1f), alpha)), "One loss per example [batch] came back: take the mean over the batch");
    }

    @Test
    void hardTermAtTemperatureIsReported() {
        assertMistake(KdLossExercise.check((s, t, y, temp, alpha) -> mix(kl(t, temp, s, temp).mean().mul(temp * temp),
                hard(s, y, temp).mean(), alpha)), "the hard term uses T");
    }

    @Test
    void swappedAlphaIsReported() {
        assertMistake(KdLossExercise.check((s, t, y, temp, alpha) -> correct(s, t, y, temp, 1 - alpha)),
                "α and 1 - α are swapped");
    }

    @Test
    void unsoftenedStudentIsReported() {
        assertMistake(KdLossExercise.check((s, t, y, temp, alpha) -> mix(kl(t, temp, s, 1f).mean().mul(temp * temp),
                hard(s, y, 1f).mean(), alpha)), "only one of the two distributions is softened");
    }

    @Test
    void crossEntropyInsteadOfKlIsReported() {
        assertMistake(KdLossExercise.check((s, t, y, temp, alpha) -> {
            NDArray pt = SoftTargets.softmax(t, temp);
            NDArray ce = pt.mul(SoftTargets.logSoftmax(s, temp)).sum(new int[] {-1}).neg();
            return mix(ce.mean().mul(temp * temp), hard(s, y, 1f).mean(), alpha);
        }), "you computed the cross-entropy");
    }

    @Test
    void logOfSoftmaxIsReportedForLargeLogits() {
        assertMistake(KdLossExercise.check((s, t, y, temp, alpha) -> {
            NDArray pt = SoftTargets.softmax(t, temp);
            NDArray ps = SoftTargets.softmax(s, temp);
            NDArray soft = pt.mul(pt.log().sub(ps.log())).sum(new int[] {-1}).mean().mul(temp * temp);
            NDArray hardTerm = SoftTargets.softmax(s, 1f).log().mul(y.oneHot(3)).sum(new int[] {-1}).neg().mean();
            return mix(soft, hardTerm, alpha);
        }), "Use log-softmax");
    }

    @Test
    void detachedStudentIsReportedThroughItsGradient() {
        assertMistake(KdLossExercise.check((s, t, y, temp, alpha) -> correct(s.stopGradient(), t, y, temp, alpha)),
                "with respect to the student's logits");
    }

    @Test
    void roundTripThroughJavaArraysIsReportedThroughItsGradient() {
        assertMistake(KdLossExercise.check((s, t, y, temp, alpha) ->
                correct(s.getManager().create(s.toFloatArray(), s.getShape()), t, y, temp, alpha)),
                "with respect to the student's logits");
    }
}
