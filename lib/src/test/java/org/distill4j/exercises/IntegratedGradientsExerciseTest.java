package org.distill4j.exercises;

import static org.distill4j.exercises.Verdicts.assertMistake;
import static org.distill4j.exercises.Verdicts.assertNotImplemented;
import static org.distill4j.exercises.Verdicts.assertPassed;

import org.junit.jupiter.api.Test;

/** The Integrated Gradients checks pass correct code and name each common mistake. */
class IntegratedGradientsExerciseTest {

    /** Gradients at α_k = (k + offset) / m, k = 0..m-1: averaged (or summed), times (x − x') (or not). */
    static float[] path(float[] x, float[] b, int m, IntegratedGradientsExercise.Gradient g, double offset, boolean times,
            boolean mean) {
        float[] sum = new float[x.length];
        for (int k = 0; k < m; k++) {
            double a = (k + offset) / m;
            float[] p = new float[x.length];
            for (int j = 0; j < x.length; j++) {
                p[j] = (float) (b[j] + a * (x[j] - b[j]));
            }
            float[] grad = g.at(p);
            for (int j = 0; j < x.length; j++) {
                sum[j] += grad[j];
            }
        }
        for (int j = 0; j < x.length; j++) {
            sum[j] = (mean ? sum[j] / m : sum[j]) * (times ? x[j] - b[j] : 1);
        }
        return sum;
    }

    @Test
    void midpointRulePasses() {
        assertPassed(IntegratedGradientsExercise.check((x, b, m, g) -> path(x, b, m, g, 0.5, true, true)));
    }

    @Test
    void rightRiemannSumAsInThePaperPasses() {
        assertPassed(IntegratedGradientsExercise.check((x, b, m, g) -> path(x, b, m, g, 1, true, true)));
    }

    @Test
    void shippedTodoSaysNotImplementedYet() {
        assertNotImplemented(IntegratedGradientsExercise.check((x, b, m, g) -> {
            throw new UnsupportedOperationException("not implemented yet");
        }));
    }

    @Test
    void missingInputMinusBaselineFactorIsReported() {
        assertMistake(IntegratedGradientsExercise.check((x, b, m, g) -> path(x, b, m, g, 0.5, false, true)),
                "without the (x − baseline) factor");
    }

    @Test
    void sumInsteadOfMeanIsReported() {
        assertMistake(IntegratedGradientsExercise.check((x, b, m, g) -> path(x, b, m, g, 0.5, true, false)),
                "times too large: average the gradients");
    }

    @Test
    void multiplyingByXInsteadOfXMinusBaselineIsReported() {
        assertMistake(IntegratedGradientsExercise.check((x, b, m, g) -> {
            float[] a = path(x, b, m, g, 0.5, false, true);
            for (int j = 0; j < a.length; j++) {
                a[j] *= x[j];
            }
            return a;
        }), "you multiplied by x, not by (x − baseline)");
    }

    @Test
    void gradientAtInputOnlyIsReported() {
        assertMistake(IntegratedGradientsExercise.check((x, b, m, g) -> {
            float[] grad = g.at(x);
            float[] a = new float[x.length];
            for (int j = 0; j < a.length; j++) {
                a[j] = grad[j] * (x[j] - b[j]);
            }
            return a;
        }), "you used only the gradient at x");
    }

    @Test
    void pathThatNeverMovesIsReported() {
        assertMistake(IntegratedGradientsExercise.check((x, b, m, g) -> baselineOnly(x, b, g)),
                "only the gradient at the baseline");
    }

    static float[] baselineOnly(float[] x, float[] b, IntegratedGradientsExercise.Gradient g) {
        float[] grad = g.at(b);
        float[] a = new float[x.length];
        for (int j = 0; j < a.length; j++) {
            a[j] = grad[j] * (x[j] - b[j]);
        }
        return a;
    }

    @Test
    void pathPointsWrittenIntoTheInputAreReported() {
        assertMistake(IntegratedGradientsExercise.check((x, b, m, g) -> {
            float[] a = path(x, b, m, g, 0.5, true, true);
            b[0] = x[0];
            return a;
        }), "changed the input or the baseline");
    }

    @Test
    void correctCompletenessGapPasses() {
        assertPassed(IntegratedGradientsExercise.checkCompleteness((a, fx, fb) -> {
            double sum = 0;
            for (float v : a) {
                sum += v;
            }
            return Math.abs(sum - (fx - fb)) / Math.abs(fx - fb);
        }));
    }

    @Test
    void completenessAgainstScoreInsteadOfScoreChangeIsReported() {
        assertMistake(IntegratedGradientsExercise.checkCompleteness((a, fx, fb) -> {
            double sum = 0;
            for (float v : a) {
                sum += v;
            }
            return Math.abs(sum - fx) / Math.abs(fx);
        }), "not with z(x) alone");
    }

    @Test
    void absoluteInsteadOfRelativeGapIsReported() {
        assertMistake(IntegratedGradientsExercise.checkCompleteness((a, fx, fb) -> {
            double sum = 0;
            for (float v : a) {
                sum += v;
            }
            return Math.abs(sum - (fx - fb));
        }), "to make it relative");
    }

    @Test
    void signedGapIsReported() {
        assertMistake(IntegratedGradientsExercise.checkCompleteness((a, fx, fb) -> {
            double sum = 0;
            for (float v : a) {
                sum += v;
            }
            return (sum - (fx - fb)) / (fx - fb);
        }), "take absolute values");
    }
}
