package org.distill4j.interpretability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import org.junit.jupiter.api.Test;

class OcclusionTest {

    /** A 28×28 "classifier" whose class-1 logit sums rows 8..11, columns 12..15 and ignores every other pixel. */
    static Block looksOnlyAtOnePatch(NDManager m) {
        float[][] w = new float[2][784];
        for (int r = 8; r < 12; r++) {
            for (int c = 12; c < 16; c++) {
                w[1][r * 28 + c] = 1f;
            }
        }
        for (int j = 0; j < 784; j++) {
            w[0][j] = 0.01f;   // class 0 looks at everything, weakly
        }
        return TestModels.linear(m, w, new float[2]);
    }

    @Test
    void occlusionHighlightsThePatchTheModelLooksAtAndNothingElse() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block model = looksOnlyAtOnePatch(m);
            NDArray images = m.create(TestModels.randomImages(3, 784, 11));
            float[][] maps = Occlusion.builder().patch(4).stride(4).build().attribute(model, images, new int[] {1, 1, 1});
            float[] pixels = images.toFloatArray();
            for (int i = 0; i < 3; i++) {
                float patchSum = 0;
                for (int r = 8; r < 12; r++) {
                    for (int c = 12; c < 16; c++) {
                        patchSum += pixels[i * 784 + r * 28 + c];
                    }
                }
                for (int r = 0; r < 28; r++) {
                    for (int c = 0; c < 28; c++) {
                        boolean inside = r >= 8 && r < 12 && c >= 12 && c < 16;
                        // Hiding the patch removes exactly its pixels' contribution; hiding anything else changes nothing.
                        assertEquals(inside ? patchSum : 0f, maps[i][r * 28 + c], 1e-4f, "pixel (" + r + "," + c + ")");
                    }
                }
            }
        }
    }

    @Test
    void overlappingPatchesSpreadTheDropOverThePixelsTheyCover() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block model = looksOnlyAtOnePatch(m);
            NDArray images = m.create(TestModels.randomImages(1, 784, 12));
            float[] map = Occlusion.builder().patch(4).stride(2).probabilities(true).build()
                    .attribute(model, images, new int[] {1})[0];
            int best = 0;
            for (int j = 1; j < 784; j++) {
                if (map[j] > map[best]) {
                    best = j;
                }
            }
            int r = best / 28;
            int c = best % 28;
            assertTrue(r >= 8 && r < 12 && c >= 12 && c < 16, "strongest pixel at (" + r + "," + c + ")");
            // Class 0 looks weakly at every pixel, so hiding a far corner moves p_1 a little, but far less.
            assertTrue(Math.abs(map[0]) < 0.05 * map[best], "corner " + map[0] + " vs patch " + map[best]);
        }
    }

    @Test
    void imagesOfTheWrongSizeAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Occlusion.builder().patch(0));
        assertThrows(IllegalArgumentException.class, () -> Occlusion.builder().patch(30).build());
        try (NDManager m = NDManager.newBaseManager()) {
            Block model = TestModels.linear(m, SaliencyTest.W, SaliencyTest.B);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Occlusion.builder().build().attribute(model, m.create(new float[][] {{1, 2, 3, 4}}), new int[] {0}));
            assertTrue(e.getMessage().contains("imageSize"), e.getMessage());
            float[][] tiny = Occlusion.builder().imageSize(2, 2).patch(1).build()
                    .attribute(model, m.create(new float[][] {{1, 1, 1, 1}}), new int[] {0});
            assertEquals(SaliencyTest.W[0][1], tiny[0][1], 1e-6f);   // hiding pixel 1 removes w_01 · 1
        }
    }
}
