package org.distill4j.interpretability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import org.junit.jupiter.api.Test;

class LimeTest {

    private static final PatchGrid GRID = PatchGrid.of(28, 28, 4);

    @Test
    void onAModelLinearInThePatchesLimeRecoversItsWeightsAndIntercept() {
        float[] a = PatchModels.randomWeights(GRID.count(), 13);
        float[] image = PatchModels.randomImage(784, 14);
        float[] baseline = PatchModels.randomImage(784, 15);
        try (NDManager m = NDManager.newBaseManager()) {
            Block model = PatchModels.linearInPatches(m, GRID, a, 0.3f);
            Lime.Result r = Lime.builder().patch(4).samples(100).ridge(0).seed(3).baseline(baseline).build()
                    .explain(model, m.create(new float[][] {image}), new int[] {1});
            double[] x = PatchModels.patchMeans(GRID, image);
            double[] b = PatchModels.patchMeans(GRID, baseline);
            double baselineLogit = 0.3;
            for (int i = 0; i < GRID.count(); i++) {
                // In the interpretable space the model is g(z) = f(b) + sum_i a_i (x_i - b_i) z_i.
                assertEquals(a[i] * (x[i] - b[i]), r.patchWeights()[0][i], 2e-5, "patch " + i);
                baselineLogit += a[i] * b[i];
            }
            assertEquals(baselineLogit, r.intercepts()[0], 1e-4);
            assertEquals(1.0, r.fidelity(0), 1e-6);
        }
    }

    @Test
    void theDefaultRidgePenaltyShrinksTheRecoveredWeightsOnlySlightly() {
        float[] a = PatchModels.randomWeights(GRID.count(), 23);
        float[] image = PatchModels.randomImage(784, 24);
        try (NDManager m = NDManager.newBaseManager()) {
            Block model = PatchModels.linearInPatches(m, GRID, a, 0f);
            Lime.Result r = Lime.builder().samples(1000).build()
                    .explain(model, m.create(new float[][] {image}), new int[] {1});
            double[] x = PatchModels.patchMeans(GRID, image);
            float[] truth = new float[GRID.count()];
            double largest = 0;
            for (int i = 0; i < truth.length; i++) {
                truth[i] = (float) (a[i] * x[i]);
                largest = Math.max(largest, Math.abs(truth[i]));
            }
            for (int i = 0; i < truth.length; i++) {
                assertEquals(truth[i], r.patchWeights()[0][i], 0.1 * largest, "patch " + i);
            }
            assertTrue(AttributionComparison.spearman(truth, r.patchWeights()[0]) > 0.98);
            assertTrue(r.fidelity(0) > 0.99, "fidelity " + r.fidelity(0));
        }
    }

    @Test
    void theMapSharesEachPatchWeightAmongItsPixels() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block mlp = TestModels.mlp(m, 784, 32, 10, 2);
            Lime.Result r = Lime.builder().patch(7).samples(64).build()
                    .explain(mlp, m.create(TestModels.randomImages(2, 784, 3)), new int[] {4, 6});
            for (int i = 0; i < 2; i++) {
                float[] map = r.maps()[i];
                assertEquals(r.patchWeights()[i][0] / 49f, map[0], 1e-7f);
                assertEquals(r.patchWeights()[i][15] / 49f, map[783], 1e-7f);
                assertArrayEquals(r.patchWeights()[i], r.grid().sum(map), 1e-5f);   // sum gives the weights back
                assertTrue(r.fidelity(i) <= 1.0);
            }
            assertEquals(64, r.evaluationsPerImage());
            assertEquals(128, r.evaluations());
        }
    }

    @Test
    void theSameSeedGivesTheSameWeightsAndAnImagesWeightsDoNotDependOnItsCompany() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block mlp = TestModels.mlp(m, 784, 32, 10, 9);
            float[][] images = TestModels.randomImages(3, 784, 10);
            Lime lime = Lime.builder().patch(7).samples(60).seed(5).batchSize(50).build();
            float[][] together = lime.explain(mlp, m.create(images), new int[] {1, 2, 3}).patchWeights();
            float[] alone = lime.explain(mlp, m.create(new float[][] {images[2]}), new int[] {3}).patchWeights()[0];
            assertArrayEquals(together[2], alone, 1e-5f);
            float[] otherSeed = Lime.builder().patch(7).samples(60).seed(6).build()
                    .explain(mlp, m.create(new float[][] {images[2]}), new int[] {3}).patchWeights()[0];
            assertFalse(java.util.Arrays.equals(alone, otherSeed), "another seed draws other perturbations");
        }
    }

    @Test
    void badSettingsAreRejectedWithWhatToDo() {
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> Lime.builder().patch(7).samples(16).build());
        assertTrue(few.getMessage().contains("samples(17)"), few.getMessage());
        IllegalArgumentException tiling = assertThrows(IllegalArgumentException.class,
                () -> Lime.builder().patch(3).build());
        assertTrue(tiling.getMessage().contains("1, 2, 4, 7, 14, 28"), tiling.getMessage());
        for (double width : new double[] {0, -0.25, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException kernel = assertThrows(IllegalArgumentException.class,
                    () -> Lime.builder().kernelWidth(width));
            assertTrue(kernel.getMessage().contains("0.25"), kernel.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Lime.builder().ridge(-1));
        try (NDManager m = NDManager.newBaseManager()) {
            Block mlp = TestModels.mlp(m, 784, 8, 10, 1);
            IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                    () -> Lime.builder().build().explain(mlp, m.create(new float[][] {{1, 2, 3}}), new int[] {0}));
            assertTrue(size.getMessage().contains("imageSize"), size.getMessage());
        }
    }

    @Test
    void perturbationsStartWithTheImageAndKeepAUniformNumberOfPatches() {
        boolean[][] z = Lime.perturbations(10, 20001, new java.util.Random(4));
        for (boolean on : z[0]) {
            assertTrue(on);
        }
        int[] sizes = new int[11];
        for (int k = 1; k < z.length; k++) {
            int size = 0;
            for (boolean on : z[k]) {
                size += on ? 1 : 0;
            }
            sizes[size]++;
        }
        assertEquals(0, sizes[0]);
        for (int s = 1; s <= 10; s++) {
            assertEquals(0.1, sizes[s] / 20000.0, 0.012, "size " + s);
        }
    }
}
