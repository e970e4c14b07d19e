package org.distill4j.interpretability;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.Arrays;
import java.util.Random;

/**
 * What {@link KernelShap} and {@link Lime} share: the image is cut into the patches of a {@link PatchGrid}, patterns
 * \(z \in \{0,1\}^M\) of patches switched on are drawn from {@code Random(seed)}, and the target logit of each
 * \(h_x(z)\) (the image's pixels where \(z\) is on, the {@link Baseline}'s elsewhere) is evaluated, {@code batchSize}
 * rows per forward pass. The two methods differ in which patterns they draw and in the regression they fit to the
 * logits.
 *
 * @param grid the patches
 * @param samples patterns evaluated per image, at least \(M + 1\)
 * @param seed seed of the pattern sampler
 * @param baseline the pixels of the patches that are off
 * @param batchSize most rows per forward pass
 */
record PatchSampling(PatchGrid grid, int samples, long seed, Baseline baseline, int batchSize) {

    /** A fresh {@code Random(seed)}: every call draws the same patterns, whichever images are explained. */
    Random random() {
        return new Random(seed);
    }

    /** The pattern with every patch on: the image itself. */
    static boolean[] allOn(int m) {
        boolean[] z = new boolean[m];
        Arrays.fill(z, true);
        return z;
    }

    /**
     * A pattern of {@code size} patches out of {@code m}, every such set equally likely: the first {@code size} of a
     * random permutation (a partial Fisher-Yates shuffle, {@code size} draws from {@code random}).
     */
    static boolean[] choose(int m, int size, Random random) {
        int[] order = new int[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        boolean[] z = new boolean[m];
        for (int i = 0; i < size; i++) {
            int pick = i + random.nextInt(m - i);
            int swap = order[i];
            order[i] = order[pick];
            order[pick] = swap;
            z[order[i]] = true;
        }
        return z;
    }

    /**
     * Checks the images and targets before any work: float32 {@code [N, pixels]}, one target per image (see
     * {@link AttributionMethod#attribute}), as many pixels as the grid has.
     */
    void check(NDArray images, int[] targets) {
        InputGradients.checkImages(images, targets, grid.height(), grid.width());
    }

    /**
     * \(f_{c_i}(h_{x_i}(z_k))\): the target logit of every image with every pattern, images in the outer loop.
     * Rows go through the model {@code batchSize} at a time; nothing else is evaluated.
     *
     * @param images float32 {@code [N, pixels]}, {@link #check checked}
     * @param patterns {@code [K][M]}
     * @return {@code [N][K]}
     * @throws IllegalArgumentException if a target is not a class of the model, or the baseline image has the wrong
     *     number of pixels
     */
    double[][] targetScores(Block model, NDArray images, boolean[][] patterns, int[] targets) {
        float[] base = baseline.pixels(grid.pixels());
        int n = targets.length;
        int k = patterns.length;
        int features = grid.pixels();
        float[] pixels = images.toFloatArray();
        double[][] scores = new double[n][k];
        long rows = (long) n * k;
        for (long start = 0; start < rows; start += batchSize) {
            int count = (int) Math.min(batchSize, rows - start);
            float[] batch = new float[count * features];
            for (int r = 0; r < count; r++) {
                int image = (int) ((start + r) / k);
                boolean[] z = patterns[(int) ((start + r) % k)];
                int offset = image * features;
                int out = r * features;
                for (int j = 0; j < features; j++) {
                    batch[out + j] = z[grid.patchOf(j)] ? pixels[offset + j] : base[j];
                }
            }
            try (NDManager sub = images.getManager().newSubManager()) {
                NDArray x = sub.create(batch, new Shape(count, features));
                NDArray logits = InputGradients.logits(model, sub, x);
                int classes = (int) logits.getShape().get(1);
                if (start == 0) {   // the first batch tells how many classes the model has
                    InputGradients.checkTargets(targets, classes);
                }
                float[] all = logits.toFloatArray();
                for (int r = 0; r < count; r++) {
                    int image = (int) ((start + r) / k);
                    scores[image][(int) ((start + r) % k)] = all[r * classes + targets[image]];
                }
            }
        }
        return scores;
    }

    /**
     * The settings {@link KernelShap.Builder} and {@link Lime.Builder} share, in the self-typed style of DJL's
     * builders ({@code B} is the concrete builder, so every setter returns it); defaults: 4×4 patches of 28×28 images
     * (49 patches), 512 samples, seed 42, black baseline (all 0), 256 rows per forward pass.
     *
     * @param <B> the concrete builder
     */
    public abstract static class Builder<B extends Builder<B>> {
        private int patch = 4;
        private int height = 28;
        private int width = 28;
        private int samples = 512;
        private long seed = 42;
        private Baseline baseline = Baseline.BLACK;
        private int batchSize = 256;

        Builder() {}

        /** This builder, as its concrete type. */
        abstract B self();

        /** Side of the square patches, in pixels; must divide the image's sides (checked in {@code build}). */
        public B patch(int patch) {
            this.patch = patch;
            return self();
        }

        /** Image height and width; the flattened images must have {@code height · width} features. */
        public B imageSize(int height, int width) {
            this.height = height;
            this.width = width;
            return self();
        }

        /**
         * Patterns of patches to evaluate per image, at least patches + 1 (checked in {@code build}): KernelSHAP's
         * coalitions besides the image and the baseline (with \(2^M - 2\) or more, all coalitions are evaluated and
         * the values are exact); LIME's perturbations, the image itself included.
         */
        public B samples(int samples) {
            this.samples = samples;
            return self();
        }

        /** Seed of the pattern sampler: the same seed gives the same patterns and the same result. */
        public B seed(long seed) {
            this.seed = seed;
            return self();
        }

        /**
         * A constant baseline \(b = (v, \dots, v)\) for patches that are off: 0 is black for pixels in [0, 1].
         *
         * @throws IllegalArgumentException if {@code value} is not finite
         */
        public B baseline(float value) {
            this.baseline = Baseline.constant(value);
            return self();
        }

        /**
         * A baseline image \(b\), e.g. the mean training image; one value per pixel (checked in {@code explain}).
         *
         * @throws IllegalArgumentException if {@code image} is null or empty
         */
        public B baseline(float[] image) {
            this.baseline = Baseline.image(image);
            return self();
        }

        /**
         * Largest number of rows sent through the model at once; bounds memory, not the result.
         *
         * @throws IllegalArgumentException if {@code batchSize < 1}
         */
        public B batchSize(int batchSize) {
            this.batchSize = Settings.atLeastOne("batchSize", batchSize, "");
            return self();
        }

        /**
         * The checked settings.
         *
         * @param needs the start of the message when samples are too few, e.g. "LIME needs at least as many samples
         *     as patches + 1 to fit a weight per patch and an intercept"
         * @throws IllegalArgumentException if the patch does not divide the image's sides, or samples is below the
         *     number of patches + 1
         */
        PatchSampling sampling(String needs) {
            PatchGrid grid = PatchGrid.of(height, width, patch);
            int m = grid.count();
            if (samples < m + 1) {
                throw new IllegalArgumentException(needs + ": " + m + " patches (" + patch + "×" + patch + " on " + height
                        + "×" + width + ") need samples(" + (m + 1) + ") or more, got " + samples
                        + ". Raise samples (a few hundred is usual) or use larger patches.");
            }
            return new PatchSampling(grid, samples, seed, baseline, batchSize);
        }
    }
}
