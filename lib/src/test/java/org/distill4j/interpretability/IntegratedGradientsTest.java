package org.distill4j.interpretability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import org.junit.jupiter.api.Test;

class IntegratedGradientsTest {

    @Test
    void onALinearModelWithABlackBaselineAttributionsAreInputTimesWeight() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block model = TestModels.linear(m, SaliencyTest.W, SaliencyTest.B);
            float[][] images = {{0.1f, 0.9f, 0.4f, 0.2f}, {1f, 0f, 0.5f, 0.7f}};
            int[] targets = {0, 1};
            // Even 1 step is exact: the gradient of a linear model is the same at every point of the path.
            for (int steps : new int[] {1, 7}) {
                IntegratedGradients.Result r = IntegratedGradients.builder().steps(steps).build()
                        .explain(model, m.create(images), targets);
                for (int i = 0; i < 2; i++) {
                    float[] expected = new float[4];
                    for (int j = 0; j < 4; j++) {
                        expected[j] = images[i][j] * SaliencyTest.W[targets[i]][j];
                    }
                    assertArrayEquals(expected, r.maps()[i], 1e-6f);
                    assertEquals(0, r.completenessGap(i), 1e-5);
                }
            }
        }
    }

    @Test
    void aNonZeroBaselineAttributesTheDifferenceFromTheBaseline() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block model = TestModels.linear(m, SaliencyTest.W, SaliencyTest.B);
            float[] image = {0.1f, 0.9f, 0.4f, 0.2f};
            float[] baseline = {0.5f, 0.5f, 0.5f, 1f};
            IntegratedGradients.Result r = IntegratedGradients.builder().steps(4).baseline(baseline).build()
                    .explain(model, m.create(new float[][] {image}), new int[] {1});
            float scoreDifference = 0;
            for (int j = 0; j < 4; j++) {
                float expected = (image[j] - baseline[j]) * SaliencyTest.W[1][j];
                assertEquals(expected, r.maps()[0][j], 1e-6f);
                scoreDifference += expected;
            }
            assertEquals(scoreDifference, r.scoreDifferences()[0], 1e-6f);
        }
    }

    @Test
    void completenessHoldsWithinOnePercentOnAReluMlpWithEnoughStepsButNotWithOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block model = TestModels.mlp(m, 64, 32, 5, 7);
            NDArray x = m.create(TestModels.randomImages(6, 64, 8));
            int[] targets = {0, 1, 2, 3, 4, 0};
            IntegratedGradients.Result fine = IntegratedGradients.builder().steps(1024).batchSize(2048).build()
                    .explain(model, x, targets);
            assertTrue(fine.maxRelativeGap() < 0.01, "relative gap " + fine.maxRelativeGap());
            IntegratedGradients.Result coarse = IntegratedGradients.builder().steps(1).build()
                    .explain(model, x, targets);
            // One midpoint is the gradient at x/2 times x: a ReLU network bends, so that misses the score change.
            assertTrue(coarse.maxRelativeGap() > 0.01, "relative gap " + coarse.maxRelativeGap());
            double coarseTotal = 0;
            double fineTotal = 0;
            for (int i = 0; i < targets.length; i++) {
                coarseTotal += Math.abs(coarse.completenessGap(i));
                fineTotal += Math.abs(fine.completenessGap(i));
            }
            assertTrue(fineTotal < coarseTotal / 10, "more steps must shrink the gap: " + fineTotal + " vs " + coarseTotal);
            // Batching changes nothing but memory.
            IntegratedGradients.Result oneImageAtATime = IntegratedGradients.builder().steps(1024).batchSize(1).build()
                    .explain(model, x, targets);
            for (int i = 0; i < targets.length; i++) {
                assertArrayEquals(fine.maps()[i], oneImageAtATime.maps()[i], 1e-5f);
            }
        }
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> IntegratedGradients.builder().steps(0));
        try (NDManager m = NDManager.newBaseManager()) {
            Block model = TestModels.linear(m, SaliencyTest.W, SaliencyTest.B);
            IntegratedGradients ig = IntegratedGradients.builder().baseline(new float[3]).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ig.explain(model, m.create(new float[][] {{1, 2, 3, 4}}), new int[] {0}));
            assertTrue(e.getMessage().contains("baseline image has 3 pixels"), e.getMessage());
        }
    }
}
