package org.distill4j.interpretability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import org.junit.jupiter.api.Test;

class ResourcesTest {

    @Test
    void noMethodLeavesArraysBehindInTheCallersOrTheModelsManager() {
        try (NDManager modelManager = NDManager.newBaseManager(); NDManager data = NDManager.newBaseManager()) {
            Block model = TestModels.mlp(modelManager, 16, 8, 3, 1);
            NDArray images = data.create(TestModels.randomImages(5, 16, 2));
            NDArray logits = data.create(new float[][] {{1, 2, 3}, {3, 2, 1}, {0, 0, 0}});
            int[] targets = {0, 1, 2, 0, 1};
            int modelArrays = modelManager.getManagedArrays().size();
            int dataArrays = data.getManagedArrays().size();
            AttributionMethod[] methods = {Saliency.absolute(), Saliency.signed(),
                    SmoothGrad.builder().samples(4).batchSize(7).build(),
                    IntegratedGradients.builder().steps(4).batchSize(9).build(),
                    Occlusion.builder().imageSize(4, 4).patch(2).batchSize(5).build(),
                    Occlusion.builder().imageSize(4, 4).patch(2).probabilities(true).build()};
            String[] names = {"saliency", "signed gradient", "SmoothGrad", "Integrated Gradients", "occlusion",
                "occlusion on probabilities"};
            for (int i = 0; i < methods.length; i++) {
                methods[i].attribute(model, images, targets);
                assertEquals(modelArrays, modelManager.getManagedArrays().size(), names[i] + " left arrays in the model");
                assertEquals(dataArrays, data.getManagedArrays().size(), names[i] + " left arrays with the caller");
            }
            DarkKnowledge.classSimilarity(logits, new int[] {0, 1, 2}, 2f);
            SurrogateTree.builder().imageSize(4, 4).pool(2).fit(images, targets).predict(images);
            assertEquals(dataArrays, data.getManagedArrays().size());
        }
    }
}
