package org.distill4j.interpretability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class SaliencyTest {

    static final float[][] W = {{0.5f, -2f, 0f, 1.5f}, {-1f, 0.25f, 3f, -0.75f}};
    static final float[] B = {0.3f, -0.2f};

    @Test
    void saliencyOfALinearModelIsTheAbsoluteWeightRowOfTheTarget() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block model = TestModels.linear(m, W, B);
            NDArray x = m.create(new float[][] {{0.1f, 0.9f, 0.4f, 0.2f}, {1f, 0f, 0.5f, 0.7f}});
            float[][] maps = Saliency.absolute().attribute(model, x, new int[] {0, 1});
            assertArrayEquals(new float[] {0.5f, 2f, 0f, 1.5f}, maps[0], 1e-6f);
            assertArrayEquals(new float[] {1f, 0.25f, 3f, 0.75f}, maps[1], 1e-6f);
            float[][] signed = Saliency.signed().attribute(model, x, new int[] {1, 0});
            assertArrayEquals(W[1], signed[0], 1e-6f);
            assertArrayEquals(W[0], signed[1], 1e-6f);
        }
    }

    @Test
    void explainingLeavesTheModelsParameterGradientsUntouched() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block model = TestModels.mlp(m, 6, 5, 3, 1);
            NDArray x = m.create(TestModels.randomImages(4, 6, 2));
            NDArray weight = model.getParameters().get(0).getValue().getArray();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(model.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow().sum());
            }
            float[] before = weight.getGradient().toFloatArray();
            Saliency.absolute().attribute(model, x, new int[] {0, 1, 2, 0});
            IntegratedGradients.builder().steps(3).build().explain(model, x, new int[] {0, 1, 2, 0});
            assertTrue(weight.hasGradient(), "parameters must still take part in training");
            assertArrayEquals(before, weight.getGradient().toFloatArray(), 0f);
            double total = 0;
            for (float g : before) {
                total += Math.abs(g);
            }
            assertTrue(total > 0, "the setup must produce some gradient");
        }
    }

    @Test
    void wrongInputsAreRejectedWithAnExplanation() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block model = TestModels.linear(m, W, B);
            NDArray x = m.create(new float[][] {{0.1f, 0.9f, 0.4f, 0.2f}});
            IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                    () -> Saliency.absolute().attribute(model, x, new int[] {0, 1}));
            assertTrue(count.getMessage().contains("1 images but 2 target classes"), count.getMessage());
            IllegalArgumentException target = assertThrows(IllegalArgumentException.class,
                    () -> Saliency.absolute().attribute(model, x, new int[] {2}));
            assertTrue(target.getMessage().contains("outside 0..1"), target.getMessage());
            IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                    () -> Saliency.absolute().attribute(model, m.create(new float[][] {{1f, 2f, 3f}}), new int[] {0}));
            assertTrue(width.getMessage().contains("wrong input width"), width.getMessage());
            IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                    () -> Saliency.absolute().attribute(model, m.create(new float[] {1f, 2f, 3f, 4f}), new int[] {0}));
            assertTrue(rank.getMessage().contains("2-D"), rank.getMessage());
            assertEquals(1, Saliency.absolute().attribute(model, x, new int[] {1}).length);
        }
    }
}
