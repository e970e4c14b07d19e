package org.distill4j.distillation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed values for a batch of two: row 0 has student logits (1, 2, 0.5), teacher (3, 1, 0.2), label 0; row 1
 * has all-zero logits and label 2. Reference numbers were computed in double precision, independently of DJL.
 */
class DistillationLossTest {

    private static final float[] STUDENT = {1f, 2f, 0.5f, 0f, 0f, 0f};
    private static final float[] TEACHER = {3f, 1f, 0.2f, 0f, 0f, 0f};
    private static final int[] LABELS = {0, 2};
    private static final double KL_T1 = 0.4144539333471821; // mean KL(p_t || p_s) at T = 1
    private static final double KL_T1_REVERSED = 0.9228926295943483 / 2; // mean KL(p_s || p_t): the wrong direction
    private static final double SOFT_T2 = 0.47076011434043574; // 4 · mean KL at T = 2
    private static final double SOFT_T4 = 0.4571872164482707; // 16 · mean KL at T = 4
    private static final double CE = 1.2814905363880276; // mean cross-entropy with the labels at T = 1
    private static final double MIXED = 0.7139792409547132; // α = 0.7, T = 2

    private static NDList labels(NDManager m) {
        return new NDList(m.create(LABELS), m.create(TEACHER, new Shape(2, 3)));
    }

    private static NDList student(NDManager m) {
        return new NDList(m.create(STUDENT, new Shape(2, 3)));
    }

    @Test
    void mixedLossMatchesHandComputedValue() {
        try (NDManager m = NDManager.newBaseManager()) {
            Loss loss = new DistillationLoss(2f, 0.7f);
            assertEquals(MIXED, loss.evaluate(labels(m), student(m)).getFloat(), 1e-5);
        }
    }

    @Test
    void softTermIsTSquaredTimesBatchMeanOfTeacherToStudentKl() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray s = m.create(STUDENT, new Shape(2, 3));
            NDArray t = m.create(TEACHER, new Shape(2, 3));
            float soft = DistillationLoss.softTerm(s, t, 1f).getFloat();
            assertEquals(KL_T1, soft, 1e-5);
            // The other direction, KL(p_s || p_t), is a different number: a loss that swapped its arguments gives it.
            assertEquals(KL_T1_REVERSED, DistillationLoss.klDivergence(s, t, 1f).mean().getFloat(), 1e-5);
            assertEquals(KL_T1, softTermReference(TEACHER, STUDENT, 3, 1), 1e-9); // 1e-9: 0.2f is not exactly 0.2
            assertEquals(KL_T1_REVERSED, softTermReference(STUDENT, TEACHER, 3, 1), 1e-9);
            assertTrue(Math.abs(soft - KL_T1_REVERSED) > 0.03, "the soft term is KL(teacher || student), not the reverse");
            // Without the T² factor these would be 0.118 and 0.029.
            assertEquals(SOFT_T2, DistillationLoss.softTerm(s, t, 2f).getFloat(), 1e-5);
            assertEquals(SOFT_T4, DistillationLoss.softTerm(s, t, 4f).getFloat(), 1e-5);
            assertEquals(SOFT_T2, new DistillationLoss(2f, 1f).evaluate(labels(m), student(m)).getFloat(), 1e-5);
        }
    }

    @Test
    void alphaZeroIsPlainCrossEntropy() {
        try (NDManager m = NDManager.newBaseManager()) {
            float kd = new DistillationLoss(3f, 0f).evaluate(labels(m), student(m)).getFloat();
            assertEquals(CE, kd, 1e-5);
            assertEquals(CE, DistillationLoss.hardTerm(student(m).head(), m.create(LABELS)).getFloat(), 1e-5);
            // DJL's own sparse softmax cross-entropy agrees.
            float djl = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(m.create(LABELS)), student(m)).getFloat();
            assertEquals(djl, kd, 1e-5);
            // With α = 0 the teacher's logits may be left out.
            assertEquals(CE, new DistillationLoss(3f, 0f).evaluate(new NDList(m.create(LABELS)), student(m)).getFloat(), 1e-5);
        }
    }

    @Test
    void alphaOneWithStudentEqualToTeacherIsZero() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.create(new float[] {5f, -3f, 0.5f, 12f, 11f, -40f}, new Shape(2, 3));
            for (float t : new float[] {1f, 4f, 20f}) {
                float loss = new DistillationLoss(t, 1f).evaluate(new NDList(m.create(LABELS), z), new NDList(z)).getFloat();
                assertEquals(0, loss, 1e-6, "T = " + t);
            }
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        try (NDManager m = NDManager.newBaseManager()) {
            double[] z = {1, 2, 0.5, -1, 0.3, 4};
            NDArray teacher = m.create(TEACHER, new Shape(2, 3)).toType(DataType.FLOAT64, false);
            NDArray y = m.create(LABELS);
            DistillationLoss loss = new DistillationLoss(3f, 0.6f);
            NDArray x = m.create(z, new Shape(2, 3));
            x.setRequiresGradient(true);
            double[] analytic;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(loss.evaluate(new NDList(y, teacher), new NDList(x)));
            }
            analytic = x.getGradient().toDoubleArray();
            double h = 1e-5;
            for (int i = 0; i < z.length; i++) {
                double[] plus = z.clone();
                double[] minus = z.clone();
                plus[i] += h;
                minus[i] -= h;
                double lp = loss.evaluate(new NDList(y, teacher), new NDList(m.create(plus, new Shape(2, 3)))).getDouble();
                double lm = loss.evaluate(new NDList(y, teacher), new NDList(m.create(minus, new Shape(2, 3)))).getDouble();
                assertEquals((lp - lm) / (2 * h), analytic[i], 1e-6, "d loss / d z[" + i + "]");
            }
        }
    }

    @Test
    void gradientOfSoftTermIsTTimesDifferenceOfSoftmaxes() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray teacher = m.create(new double[] {3, 1, 0.2, -2, 5, 1}, new Shape(2, 3));
            double[] previousScale = null;
            for (float t : new float[] {1f, 4f, 20f}) {
                NDArray x = m.create(new double[] {1, 2, 0.5, 0, 1, -1}, new Shape(2, 3));
                x.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(DistillationLoss.softTerm(x, teacher, t));
                }
                double[] grad = x.getGradient().mul(2).toDoubleArray(); // per sample: undo the mean over 2 rows
                double[] expected = SoftTargets.softmax(x, t).sub(SoftTargets.softmax(teacher, t)).mul(t).toDoubleArray();
                for (int i = 0; i < grad.length; i++) {
                    assertEquals(expected[i], grad[i], 1e-9, "T = " + t + ", component " + i);
                }
                // Hinton §2: with T² the gradient's scale stays roughly constant as T grows (within a factor of 3 here).
                double norm = 0;
                for (double g : grad) {
                    norm += g * g;
                }
                if (previousScale != null) {
                    double ratio = Math.sqrt(norm) / previousScale[0];
                    assertTrue(ratio > 0.33 && ratio < 3, "gradient scale changed by " + ratio + " at T = " + t);
                }
                previousScale = new double[] {Math.sqrt(norm)};
            }
        }
    }

    /**
     * DJL's {@code array.mul(2f)} wraps the Java number in a tensor over Java-owned memory and closes it at once; PyTorch's
     * autograd keeps that tensor for the backward pass, so after a garbage collection the gradient read freed memory
     * (training diverged to NaN at random). The loss must build its graph from natively allocated constants only.
     */
    @Test
    void gradientSurvivesGarbageCollectionBetweenForwardAndBackward() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray teacher = m.create(TEACHER, new Shape(2, 3));
            NDArray x = m.create(STUDENT, new Shape(2, 3));
            x.setRequiresGradient(true);
            float[] expected;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(new DistillationLoss(3f, 0.6f).evaluate(new NDList(m.create(LABELS), teacher), new NDList(x)));
            }
            expected = x.getGradient().toFloatArray();
            for (int trial = 0; trial < 5; trial++) {
                NDArray z = m.create(STUDENT, new Shape(2, 3));
                z.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = new DistillationLoss(3f, 0.6f).evaluate(new NDList(m.create(LABELS), teacher), new NDList(z));
                    for (int i = 0; i < 20; i++) { // free what is unreachable, then reuse that memory with garbage
                        System.gc();
                        java.nio.ByteBuffer junk = java.nio.ByteBuffer.allocateDirect(4096);
                        while (junk.remaining() >= 4) {
                            junk.putFloat(Float.NaN);
                        }
                    }
                    gc.backward(loss);
                }
                float[] grad = x.getGradient().toFloatArray();
                for (int i = 0; i < grad.length; i++) {
                    assertEquals(expected[i], grad[i], 1e-6, "trial " + trial + ", component " + i);
                }
            }
        }
    }

    @Test
    void badTemperatureIsRejectedWithAnExplanation() {
        for (float t : new float[] {0f, -1f, Float.NaN, Float.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DistillationLoss(t, 0.5f));
            assertTrue(e.getMessage().contains("temperature must be a positive number"), e.getMessage());
        }
    }

    @Test
    void alphaOutsideZeroToOneIsRejected() {
        for (float a : new float[] {-0.1f, 1.5f, Float.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DistillationLoss(2f, a));
            assertTrue(e.getMessage().contains("alpha must be in [0, 1]"), e.getMessage());
        }
    }

    @Test
    void mismatchedClassCountsAreNamed() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList labels = new NDList(m.create(LABELS), m.zeros(new Shape(2, 5)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new DistillationLoss(2f, 0.5f).evaluate(labels, student(m)));
            assertTrue(e.getMessage().contains("class counts differ: the teacher's logits have 5 classes but the student's have 3"),
                    e.getMessage());
        }
    }

    @Test
    void mismatchedBatchSizesAreNamed() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList teacherTooBig = new NDList(m.create(LABELS), m.zeros(new Shape(4, 3)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new DistillationLoss(2f, 0.5f).evaluate(teacherTooBig, student(m)));
            assertTrue(e.getMessage().contains("batch sizes differ: 4 teacher rows but 2 student rows"), e.getMessage());
            NDList labelsTooBig = new NDList(m.create(new int[] {0, 1, 2}), m.create(TEACHER, new Shape(2, 3)));
            e = assertThrows(IllegalArgumentException.class,
                    () -> new DistillationLoss(2f, 0.5f).evaluate(labelsTooBig, student(m)));
            assertTrue(e.getMessage().contains("hard labels must be [batch] = [2]"), e.getMessage());
        }
    }

    @Test
    void missingTeacherLogitsWithPositiveAlphaAreNamed() {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new DistillationLoss(2f, 0.5f).evaluate(new NDList(m.create(LABELS)), student(m)));
            assertTrue(e.getMessage().contains("no teacher logits, but α = 0.5 weighs the soft term"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new DistillationLoss(2f, 0.5f)
                    .evaluate(labels(m), new NDList(student(m).head(), student(m).head())));
            assertTrue(e.getMessage().contains("predictions must be NDList(studentLogits"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new DistillationLoss(2f, 0.5f)
                    .evaluate(new NDList(m.create(new float[] {0, 2.5f}), m.create(TEACHER, new Shape(2, 3))), student(m)));
            assertTrue(e.getMessage().contains("hard labels must be integer class indices"), e.getMessage());
        }
    }

    /**
     * Float64 reference for \( T^2 \cdot \frac{1}{N} \sum_n \mathrm{KL}(\mathrm{softmax}(t_n/T) \| \mathrm{softmax}(s_n/T)) \),
     * written differently from the library so that the two cannot share a mistake: with \(\delta_i = (s_i - t_i)/T\),
     * \( \mathrm{KL} = \log E_p[e^{\delta}] - E_p[\delta] = \mathrm{log1p}(E_p[\mathrm{expm1}(\delta - E_p\delta)]) \), which
     * keeps its digits when \(\delta\) is tiny (large T).
     */
    static double softTermReference(float[] teacher, float[] student, int classes, double temperature) {
        int rows = teacher.length / classes;
        double total = 0;
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < classes; i++) {
                max = Math.max(max, teacher[r * classes + i]);
            }
            double[] p = new double[classes];
            double z = 0;
            for (int i = 0; i < classes; i++) {
                p[i] = Math.exp((teacher[r * classes + i] - max) / temperature);
                z += p[i];
            }
            double meanDelta = 0;
            double[] delta = new double[classes];
            for (int i = 0; i < classes; i++) {
                p[i] /= z;
                delta[i] = ((double) student[r * classes + i] - teacher[r * classes + i]) / temperature;
                meanDelta += p[i] * delta[i];
            }
            double e = 0;
            for (int i = 0; i < classes; i++) {
                e += p[i] * Math.expm1(delta[i] - meanDelta);
            }
            total += Math.log1p(e);
        }
        return temperature * temperature * total / rows;
    }

    private static float[] gaussian(long seed, int n, double scale) {
        java.util.Random random = new java.util.Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (random.nextGaussian() * scale);
        }
        return x;
    }

    @Test
    void softTermMatchesAFloat64ReferenceWithin1e4UpToTemperature1000() {
        float[] teacher = gaussian(1, 8 * 10, 4);
        float[] student = gaussian(2, 8 * 10, 4);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray s = m.create(student, new Shape(8, 10));
            NDArray t = m.create(teacher, new Shape(8, 10));
            NDList labels = new NDList(m.create(new int[] {0, 1, 2, 3, 4, 5, 6, 7}), t);
            for (float temperature : new float[] {1f, 2f, 4f, 20f, 100f, 1000f, DistillationLoss.MAX_TEMPERATURE}) {
                double expected = softTermReference(teacher, student, 10, temperature);
                double soft = DistillationLoss.softTerm(s, t, temperature).getFloat();
                double loss = new DistillationLoss(temperature, 1f).evaluate(labels, new NDList(s)).getFloat();
                assertEquals(DataType.FLOAT32, DistillationLoss.softTerm(s, t, temperature).getDataType());
                assertEquals(0, Math.abs(soft - expected) / expected, 1e-4, "T = " + temperature + ": " + soft + " vs " + expected);
                assertEquals(0, Math.abs(loss - expected) / expected, 1e-4, "T = " + temperature + " (as a Loss)");
            }
        }
    }

    @Test
    void hintonsLimitHoldsAtLargeTemperature() {
        // Hinton et al. (2015, §2.1): for large T and zero-mean logits, T²·KL → (1/2C) Σ_i ((s_i - t_i) - mean)², the
        // matching of centred logits. An independent check of the scale at T = 1000, where float32 would be 3 % off.
        float[] teacher = {2f, -1f, 0.5f, -1.5f};
        float[] student = {1f, 0f, -0.5f, -0.5f};
        double mean = 0;
        for (int i = 0; i < 4; i++) {
            mean += (student[i] - teacher[i]) / 4.0;
        }
        double limit = 0;
        for (int i = 0; i < 4; i++) {
            double d = student[i] - teacher[i] - mean;
            limit += d * d / (2 * 4);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            double soft = DistillationLoss.softTerm(m.create(student, new Shape(1, 4)), m.create(teacher, new Shape(1, 4)),
                    1000f).getFloat();
            assertEquals(limit, soft, 1e-3 * limit);
        }
    }

    @Test
    void temperatureAboveTheSupportedBoundIsRefusedWithTheBound() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DistillationLoss(1e6f, 0.5f));
        assertTrue(e.getMessage().contains("T = 10000"), e.getMessage());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray s = m.create(STUDENT, new Shape(2, 3));
            e = assertThrows(IllegalArgumentException.class, () -> DistillationLoss.softTerm(s, s, 2e4f));
            assertTrue(e.getMessage().contains("above the largest the distillation loss supports"), e.getMessage());
        }
    }

    @Test
    void anEmptyBatchIsAnErrorNotNaN() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray none = m.zeros(new Shape(0, 3));
            NDList labels = new NDList(m.zeros(new Shape(0), DataType.INT32), none);
            for (float alpha : new float[] {0f, 0.5f, 1f}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> new DistillationLoss(2f, alpha).evaluate(labels, new NDList(none)));
                assertTrue(e.getMessage().contains("empty batch"), "α = " + alpha + ": " + e.getMessage());
            }
            assertThrows(IllegalArgumentException.class, () -> DistillationLoss.softTerm(none, none, 2f));
            assertThrows(IllegalArgumentException.class, () -> DistillationLoss.hardTerm(none, labels.head()));
        }
    }

    @Test
    void floatLabelsHoldingClassIndicesWorkAsDjlDatasetsProvideThem() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList floatLabels = new NDList(m.create(new float[] {0f, 2f}), m.create(TEACHER, new Shape(2, 3)));
            assertEquals(MIXED, new DistillationLoss(2f, 0.7f).evaluate(floatLabels, student(m)).getFloat(), 1e-5);
            assertEquals(CE, DistillationLoss.hardTerm(student(m).head(), m.create(new float[] {0f, 2f})).getFloat(), 1e-5);
            // Label 1 instead of 0 for row 0: a different cross-entropy, so the float labels really are read.
            float other = DistillationLoss.hardTerm(student(m).head(), m.create(new float[] {1f, 2f})).getFloat();
            double expected = (-(2 - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(0.5))) + Math.log(3)) / 2;
            assertEquals(expected, other, 1e-5);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DistillationLoss.hardTerm(student(m).head(), m.create(new float[] {1f, 0.25f})));
            assertTrue(e.getMessage().contains("not whole numbers"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> DistillationLoss.hardTerm(student(m).head(), m.create(new float[] {Float.NaN, 1f})));
        }
    }

    /** The soft term works in float64; float32 logits (what networks produce) must still get their gradient. */
    @Test
    void float32LogitsGetTheSoftTermsGradientThroughTheFloat64Computation() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray teacher = m.create(TEACHER, new Shape(2, 3));
            for (float t : new float[] {1f, 4f, 100f}) {
                NDArray x = m.create(STUDENT, new Shape(2, 3));
                x.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = new DistillationLoss(t, 1f).evaluate(new NDList(m.create(LABELS), teacher), new NDList(x));
                    assertEquals(DataType.FLOAT32, loss.getDataType());
                    assertEquals(new Shape(), loss.getShape());
                    gc.backward(loss);
                }
                float[] grad = x.getGradient().toFloatArray();
                for (int row = 0; row < 2; row++) { // d/dz_s = T (p_s - p_t) / N, computed here in double
                    double zs = 0;
                    double zt = 0;
                    for (int i = 0; i < 3; i++) {
                        zs += Math.exp(STUDENT[3 * row + i] / t);
                        zt += Math.exp(TEACHER[3 * row + i] / t);
                    }
                    for (int i = 0; i < 3; i++) {
                        double expected = t * (Math.exp(STUDENT[3 * row + i] / t) / zs - Math.exp(TEACHER[3 * row + i] / t) / zt) / 2;
                        assertEquals(expected, grad[3 * row + i], 1e-6 * Math.max(1, t), "T = " + t + ", component " + i);
                    }
                }
            }
        }
    }

    /**
     * The gather in {@code negativeLogLikelihood} replaced a one-hot product ({@code sum_i log p_i [i = y]}): adding
     * exact zeros changes nothing, so the loss and its gradient must be the same floats, and the notebooks' numbers
     * with them.
     */
    @Test
    void hardTermIsTheOneHotCrossEntropyBitForBitWithItsGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            NDArray z = m.randomNormal(0, 3, new Shape(64, 10), DataType.FLOAT32);
            NDArray y = m.randomInteger(0, 10, new Shape(64), DataType.INT32);
            float[][] valueAndGradient = new float[2][];
            for (int way = 0; way < 2; way++) {
                NDArray x = z.duplicate(); // a fresh leaf: gradients accumulate
                x.setRequiresGradient(true);
                try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    NDArray loss;
                    if (way == 0) {
                        loss = DistillationLoss.hardTerm(x, y);
                    } else {
                        NDArray logp = SoftTargets.logSoftmax(x, 1f);
                        loss = logp.mul(y.oneHot(10).toType(DataType.FLOAT32, false)).sum(new int[] {-1}).mean().neg();
                    }
                    c.backward(loss);
                    valueAndGradient[way] = new float[] {loss.getFloat()};
                }
                float[] grad = x.getGradient().toFloatArray();
                float[] both = new float[grad.length + 1];
                both[0] = valueAndGradient[way][0];
                System.arraycopy(grad, 0, both, 1, grad.length);
                valueAndGradient[way] = both;
            }
            assertArrayEquals(valueAndGradient[1], valueAndGradient[0], 0f, "loss, then d loss / d z");
        }
    }
}
