package org.distill4j.interpretability;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import java.util.Random;

/** Models that see an image only through its patch means, so tests can work out Shapley values and LIME weights. */
final class PatchModels {

    private PatchModels() {}

    /**
     * Two classes: \(z_0 = 0\), \(z_1 = \text{bias} + \sum_i a_i \bar x_i\), where \(\bar x_i\) is the mean of patch i.
     * Linear in the patches: switching patch i on adds \(a_i (\bar x_i - \bar b_i)\) whatever else is on.
     */
    static Block linearInPatches(NDManager manager, PatchGrid grid, float[] a, float bias) {
        float[][] w = new float[2][grid.pixels()];
        float area = grid.patch() * grid.patch();
        for (int j = 0; j < grid.pixels(); j++) {
            w[1][j] = a[grid.patchOf(j)] / area;
        }
        return TestModels.linear(manager, w, new float[] {0f, bias});
    }

    /** Per-patch means of a flattened image. */
    static double[] patchMeans(PatchGrid grid, float[] image) {
        float[] sums = grid.sum(image);
        double[] means = new double[sums.length];
        for (int i = 0; i < sums.length; i++) {
            means[i] = sums[i] / (double) (grid.patch() * grid.patch());
        }
        return means;
    }

    /**
     * A nonlinear score of the means of 4 patches, symmetric in patches 0 and 1:
     * \( g(m) = 3 m_0 m_1 + \max(m_0 + m_1 - 0.6, 0) + 2 m_2 m_3 - m_3 + m_0 m_2 + m_1 m_2 \).
     */
    static double symmetricScore(double[] m) {
        return 3 * m[0] * m[1] + Math.max(m[0] + m[1] - 0.6, 0) + 2 * m[2] * m[3] - m[3] + m[0] * m[2] + m[1] * m[2];
    }

    /** Two classes on 28×28 images with 14×14 patches: \(z_0 = 0\), \(z_1 = \) {@link #symmetricScore} of the means. */
    static Block symmetricInPatchesZeroAndOne(NDManager manager, PatchGrid grid) {
        float[] averaging = new float[grid.pixels() * grid.count()];   // [pixels, M]: column i averages patch i
        float area = grid.patch() * grid.patch();
        for (int j = 0; j < grid.pixels(); j++) {
            averaging[j * grid.count() + grid.patchOf(j)] = 1f / area;
        }
        NDArray p = manager.create(averaging, new ai.djl.ndarray.types.Shape(grid.pixels(), grid.count()));
        return new LambdaBlock(in -> {
            NDArray means = in.singletonOrThrow().matMul(p);
            NDArray m0 = means.get(":, 0");
            NDArray m1 = means.get(":, 1");
            NDArray m2 = means.get(":, 2");
            NDArray m3 = means.get(":, 3");
            NDArray g = m0.mul(m1).mul(3f)
                    .add(m0.add(m1).sub(0.6f).maximum(0f))
                    .add(m2.mul(m3).mul(2f)).sub(m3)
                    .add(m0.mul(m2)).add(m1.mul(m2));
            return new NDList(NDArrays.stack(new NDList(g.zerosLike(), g), 1));
        });
    }

    /** Uniform [0, 1) pixels, as a flat row-major array. */
    static float[] randomImage(int pixels, long seed) {
        return TestModels.randomImages(1, pixels, seed)[0];
    }

    /** Uniform weights in [-2, 2). */
    static float[] randomWeights(int count, long seed) {
        Random random = new Random(seed);
        float[] a = new float[count];
        for (int i = 0; i < count; i++) {
            a[i] = 4 * random.nextFloat() - 2;
        }
        return a;
    }
}
