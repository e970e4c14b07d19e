package org.distill4j.interpretability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import org.junit.jupiter.api.Test;

class SanityCheckTest {

    @Test
    void saliencyOfTrainedAndRandomWeightsSharesLittleWhileTheSameModelTwiceAgreesFully() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block model = TestModels.mlp(m, 196, 32, 4, 21);
            Block random = TestModels.mlp(m, 196, 32, 4, 22);   // same architecture, other weights
            NDArray images = m.create(TestModels.randomImages(8, 196, 23));
            int[] targets = {0, 1, 2, 3, 0, 1, 2, 3};

            SanityCheck.Result differentModels = SanityCheck.modelRandomisation(Saliency.absolute(), model, random, images, targets);
            assertTrue(Math.abs(differentModels.meanSpearman()) < 0.2, differentModels.toString());
            assertTrue(differentModels.meanTopKOverlap() < 0.25, differentModels.toString());

            SanityCheck.Result sameModel = SanityCheck.modelRandomisation(Saliency.absolute(), model, model, images, targets);
            assertEquals(1.0, sameModel.meanSpearman(), 1e-12);
            assertEquals(1.0, sameModel.meanTopKOverlap(), 0);
            assertEquals(19, sameModel.k());
            assertEquals(0.0969, sameModel.chanceTopKOverlap(), 1e-4);
        }
    }

    @Test
    void integratedGradientsKeepsSomeInputStructureUnderRandomWeights() {
        // IG multiplies by (x - baseline), so the pixel values themselves survive randomisation: its maps of two
        // unrelated models correlate clearly more than plain gradients do. The check exposes that; it does not hide it.
        try (NDManager m = NDManager.newBaseManager()) {
            Block model = TestModels.mlp(m, 196, 32, 4, 21);
            Block random = TestModels.mlp(m, 196, 32, 4, 22);
            NDArray images = m.create(TestModels.randomImages(8, 196, 23));
            int[] targets = {0, 1, 2, 3, 0, 1, 2, 3};
            IntegratedGradients ig = IntegratedGradients.builder().steps(8).build();
            double igSimilarity = SanityCheck.modelRandomisation(ig, model, random, images, targets).meanSpearman();
            double saliencySimilarity =
                    SanityCheck.modelRandomisation(Saliency.absolute(), model, random, images, targets).meanSpearman();
            assertTrue(igSimilarity > saliencySimilarity + 0.2, igSimilarity + " vs " + saliencySimilarity);
            assertEquals(1.0, SanityCheck.modelRandomisation(ig, model, model, images, targets).meanSpearman(), 1e-12);
        }
    }
}
