package org.distill4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Random;
import org.distill4j.data.Datasets;
import org.distill4j.data.ImageDataset;
import org.distill4j.models.Ensemble.Averaging;
import org.junit.jupiter.api.Test;

/** The ensemble's combination against values computed by hand and, independently, in double precision. */
class EnsembleTest {

    private static double[] softmax(float[] z, int row, int classes, double t) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, z[row * classes + c] / t);
        }
        double[] p = new double[classes];
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            p[c] = Math.exp(z[row * classes + c] / t - max);
            sum += p[c];
        }
        for (int c = 0; c < classes; c++) {
            p[c] /= sum;
        }
        return p;
    }

    private static float[] random(int n, long seed, float scale) {
        Random r = new Random(seed);
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = (float) (scale * r.nextGaussian());
        }
        return z;
    }

    @Test
    void softmaxOfCombinedLogitsAtTIsTheMeanOfTheMembersSoftmaxesHandComputed() {
        // T = 2: member 1 gives (1/3, 1/3, 1/3); member 2, logits (2 ln 4, 0, 0), gives (4/6, 1/6, 1/6).
        // Their mean is (1/2, 1/4, 1/4), so z' = 2 ln(1/2, 1/4, 1/4).
        float t = 2f;
        float[] z1 = {0, 0, 0};
        float[] z2 = {(float) (2 * Math.log(4)), 0, 0};
        float[] combined = Ensemble.combine(new float[][] {z1, z2}, 3, t, Averaging.PROBABILITIES);
        assertArrayEquals(new float[] {(float) (2 * Math.log(0.5)), (float) (2 * Math.log(0.25)),
            (float) (2 * Math.log(0.25))}, combined, 1e-6f);
        assertArrayEquals(new double[] {0.5, 0.25, 0.25}, softmax(combined, 0, 3, t), 1e-7);
    }

    @Test
    void softmaxOfCombinedLogitsIsTheMeanOfSoftmaxesOnRandomLogitsAtSeveralTemperatures() {
        int n = 50;
        int classes = 10;
        float[][] members = {random(n * classes, 1, 4f), random(n * classes, 2, 4f), random(n * classes, 3, 4f)};
        for (float t : new float[] {0.5f, 1f, 2f, 4f, 20f}) {
            float[] combined = Ensemble.combine(members, classes, t, Averaging.PROBABILITIES);
            for (int row = 0; row < n; row++) {
                double[] mean = new double[classes];
                for (float[] z : members) {
                    double[] p = softmax(z, row, classes, t);
                    for (int c = 0; c < classes; c++) {
                        mean[c] += p[c] / members.length;
                    }
                }
                assertArrayEquals(mean, softmax(combined, row, classes, t), 1e-6, "T = " + t + ", row " + row);
            }
        }
    }

    @Test
    void anEnsembleOfOneHasTheSameSoftTargetsAsItsMember() {
        int n = 100;
        int classes = 10;
        float[] z = random(n * classes, 4, 6f);
        for (float t : new float[] {1f, 2f, 4f}) {
            float[] combined = Ensemble.combine(new float[][] {z}, classes, t, Averaging.PROBABILITIES);
            for (int row = 0; row < n; row++) {
                assertArrayEquals(softmax(z, row, classes, t), softmax(combined, row, classes, t), 1e-6);
            }
        }
    }

    @Test
    void averagingLogitsIsTheMeanLogitAndDiffersFromTheMixture() {
        float[] z1 = {4, 0, 0};
        float[] z2 = {0, 4, 0};
        float[] mean = Ensemble.combine(new float[][] {z1, z2}, 3, 1f, Averaging.LOGITS);
        assertArrayEquals(new float[] {2, 2, 0}, mean, 0f);
        // the mixture keeps each member's class at ≈ half; the product of experts gives the third class more
        double[] mixture = softmax(Ensemble.combine(new float[][] {z1, z2}, 3, 1f, Averaging.PROBABILITIES), 0, 3, 1);
        double[] product = softmax(mean, 0, 3, 1);
        assertNotEquals(mixture[2], product[2], 1e-3);
    }

    @Test
    void badInputsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Ensemble.of(List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> Ensemble.combine(new float[][] {{0, 0, 0}}, 3, 0f, Averaging.PROBABILITIES));
        assertThrows(IllegalArgumentException.class,
                () -> Ensemble.combine(new float[][] {{0, 0, 0}, {0, 0}}, 3, 1f, Averaging.PROBABILITIES));
        try (Classifier a = Classifier.create(Mlp.builder().hidden(8).build(), 1, Device.cpu());
                Classifier b = Classifier.create(Mlp.builder().hidden(8).classes(5).build(), 1, Device.cpu())) {
            assertThrows(IllegalArgumentException.class, () -> Ensemble.of(a, b));
        }
    }

    @Test
    void datasetAndBatchPathsGiveTheSameLogits() {
        ImageDataset data = Datasets.fashionMnist().test().take(300);
        try (Ensemble e = Ensemble.of(Classifier.create(Mlp.builder().hidden(8).build(), 1, Device.cpu()),
                        Classifier.create(Mlp.builder().hidden(16).build(), 2, Device.cpu()));
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray whole = e.logits(data, m, 2f);
            NDArray batch = e.logits(data.images(m), 2f);
            assertArrayEquals(whole.toFloatArray(), batch.toFloatArray(), 1e-6f);
            NDArray p = e.probabilities(data, m, 2f);
            assertEquals(300, p.sum().getFloat(), 1e-3);
            assertEquals(2, e.size());
            assertNotEquals(e.fingerprint(), e.averaging(Averaging.LOGITS).fingerprint());
        }
    }
}
