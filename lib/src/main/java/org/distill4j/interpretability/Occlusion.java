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
        InputGradients.checkImages(images, targetClasses, height, width);
        int n = targetClasses.length;
        int features = height * width;
        int colsOfPatches = (width - patch) / stride + 1;
        int positions = positions();
        int[][] square = new int[positions][patch * patch];   // the pixels hidden at each position, row-major
        float[] coverage = new float[features];                // how many positions hide each pixel
        for (int p = 0; p < positions; p++) {
            int top = (p / colsOfPatches) * stride;
            int left = (p % colsOfPatches) * stride;
            for (int q = 0; q < patch * patch; q++) {
                square[p][q] = (top + q / patch) * width + left + q % patch;
                coverage[square[p][q]]++;
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
                    for (int j : square[p]) {
                        occluded[row * features + j] = fill;
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
                    for (int j : square[p]) {
                        map[j] += drop;
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
        return InputGradients.targetScores(model, x, targets, probabilities ? l -> SoftTargets.softmax(l, 1f) : l -> l);
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
            this.patch = Settings.atLeastOne("patch", patch, " (the side of the hidden square, in pixels)");
            return this;
        }

        /**
         * Pixels the patch moves between positions (defaults to the patch size: non-overlapping patches).
         *
         * @throws IllegalArgumentException if {@code stride < 1}
         */
        public Builder stride(int stride) {
            this.stride = Settings.atLeastOne("stride", stride, " (pixels the patch moves between positions)");
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
            Settings.checkImageSize(height, width);
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
            this.batchSize = Settings.atLeastOne("batchSize", batchSize, "");
            return this;
        }

        /** @throws IllegalArgumentException if the patch is larger than the image */
        public Occlusion build() {
            return new Occlusion(this);
        }
    }
}
