package org.distill4j.interpretability;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.Random;

/**
 * SmoothGrad (Smilkov, Thorat, Kim, Viégas and Wattenberg, 2017, "SmoothGrad: removing noise by adding noise").
 *
 * <p>Gradient maps of ReLU networks are speckled because the gradient jumps between linear pieces. SmoothGrad
 * averages the saliency map over noisy copies of the image:
 * \[ \hat M_c(x) = \frac{1}{n} \sum_{k=1}^{n} \left| \frac{\partial z_c}{\partial x}\big(x + \varepsilon_k\big) \right|,
 * \qquad \varepsilon_k \sim \mathcal N(0, \sigma^2 I), \quad \sigma = \text{noiseLevel} \cdot (\max_j x_j - \min_j x_j). \]
 * The paper's experiments found noise levels of 10–20 % to work well, with little change beyond \(n \approx 50\); with {@code noiseLevel(0)} the
 * result equals {@link Saliency#of}. Averaging the absolute gradient follows the paper's visualisations.
 *
 * <p>All \(n\) noisy copies of several images go through the model in one forward/backward pass of at most
 * {@link Builder#batchSize} rows. Noise comes from a seeded {@link Random}, so results are reproducible.
 *
 * <pre>{@code
 * SmoothGrad smoothGrad = SmoothGrad.builder().noiseLevel(0.15f).samples(50).seed(42).build();
 * float[][] maps = smoothGrad.attribute(teacher, images, labels);
 * }</pre>
 */
public final class SmoothGrad implements AttributionMethod {

    private final float noiseLevel;
    private final int samples;
    private final long seed;
    private final int batchSize;

    private SmoothGrad(Builder b) {
        this.noiseLevel = b.noiseLevel;
        this.samples = b.samples;
        this.seed = b.seed;
        this.batchSize = b.batchSize;
    }

    public static Builder builder() {
        return new Builder();
    }

    public float noiseLevel() {
        return noiseLevel;
    }

    public int samples() {
        return samples;
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code [N][features]} non-negative maps \(\hat M_{c_i}(x_i)\)
     */
    @Override
    public float[][] attribute(Block model, NDArray images, int[] targetClasses) {
        InputGradients.checkImages(images, targetClasses);
        int n = targetClasses.length;
        int features = (int) images.getShape().get(1);
        float[][] maps = new float[n][];
        float[] pixels = images.toFloatArray();
        Random random = new Random(seed);
        int imagesPerBatch = Math.max(1, batchSize / samples);
        for (int start = 0; start < n; start += imagesPerBatch) {
            int count = Math.min(imagesPerBatch, n - start);
            float[] noisy = new float[count * samples * features];
            int[] targets = new int[count * samples];
            for (int i = 0; i < count; i++) {
                int offset = (start + i) * features;
                float min = Float.POSITIVE_INFINITY;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < features; j++) {
                    min = Math.min(min, pixels[offset + j]);
                    max = Math.max(max, pixels[offset + j]);
                }
                float sigma = noiseLevel * (max - min);
                for (int k = 0; k < samples; k++) {
                    int row = i * samples + k;
                    targets[row] = targetClasses[start + i];
                    for (int j = 0; j < features; j++) {
                        noisy[row * features + j] = pixels[offset + j] + sigma * (float) random.nextGaussian();
                    }
                }
            }
            try (NDManager sub = images.getManager().newSubManager()) {
                NDArray x = sub.create(noisy, new Shape((long) count * samples, features));
                NDArray g = InputGradients.gradient(model, x, targets).abs();
                NDArray mean = g.reshape(count, samples, features).mean(new int[] {1});
                InputGradients.copyRows(mean, maps, start);
            }
        }
        return maps;
    }

    /** Settings for {@link SmoothGrad}; defaults: noise level 0.15, 50 samples, seed 0, batches of 4096 rows. */
    public static final class Builder {
        private float noiseLevel = 0.15f;
        private int samples = 50;
        private long seed = 0;
        private int batchSize = 4096;

        private Builder() {}

        /**
         * \(\sigma / (x_{\max} - x_{\min})\), the noise standard deviation relative to each image's pixel range.
         *
         * @throws IllegalArgumentException if negative or not finite (0 gives plain saliency)
         */
        public Builder noiseLevel(float noiseLevel) {
            if (!(noiseLevel >= 0) || Float.isInfinite(noiseLevel)) {
                throw new IllegalArgumentException("noiseLevel must be a finite number >= 0, got " + noiseLevel
                        + " (Smilkov et al. recommend 0.10 to 0.20).");
            }
            this.noiseLevel = noiseLevel;
            return this;
        }

        /**
         * \(n\), the number of noisy copies averaged per image.
         *
         * @throws IllegalArgumentException if {@code samples < 1}
         */
        public Builder samples(int samples) {
            if (samples < 1) {
                throw new IllegalArgumentException("samples must be at least 1, got " + samples
                        + " (Smilkov et al. used about 50).");
            }
            this.samples = samples;
            return this;
        }

        /** Seed of the noise generator: the same seed gives the same maps. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Largest number of rows (noisy images) sent through the model at once; bounds memory, not the result.
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

        public SmoothGrad build() {
            return new SmoothGrad(this);
        }
    }
}
