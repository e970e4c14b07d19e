package org.distill4j.models;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;

/**
 * A small convolutional network for 28×28 greyscale images:
 * {@code [Conv 3×3 → ReLU → MaxPool 2×2] × 2 → Linear → ReLU → Dropout → Linear → logits}.
 *
 * <p>It takes the same flat input {@code [batch, 784]} as an {@link Mlp} and reshapes it to {@code [batch, 1, 28, 28]}
 * itself, so a CNN teacher can be distilled into an MLP student with the same data. Convolutions share weights across
 * positions, which is why this teacher is more accurate than an MLP of similar size on images.
 *
 * @param height image height in pixels (divisible by 4)
 * @param width image width in pixels (divisible by 4)
 * @param channels1 filters of the first convolution
 * @param channels2 filters of the second convolution
 * @param dense width of the fully connected layer
 * @param classes output classes
 * @param dropout dropout before the last layer, in [0, 1)
 */
public record SmallCnn(int height, int width, int channels1, int channels2, int dense, int classes, float dropout)
        implements Architecture {

    /**
     * @throws IllegalArgumentException if a size is not positive, the image side is not divisible by 4, or dropout is
     *     outside [0, 1)
     */
    public SmallCnn {
        if (height <= 0 || width <= 0 || height % 4 != 0 || width % 4 != 0) {
            throw new IllegalArgumentException("SmallCnn: image sides must be positive multiples of 4 (two 2×2 poolings), got "
                    + height + "×" + width);
        }
        if (channels1 <= 0 || channels2 <= 0 || dense <= 0 || classes <= 0) {
            throw new IllegalArgumentException("SmallCnn: channel counts, dense width and classes must be positive");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("SmallCnn: dropout must be in [0, 1), got " + dropout);
        }
    }

    /** The course's CNN teacher: 16 and 32 filters, 128 dense units, dropout 0.25, for 28×28 images and 10 classes. */
    public static SmallCnn teacher() {
        return new SmallCnn(28, 28, 16, 32, 128, 10, 0.25f);
    }

    @Override
    public String name() {
        return "cnn-" + channels1 + "-" + channels2 + "-" + dense + "-" + classes;
    }

    @Override
    public String config() {
        return "SmallCnn(image=" + height + "x" + width + ", conv3x3=[" + channels1 + ", " + channels2 + "], maxpool=2x2"
                + ", dense=" + dense + ", classes=" + classes + ", dropout=" + dropout + ", activation=relu)";
    }

    @Override
    public int inputFeatures() {
        return height * width;
    }

    @Override
    public Block newBlock() {
        int h = height;
        int w = width;
        SequentialBlock net = new SequentialBlock();
        net.add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().reshape(-1, 1, h, w)), "image"));
        for (int c : new int[] {channels1, channels2}) {
            net.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(c).build());
            net.add(Activation.reluBlock());
            net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
        net.add(Blocks.batchFlattenBlock());
        return Mlp.addLayers(net, new int[] {dense}, dropout, classes);
    }

    @Override
    public String toString() {
        return name();
    }
}
