package org.distill4j.interpretability;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import org.distill4j.distillation.SoftTargets;

/**
 * Occlusion sensitivity (Zeiler and Fergus, 2014, "Visualizing and Understanding Convolutional Networks", §4.2).
 *
 * <p>Model-agnostic: no gradients, only forward passes. A {@code patch × patch} square of the image is set to a fill
 * value (0, black, by default), the square slides over the image by {@code stride} pixels, and each position records
 * how much the class score drops:
 * \[ \Delta_P = s_c(x) - s_c(x_{\setminus P}), \qquad
 * M_j = \frac{1}{|\{P : j \in P\}|} \sum_{P \ni j} \Delta_P, \]
 * where \(s_c\) is the logit \(z_c\) (default) or, with {@code probabilities(true)}, the softmax probability
 * \(p_c\) that Zeiler and Fergus plotted. A large positive \(M_j\) means hiding pixel \(j\)'s neighbourhood hurts the
 * class; pixels no patch covers (when the stride skips the border) get 0. Patch positions start at row and column 0
 * and advance by {@code stride} while the patch fits inside the image.
 *
 * <p>All occluded copies of several images go through the model in one forward pass of at most
 * {@link Builder#batchSize} rows.
 *
 * <pre>{@code
 * Occlusion occlusion = Occlusion.builder().patch(4).stride(4).build();   // 7 × 7 = 49 positions on 28 × 28
 * float[][] maps = occlusion.attribute(student, images, labels);
 * }</pre>
 */
public final class Occlusion implements AttributionMethod {

    private final int patch;
    private final int stride;
    private final float fill;
    private final int height;
    private final int width;
    private final boolean probabilities;
    private final int batchSize;

    private Occlusion(Builder b) {
        this.patch = b.patch;
        this.stride = b.stride == 0 ? b.patch : b.stride;
        this.fill = b.fill;
        this.height = b.height;
        this.width = b.width;
        this.probabilities = b.probabilities;
        this.batchSize = b.batchSize;
        if (patch > height || patch > width) {
            throw new IllegalArgumentException("a " + patch + "×" + patch + " patch does not fit in " + height + "×" + width
                    + " images.");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Number of patch positions per image: \( (\lfloor (H - p)/s \rfloor + 1)(\lfloor (W - p)/s \rfloor + 1) \). */
    public int positions() {
        return ((height - patch) / stride + 1) * ((width - patch) / stride + 1);
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code [N][height·width]} maps \(M\), positive where occluding lowers the target score
     * @throws IllegalArgumentException also when the images do not have {@code height · width} features
     */
    @Override
    public float[][] attribute(Block model, NDArray images, int[] targetClasses) {
        InputGradients.checkImages(images, targetClasses);
        int n = targetClasses.length;
        int features = height * width;
        if (images.getShape().get(1) != features) {
            throw new IllegalArgumentException("images have " + images.getShape().get(1) + " features but occlusion was set"
                    + " up for " + height + "×" + width + " = " + features + " pixels; set imageSize(height, width).");
        }
        int rowsOfPatches = (height - patch) / stride + 1;
        int colsOfPatches = (width - patch) / stride + 1;
        int positions = rowsOfPatches * colsOfPatches;
        float[] coverage = new float[features];
        for (int pr = 0; pr < rowsOfPatches; pr++) {
            for (int pc = 0; pc < colsOfPatches; pc++) {
                for (int r = pr * stride; r < pr * stride + patch; r++) {
                    for (int c = pc * stride; c < pc * stride + patch; c++) {
                        coverage[r * width + c]++;
                    }
                }
            }
        }
        float[] pixels = images.toFloatArray();
        float[] original = scores(model, images, targetClasses);
        float[][] maps = new float[n][];
        int imagesPerBatch = Math.max(1, batchSize / positions);
        for (int start = 0; start < n; start += imagesPerBatch) {
            int count = Math.min(imagesPerBatch, n - start);
            float[] occluded = new float[count * positions * features];
            int[] targets = new int[count * positions];
            for (int i = 0; i < count; i++) {
                for (int p = 0; p < positions; p++) {
                    int row = i * positions + p;
                    targets[row] = targetClasses[start + i];
                    System.arraycopy(pixels, (start + i) * features, occluded, row * features, features);
                    int top = (p / colsOfPatches) * stride;
                    int left = (p % colsOfPatches) * stride;
                    for (int r = top; r < top + patch; r++) {
                        for (int c = left; c < left + patch; c++) {
                            occluded[row * features + r * width + c] = fill;
                        }
                    }
                }
            }
            float[] hidden;
            try (NDManager sub = images.getManager().newSubManager()) {
                NDArray x = sub.create(occluded, new Shape((long) count * positions, features));
                hidden = scores(model, x, targets);
            }
            for (int i = 0; i < count; i++) {
                float[] map = new float[features];
                for (int p = 0; p < positions; p++) {
                    float drop = original[start + i] - hidden[i * positions + p];
                    int top = (p / colsOfPatches) * stride;
                    int left = (p % colsOfPatches) * stride;
                    for (int r = top; r < top + patch; r++) {
                        for (int c = left; c < left + patch; c++) {
                            map[r * width + c] += drop;
                        }
                    }
                }
                for (int j = 0; j < features; j++) {
                    if (coverage[j] > 0) {
                        map[j] /= coverage[j];
                    }
                }
                maps[start + i] = map;
            }
        }
        return maps;
    }

    /** \(s_{c_i}(x_i)\): the target logit, or the target probability when {@code probabilities} is set. */
    private float[] scores(Block model, NDArray x, int[] targets) {
        if (!probabilities) {
            return InputGradients.targetLogits(model, x, targets);
        }
        try (NDManager sub = x.getManager().newSubManager()) {
            NDArray input = x.duplicate();
            input.attach(sub);
            NDArray logits = InputGradients.logits(model, sub, input);
            NDArray mask = InputGradients.targetMask(sub, targets, (int) logits.getShape().get(1));
            return SoftTargets.softmax(logits, 1f).mul(mask).sum(new int[] {1}).toFloatArray();
        }
    }

    /** Settings for {@link Occlusion}; defaults: 4×4 patches, stride = patch, fill 0, 28×28 images, logits. */
    public static final class Builder {
        private int patch = 4;
        private int stride = 0;
        private float fill = 0f;
        private int height = 28;
        private int width = 28;
        private boolean probabilities = false;
        private int batchSize = 4096;

        private Builder() {}

        /**
         * Side of the square hidden at each position, in pixels.
         *
         * @throws IllegalArgumentException if {@code patch < 1}
         */
        public Builder patch(int patch) {
            if (patch < 1) {
                throw new IllegalArgumentException("patch must be at least 1 pixel, got " + patch + ".");
            }
            this.patch = patch;
            return this;
        }

        /**
         * Pixels the patch moves between positions (defaults to the patch size: non-overlapping patches).
         *
         * @throws IllegalArgumentException if {@code stride < 1}
         */
        public Builder stride(int stride) {
            if (stride < 1) {
                throw new IllegalArgumentException("stride must be at least 1 pixel, got " + stride + ".");
            }
            this.stride = stride;
            return this;
        }

        /** Value written into the hidden square (0 = black for pixels in [0, 1]). */
        public Builder fill(float fill) {
            this.fill = fill;
            return this;
        }

        /**
         * Image height and width; the flattened images must have {@code height · width} features.
         *
         * @throws IllegalArgumentException if either is below 1
         */
        public Builder imageSize(int height, int width) {
            if (height < 1 || width < 1) {
                throw new IllegalArgumentException("image size must be positive, got " + height + "×" + width + ".");
            }
            this.height = height;
            this.width = width;
            return this;
        }

        /** Score the softmax probability \(p_c\) (as Zeiler and Fergus did) instead of the logit \(z_c\). */
        public Builder probabilities(boolean probabilities) {
            this.probabilities = probabilities;
            return this;
        }

        /**
         * Largest number of rows (occluded images) sent through the model at once; bounds memory, not the result.
         *
         * @throws IllegalArgumentException if {@code batchSize < 1}
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize + ".");
            }
            this.batchSize = batchSize;
            return this;
        }

        /** @throws IllegalArgumentException if the patch is larger than the image */
        public Occlusion build() {
            return new Occlusion(this);
        }
    }
}
