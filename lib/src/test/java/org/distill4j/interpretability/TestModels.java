package org.distill4j.interpretability;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import java.util.Random;

/** Small models with weights we choose, so tests know the right answer. */
final class TestModels {

    private TestModels() {}

    /** \( z = W x + b \) with {@code weight} {@code [classes][features]}. */
    static Block linear(NDManager manager, float[][] weight, float[] bias) {
        int classes = weight.length;
        int features = weight[0].length;
        Linear block = Linear.builder().setUnits(classes).build();
        block.initialize(manager, DataType.FLOAT32, new Shape(1, features));
        float[] flat = new float[classes * features];
        for (int c = 0; c < classes; c++) {
            System.arraycopy(weight[c], 0, flat, c * features, features);
        }
        block.getParameters().get("weight").getArray().set(flat);
        block.getParameters().get("bias").getArray().set(bias);
        return block;
    }

    /** features → hidden → ReLU → classes, weights drawn from {@code Random(seed)} (He-style scale). */
    static Block mlp(NDManager manager, int features, int hidden, int classes, long seed) {
        SequentialBlock block = new SequentialBlock()
                .add(Linear.builder().setUnits(hidden).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(classes).build());
        block.initialize(manager, DataType.FLOAT32, new Shape(1, features));
        Random random = new Random(seed);
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            long fanIn = a.getShape().dimension() == 2 ? a.getShape().get(1) : 1;
            float scale = a.getShape().dimension() == 2 ? (float) Math.sqrt(2.0 / fanIn) : 0.1f;
            float[] values = new float[(int) a.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = scale * (float) random.nextGaussian();
            }
            a.set(values);
        }
        return block;
    }

    /** {@code n} images of {@code features} pixels uniform in [0, 1). */
    static float[][] randomImages(int n, int features, long seed) {
        Random random = new Random(seed);
        float[][] images = new float[n][features];
        for (float[] image : images) {
            for (int j = 0; j < features; j++) {
                image[j] = random.nextFloat();
            }
        }
        return images;
    }
}
