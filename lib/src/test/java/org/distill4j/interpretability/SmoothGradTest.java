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
import org.junit.jupiter.api.Test;

class SmoothGradTest {

    @Test
    void withoutNoiseSmoothGradIsPlainSaliency() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block model = TestModels.mlp(m, 10, 8, 3, 3);
            NDArray x = m.create(TestModels.randomImages(5, 10, 4));
            int[] targets = {0, 1, 2, 1, 0};
            float[][] smooth = SmoothGrad.builder().noiseLevel(0).samples(3).build().attribute(model, x, targets);
            float[][] plain = Saliency.of(model, x, targets);
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
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> SmoothGrad.builder().samples(0));
        assertThrows(IllegalArgumentException.class, () -> SmoothGrad.builder().noiseLevel(-0.1f));
        assertThrows(IllegalArgumentException.class, () -> SmoothGrad.builder().noiseLevel(Float.NaN));
    }
}
