package org.distill4j.distillation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each objective's loss or targets against values computed independently, in double precision, in Java. */
class ObjectivesTest {

    private static final int C = 10;

    private static Recipe recipe(Objective o, float t, float alpha) {
        return new Recipe(o, t, alpha, 1, 8, "adam", "0.001", 1, false);
    }

    private static float[] randomLogits(int n, long seed, float scale) {
        Random r = new Random(seed);
        float[] z = new float[n * C];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (scale * r.nextGaussian());
        }
        return z;
    }

    private static double[] softmaxRow(float[] z, int row, double t) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < C; c++) {
            max = Math.max(max, z[row * C + c] / t);
        }
        double[] p = new double[C];
        double sum = 0;
        for (int c = 0; c < C; c++) {
            p[c] = Math.exp(z[row * C + c] / t - max);
            sum += p[c];
        }
        for (int c = 0; c < C; c++) {
            p[c] /= sum;
        }
        return p;
    }

    /** Mean over rows of −log softmax(z)_{label}. */
    private static double crossEntropy(float[] z, int[] labels) {
        double loss = 0;
        for (int r = 0; r < labels.length; r++) {
            loss -= Math.log(softmaxRow(z, r, 1)[labels[r]]) / labels.length;
        }
        return loss;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void shuffledTeacherKeepsTopClassTopProbabilityAndWrongClassMultisetButChangesTheirOrder() {
        int n = 200;
        float t = 2f;
        float[] z = randomLogits(n, 3, 3f);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(z, new Shape(n, C));
            float[] shuffled = ShuffledTeacher.shuffle(logits, t, 7).toFloatArray();
            int reordered = 0;
            for (int r = 0; r < n; r++) {
                double[] p = softmaxRow(z, r, t);
                double[] q = softmaxRow(shuffled, r, t);
                int top = argmax(p);
                assertEquals(top, argmax(q), "row " + r + ": top class kept");
                assertEquals(p[top], q[top], 1e-5, "row " + r + ": top probability kept");
                double[] pw = new double[C - 1];
                double[] qw = new double[C - 1];
                boolean same = true;
                for (int c = 0, k = 0; c < C; c++) {
                    if (c != top) {
                        pw[k] = p[c];
                        qw[k++] = q[c];
                        same &= Math.abs(p[c] - q[c]) < 1e-7;
                    }
                }
                reordered += same ? 0 : 1;
                Arrays.sort(pw);
                Arrays.sort(qw);
                assertArrayEquals(pw, qw, 1e-6, "row " + r + ": the wrong-class probabilities are the same multiset");
            }
            // 9 wrong classes: a random permutation is the identity with probability 1/9! ≈ 3e-6
            assertTrue(reordered >= n - 2, "the wrong-class order changed in " + reordered + " of " + n + " rows");
            assertArrayEquals(shuffled, ShuffledTeacher.shuffle(logits, t, 7).toFloatArray(), "same seed, same targets");
            assertNotEquals(Arrays.toString(shuffled), Arrays.toString(ShuffledTeacher.shuffle(logits, t, 8).toFloatArray()),
                    "another seed, other permutations");
        }
    }

    @Test
    void shuffledTeacherLossIsTheDistillationLossWithTheShuffledTargets() {
        float[] z = randomLogits(16, 1, 2f);
        float[] zt = randomLogits(16, 2, 4f);
        int[] y = new Random(3).ints(16, 0, C).toArray();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray student = m.create(z, new Shape(16, C));
            Recipe r = recipe(Objective.shuffledTeacher(), 3f, 0.7f);
            NDArray targets = Objective.shuffledTeacher().targets(m.create(zt, new Shape(16, C)), r, 5);
            float got = Objective.shuffledTeacher().loss(new Objective.Batch(null, m.create(y), targets, null),
                    new NDList(student), r).getFloat();
            float expected = new DistillationLoss(3f, 0.7f).evaluate(new NDList(m.create(y), targets), new NDList(student))
                    .getFloat();
            assertEquals(expected, got, 1e-6);
            float real = new DistillationLoss(3f, 0.7f)
                    .evaluate(new NDList(m.create(y), m.create(zt, new Shape(16, C))), new NDList(student)).getFloat();
            assertNotEquals(real, got, 1e-3, "the shuffled teacher is not the teacher");
        }
    }

    @Test
    void labelSmoothingTargetEntropyMatchesTheHandComputation() {
        // ε = 0.1 over 10 classes: the true class gets 0.9 + 0.01 = 0.91, each other class 0.01.
        double byHand = -(0.91 * Math.log(0.91) + 9 * 0.01 * Math.log(0.01));
        assertEquals(0.500288, byHand, 1e-6); // 0.085823 + 0.414465
        assertEquals(byHand, LabelSmoothing.targetEntropy(0.1, 10), 1e-12);
        assertEquals(0, LabelSmoothing.targetEntropy(0, 10), 1e-12);
        assertEquals(Math.log(10), LabelSmoothing.targetEntropy(1, 10), 1e-12);
        assertEquals(0.1f, LabelSmoothing.epsilonForEntropy(byHand, 10), 1e-6);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = new LabelSmoothing(0.1f).targets(m.create(new int[] {3, 7}), 10);
            float[] h = SoftTargets.entropy(q).toFloatArray();
            assertEquals(byHand, h[0], 1e-5);
            assertEquals(byHand, h[1], 1e-5);
            assertEquals(0.91f, q.getFloat(0, 3), 1e-7);
            assertEquals(0.01f, q.getFloat(0, 4), 1e-7);
        }
        assertThrows(IllegalArgumentException.class, () -> new LabelSmoothing(1.5f));
        assertThrows(IllegalArgumentException.class, () -> LabelSmoothing.epsilonForEntropy(3, 10));
    }

    @Test
    void labelSmoothingLossIsTheCrossEntropyWithSmoothedTargets() {
        float eps = 0.2f;
        int n = 12;
        float[] z = randomLogits(n, 4, 2f);
        int[] y = new Random(5).ints(n, 0, C).toArray();
        double expected = 0;
        for (int r = 0; r < n; r++) {
            double[] p = softmaxRow(z, r, 1);
            for (int c = 0; c < C; c++) {
                double q = (c == y[r] ? 1 - eps : 0) + eps / C;
                expected -= q * Math.log(p[c]) / n;
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Objective ls = Objective.labelSmoothing(eps);
            float got = ls.loss(new Objective.Batch(null, m.create(y), null, null), new NDList(m.create(z, new Shape(n, C))),
                    recipe(ls, 1, 0)).getFloat();
            assertEquals(expected, got, 1e-5);
            assertTrue(Math.abs(expected - crossEntropy(z, y)) > 0.05, "smoothing changes the loss");
            Objective none = Objective.labelSmoothing(0);
            assertEquals(crossEntropy(z, y), none.loss(new Objective.Batch(null, m.create(y), null, null),
                    new NDList(m.create(z, new Shape(n, C))), recipe(none, 1, 0)).getFloat(), 1e-5);
        }
    }

    @Test
    void pseudoLabelsAreTheTeachersArgmaxWeightedByAlpha() {
        int n = 20;
        float[] z = randomLogits(n, 6, 2f);
        float[] zt = randomLogits(n, 7, 3f);
        int[] y = new Random(8).ints(n, 0, C).toArray();
        int[] pseudo = new int[n];
        for (int r = 0; r < n; r++) {
            pseudo[r] = argmax(softmaxRow(zt, r, 1));
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Objective o = Objective.pseudoLabels();
            Recipe r = recipe(o, 4f, 0.3f);
            NDArray targets = o.targets(m.create(zt, new Shape(n, C)), r, 0);
            assertArrayEquals(pseudo, targets.toIntArray());
            float got = o.loss(new Objective.Batch(null, m.create(y), targets, null), new NDList(m.create(z, new Shape(n, C))),
                    r).getFloat();
            assertEquals(0.3 * crossEntropy(z, pseudo) + 0.7 * crossEntropy(z, y), got, 1e-5);
            assertTrue(o.needsTeacherLogits(r));
            assertTrue(!o.needsTeacherLogits(recipe(o, 4f, 0f)), "α = 0 needs no teacher");
        }
    }

    @Test
    void supervisedIsTheCrossEntropyWithTheLabels() {
        int n = 9;
        float[] z = randomLogits(n, 9, 2f);
        int[] y = new Random(10).ints(n, 0, C).toArray();
        try (NDManager m = NDManager.newBaseManager()) {
            Objective o = Objective.supervised();
            float got = o.loss(new Objective.Batch(null, m.create(y), null, null), new NDList(m.create(z, new Shape(n, C))),
                    recipe(o, 2f, 0f)).getFloat();
            assertEquals(crossEntropy(z, y), got, 1e-5);
        }
    }
}
