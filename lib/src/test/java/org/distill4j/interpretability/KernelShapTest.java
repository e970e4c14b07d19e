package org.distill4j.interpretability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import org.apache.commons.math3.util.CombinatoricsUtils;
import org.junit.jupiter.api.Test;

class KernelShapTest {

    @Test
    void efficiencyAttributionsAddUpToTheLogitMinusTheBaselineLogitOnANonlinearNetwork() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block mlp = TestModels.mlp(m, 784, 100, 10, 7);
            NDArray images = m.create(TestModels.randomImages(4, 784, 8));
            int[] targets = {3, 0, 9, 5};
            KernelShap shap = KernelShap.builder().patch(4).samples(200).seed(1).baseline(0.2f).build();
            KernelShap.Result r = shap.explain(mlp, images, targets);
            float[] logits = InputGradients.targetLogits(mlp, images, targets);
            float[] base = new float[784];
            java.util.Arrays.fill(base, 0.2f);
            float[] baseLogits = InputGradients.targetLogits(mlp, m.create(new float[][] {base, base, base, base}), targets);
            for (int i = 0; i < 4; i++) {
                assertEquals(logits[i], r.scores()[i], 1e-5f);
                assertEquals(baseLogits[i], r.baselineScores()[i], 1e-5f);
                // Imposed as a constraint: exact up to float rounding of 49 values, however few coalitions.
                assertEquals(0, r.efficiencyGap(i), 1e-5 * (1 + Math.abs(logits[i] - baseLogits[i])), "image " + i);
                double mapSum = 0;
                for (float v : r.maps()[i]) {
                    mapSum += v;
                }
                assertEquals(logits[i] - baseLogits[i], mapSum, 1e-4, "the pixel map adds up the same");
            }
            assertFalse(shap.exact());
            assertEquals(202, shap.evaluationsPerImage());
            assertEquals(202, r.evaluationsPerImage());
            assertEquals(4 * 202, r.evaluations());
        }
    }

    @Test
    void onAModelLinearInThePatchesKernelShapRecoversTheExactShapleyValues() {
        PatchGrid grid = PatchGrid.of(28, 28, 4);
        float[] a = PatchModels.randomWeights(grid.count(), 3);
        float[] image = PatchModels.randomImage(784, 4);
        float[] baseline = PatchModels.randomImage(784, 5);   // a non-constant baseline, like a mean image
        try (NDManager m = NDManager.newBaseManager()) {
            Block model = PatchModels.linearInPatches(m, grid, a, 0.3f);
            KernelShap.Result r = KernelShap.builder().patch(4).samples(100).seed(2).baseline(baseline).build()
                    .explain(model, m.create(new float[][] {image}), new int[] {1});
            double[] x = PatchModels.patchMeans(grid, image);
            double[] b = PatchModels.patchMeans(grid, baseline);
            for (int i = 0; i < grid.count(); i++) {
                // phi_i = a_i (mean x_i - mean b_i): the sampled regression fits a linear game exactly.
                assertEquals(a[i] * (x[i] - b[i]), r.patchValues()[0][i], 2e-5, "patch " + i);
            }
        }
    }

    @Test
    void withEveryCoalitionKernelShapGivesTheShapleyValuesOfTheDefinition() {
        PatchGrid grid = PatchGrid.of(28, 28, 14);   // 4 patches: 14 coalitions besides the empty and the full one
        float[] image = PatchModels.randomImage(784, 21);
        try (NDManager m = NDManager.newBaseManager()) {
            Block model = PatchModels.symmetricInPatchesZeroAndOne(m, grid);
            KernelShap shap = KernelShap.builder().patch(14).samples(14).baseline(0.1f).build();
            assertTrue(shap.exact());
            assertEquals(16, shap.evaluationsPerImage());
            float[] values = shap.explain(model, m.create(new float[][] {image}), new int[] {1}).patchValues()[0];
            double[] x = PatchModels.patchMeans(grid, image);
            double[] shapley = shapleyValues(x, 0.1);
            for (int i = 0; i < 4; i++) {
                assertEquals(shapley[i], values[i], 1e-5, "patch " + i);
            }
        }
    }

    @Test
    void symmetryTwoPatchesThatPlayIdenticalRolesGetEqualValues() {
        PatchGrid grid = PatchGrid.of(28, 28, 14);
        float[] image = PatchModels.randomImage(784, 31);
        // Patch 1 (top right) is patch 0 (top left) mirrored: other pixels, the same mean. The model is symmetric in
        // the two means, so adding either patch to any coalition changes the score by the same amount.
        for (int r = 0; r < 14; r++) {
            for (int c = 0; c < 14; c++) {
                image[r * 28 + 27 - c] = image[r * 28 + c];
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Block model = PatchModels.symmetricInPatchesZeroAndOne(m, grid);
            float[] values = KernelShap.builder().patch(14).samples(14).build()
                    .explain(model, m.create(new float[][] {image}), new int[] {1}).patchValues()[0];
            assertEquals(values[0], values[1], 1e-6, "the two symmetric patches");
            assertNotEquals(values[0], values[2], 1e-3, "an asymmetric patch differs");
            assertTrue(Math.abs(values[0]) > 0.05, "and the shared value is not trivially 0: " + values[0]);
        }
    }

    @Test
    void theSameSeedGivesTheSameValuesAndAnImagesValuesDoNotDependOnItsCompany() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block mlp = TestModels.mlp(m, 784, 32, 10, 9);
            float[][] images = TestModels.randomImages(3, 784, 10);
            KernelShap shap = KernelShap.builder().patch(7).samples(60).seed(5).batchSize(50).build();
            float[][] together = shap.explain(mlp, m.create(images), new int[] {1, 2, 3}).patchValues();
            float[] alone = shap.explain(mlp, m.create(new float[][] {images[2]}), new int[] {3}).patchValues()[0];
            assertArrayEquals(together[2], alone, 1e-5f);
            float[] otherSeed = KernelShap.builder().patch(7).samples(60).seed(6).build()
                    .explain(mlp, m.create(new float[][] {images[2]}), new int[] {3}).patchValues()[0];
            assertFalse(java.util.Arrays.equals(alone, otherSeed), "another seed samples other coalitions");
        }
    }

    @Test
    void badSettingsAreRejectedWithWhatToDo() {
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> KernelShap.builder().patch(4).samples(49).build());
        assertTrue(few.getMessage().contains("samples(50)"), few.getMessage());
        IllegalArgumentException tiling = assertThrows(IllegalArgumentException.class,
                () -> KernelShap.builder().patch(5).build());
        assertTrue(tiling.getMessage().contains("1, 2, 4, 7, 14, 28"), tiling.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KernelShap.builder().batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> KernelShap.builder().baseline(Float.NaN));
        try (NDManager m = NDManager.newBaseManager()) {
            Block mlp = TestModels.mlp(m, 784, 8, 10, 1);
            NDArray image = m.create(TestModels.randomImages(1, 784, 2));
            IllegalArgumentException baseline = assertThrows(IllegalArgumentException.class,
                    () -> KernelShap.builder().baseline(new float[10]).build().explain(mlp, image, new int[] {0}));
            assertTrue(baseline.getMessage().contains("784"), baseline.getMessage());
            IllegalArgumentException target = assertThrows(IllegalArgumentException.class,
                    () -> KernelShap.builder().build().explain(mlp, image, new int[] {10}));
            assertTrue(target.getMessage().contains("0..9"), target.getMessage());
            IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                    () -> KernelShap.builder().build().explain(mlp, m.create(new float[][] {{1, 2, 3}}), new int[] {0}));
            assertTrue(size.getMessage().contains("imageSize"), size.getMessage());
        }
    }

    @Test
    void sampledCoalitionsFollowTheShapleyKernelInComplementaryPairs() {
        int m = 10;
        boolean[][] z = KernelShap.sampleFromKernel(m, 20000, new java.util.Random(3));
        int[] sizes = new int[m + 1];
        for (int k = 0; k < z.length; k += 2) {
            for (int i = 0; i < m; i++) {
                assertNotEquals(z[k][i], z[k + 1][i], "pairs are complements");
            }
            int size = 0;
            for (boolean on : z[k]) {
                size += on ? 1 : 0;
            }
            sizes[size]++;
        }
        double total = 0;
        for (int s = 1; s < m; s++) {
            total += KernelShap.shapleyKernel(m, s) * CombinatoricsUtils.binomialCoefficientDouble(m, s);
        }
        for (int s = 1; s < m; s++) {
            double expected = KernelShap.shapleyKernel(m, s) * CombinatoricsUtils.binomialCoefficientDouble(m, s) / total;
            assertEquals(expected, sizes[s] / 10000.0, 0.015, "size " + s);
        }
        assertEquals(0, sizes[0] + sizes[m]);
    }

    /**
     * The definition: \(\phi_i = \sum_{S \not\ni i} \frac{|S|!\,(M-|S|-1)!}{M!}\,(v(S \cup i) - v(S))\), with
     * \(v(S)\) = {@link PatchModels#symmetricScore} of the means, baseline {@code b} where a patch is off.
     */
    private static double[] shapleyValues(double[] x, double b) {
        int m = x.length;
        double[] phi = new double[m];
        for (int i = 0; i < m; i++) {
            for (int mask = 0; mask < (1 << m); mask++) {
                if ((mask >> i & 1) == 1) {
                    continue;
                }
                int s = Integer.bitCount(mask);
                double weight = CombinatoricsUtils.factorialDouble(s) * CombinatoricsUtils.factorialDouble(m - s - 1)
                        / CombinatoricsUtils.factorialDouble(m);
                phi[i] += weight * (value(x, b, mask | 1 << i) - value(x, b, mask));
            }
        }
        return phi;
    }

    private static double value(double[] x, double b, int mask) {
        double[] means = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            means[i] = (mask >> i & 1) == 1 ? x[i] : b;
        }
        return PatchModels.symmetricScore(means);
    }
}
