package org.distill4j.interpretability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SmoothGradTest {

    @Test
    void withoutNoiseSmoothGradIsPlainSaliency() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block model = TestModels.mlp(m, 10, 8, 3, 3);
            NDArray x = m.create(TestModels.randomImages(5, 10, 4));
            int[] targets = {0, 1, 2, 1, 0};
            float[][] smooth = SmoothGrad.builder().noiseLevel(0).samples(3).build().attribute(model, x, targets);
            float[][] plain = Saliency.absolute().attribute(model, x, targets);
            for (int i = 0; i < 5; i++) {
                assertArrayEquals(plain[i], smooth[i], 1e-6f);
            }
        }
    }

    @Test
    void atAReluKinkSmoothGradAveragesTheTwoSidesOfTheKink() {
        // z_0 = relu(x_0): its gradient is 1 for x_0 > 0 and 0 below. At x_0 = 0 the noise lands on either side with
        // probability 1/2, so the averaged gradient is 1/2, where plain saliency says 0 (or 1).
        Block model = new LambdaBlock(in -> new NDList(in.singletonOrThrow().get(new NDIndex(":, 0:1")).maximum(0f)));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[][] {{0f, 1f}});   // pixel range 1, so sigma = noise level
            float[][] map = SmoothGrad.builder().noiseLevel(0.2f).samples(2000).seed(5).batchSize(512).build()
                    .attribute(model, x, new int[] {0});
            assertEquals(0.5, map[0][0], 0.05);
            assertEquals(0, map[0][1], 0);
        }
    }

    @Test
    void withoutNoiseSmoothGradReturnsTheWrappedMethodsMaps() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block model = TestModels.mlp(m, 10, 8, 3, 3);
            NDArray x = m.create(TestModels.randomImages(4, 10, 6));
            int[] targets = {2, 0, 1, 1};
            IntegratedGradients ig = IntegratedGradients.builder().steps(8).build();
            float[][] smooth = SmoothGrad.builder().method(ig).noiseLevel(0).samples(3).build()
                    .attribute(model, x, targets);
            float[][] plain = ig.attribute(model, x, targets);
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(plain[i], smooth[i], 1e-6f);
            }
        }
    }

    @Test
    void withNoiseSmoothGradIsTheMeanOfTheWrappedMapsOfTheNoisyCopies() {
        // Integrated Gradients of z = W x + b from a black baseline is x ⊙ W_c exactly, so SmoothGrad over n copies
        // x + ε_k is (x + mean_k ε_k) ⊙ W_c: computed here by hand from the same seeded noise, image by image,
        // copy by copy, pixel by pixel (σ = noiseLevel · pixel range).
        float[][] w = {{1f, -2f, 0.5f, 3f}, {-1f, 0.25f, 2f, -0.5f}};
        float[][] images = {{0.2f, 0.9f, 0.4f, 0.1f}, {0.5f, 0.5f, 1.0f, 0.0f}};
        int[] targets = {0, 1};
        float noise = 0.3f;
        int n = 5;
        Random random = new Random(11);
        double[][] expected = new double[2][4];
        for (int i = 0; i < 2; i++) {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (float v : images[i]) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            float sigma = noise * (max - min);
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < 4; j++) {
                    float noisy = images[i][j] + sigma * (float) random.nextGaussian();
                    expected[i][j] += noisy * w[targets[i]][j] / n;
                }
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Block model = TestModels.linear(m, w, new float[] {0.1f, -0.3f});
            float[][] smooth = SmoothGrad.builder().method(IntegratedGradients.builder().steps(4).build())
                    .noiseLevel(noise).samples(n).seed(11).batchSize(3).build()
                    .attribute(model, m.create(images), targets);
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(expected[i][j], smooth[i][j], 1e-5, "image " + i + ", pixel " + j);
                }
            }
        }
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> SmoothGrad.builder().method(null));
        assertThrows(IllegalArgumentException.class, () -> SmoothGrad.builder().samples(0));
        assertThrows(IllegalArgumentException.class, () -> SmoothGrad.builder().noiseLevel(-0.1f));
        assertThrows(IllegalArgumentException.class, () -> SmoothGrad.builder().noiseLevel(Float.NaN));
    }
}
