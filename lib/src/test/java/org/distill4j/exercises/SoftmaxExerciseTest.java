package org.distill4j.exercises;

import static org.distill4j.exercises.Verdicts.assertMistake;
import static org.distill4j.exercises.Verdicts.assertNotImplemented;
import static org.distill4j.exercises.Verdicts.assertPassed;

import org.junit.jupiter.api.Test;

/** The softmax check passes the correct softmax and names each common mistake. */
class SoftmaxExerciseTest {

    /** The stable softmax a learner should write (max-shifted, as {@link SourceBugsExercise#softmax} is). */
    static float[] correct(float[] z, float t) {
        double[] p = SourceBugsExercise.softmax(z, t);
        float[] q = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            q[i] = (float) p[i];
        }
        return q;
    }

    /** Textbook formula without the max subtraction. */
    static float[] naive(float[] z, float t) {
        double sum = 0;
        for (float v : z) {
            sum += Math.exp(v / t);
        }
        float[] q = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            q[i] = (float) (Math.exp(z[i] / t) / sum);
        }
        return q;
    }

    @Test
    void correctSoftmaxPasses() {
        assertPassed(SoftmaxExercise.check(SoftmaxExerciseTest::correct));
    }

    @Test
    void shippedTodoSaysNotImplementedYet() {
        assertNotImplemented(SoftmaxExercise.check((z, t) -> {
            throw new UnsupportedOperationException("not implemented yet");
        }));
    }

    @Test
    void missingMaxSubtractionIsReportedAsOverflow() {
        assertMistake(SoftmaxExercise.check(SoftmaxExerciseTest::naive),
                "your softmax overflows for logits of 1000: subtract the max first");
    }

    @Test
    void maxSubtractedOnlyForPositiveLogitsIsReportedAsUnderflow() {
        // subtracts max(0, max z): fine for large positive logits, 0/0 for large negative ones
        assertMistake(SoftmaxExercise.check((z, t) -> {
            float shift = 0;
            for (float v : z) {
                shift = Math.max(shift, v);
            }
            float[] shifted = new float[z.length];
            for (int i = 0; i < z.length; i++) {
                shifted[i] = z[i] - shift;
            }
            return naive(shifted, t);
        }), "underflows for logits of -1000: subtract the max first");
    }

    @Test
    void maxSubtractedBeforeDividingByTinyTemperatureStillPasses() {
        // (z - max z) / T is as stable as z / T - max(z / T)
        assertPassed(SoftmaxExercise.check((z, t) -> {
            float max = Float.NEGATIVE_INFINITY;
            for (float v : z) {
                max = Math.max(max, v);
            }
            float[] shifted = new float[z.length];
            for (int i = 0; i < z.length; i++) {
                shifted[i] = z[i] - max;
            }
            return naive(shifted, t);
        }));
    }

    @Test
    void ignoredTemperatureIsReported() {
        assertMistake(SoftmaxExercise.check((z, t) -> correct(z, 1f)), "divide the logits by T");
    }

    @Test
    void multipliedTemperatureIsReported() {
        assertMistake(SoftmaxExercise.check((z, t) -> correct(z, 1f / t)), "you multiplied the logits by T");
    }

    @Test
    void missingNormalisationIsReported() {
        assertMistake(SoftmaxExercise.check((z, t) -> {
            float[] q = new float[z.length];
            for (int i = 0; i < z.length; i++) {
                q[i] = (float) Math.exp(z[i] / t);
            }
            return q;
        }), "not 1: divide every exponential by the sum");
    }

    @Test
    void softmaxInPlaceIsReported() {
        assertMistake(SoftmaxExercise.check((z, t) -> {
            float[] q = correct(z, t);
            System.arraycopy(q, 0, z, 0, z.length);
            return z;
        }), "changed the logits array");
    }

    @Test
    void nullResultIsReportedWithoutCrashing() {
        assertMistake(SoftmaxExercise.check((z, t) -> null), "returned null");
    }

    @Test
    void wrongLengthIsReported() {
        assertMistake(SoftmaxExercise.check((z, t) -> new float[] {1f}), "values for 3 logits");
    }

    @Test
    void infiniteRecursionIsReportedNotThrown() {
        assertMistake(SoftmaxExercise.check(new SoftmaxExercise.Softmax() {
            @Override
            public float[] apply(float[] z, float t) {
                return apply(z, t);
            }
        }), "StackOverflowError");
    }

    @Test
    void anyExceptionIsReportedWithItsMessage() {
        assertMistake(SoftmaxExercise.check((z, t) -> {
            throw new IllegalStateException("oops");
        }), "threw IllegalStateException (\"oops\")");
    }
}
