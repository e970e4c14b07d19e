package org.distill4j.interpretability;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.Random;

/**
 * SmoothGrad (Smilkov, Thorat, Kim, Viégas and Wattenberg, 2017, "SmoothGrad: removing noise by adding noise"),
 * around any attribution method, as Captum's {@code NoiseTunnel} does.
 *
 * <p>Gradient maps of ReLU networks are speckled because the gradient jumps between linear pieces. SmoothGrad
 * averages a method's maps \(A\) over noisy copies of the image:
 * \[ \hat A_c(x) = \frac{1}{n} \sum_{k=1}^{n} A_c\big(x + \varepsilon_k\big),
 * \qquad \varepsilon_k \sim \mathcal N(0, \sigma^2 I), \quad \sigma = \text{noiseLevel} \cdot (\max_j x_j - \min_j x_j). \]
 * By default \(A\) is {@link Saliency#absolute()}, \( |\partial z_c / \partial x| \), as in the paper's
 * visualisations; {@link Builder#method} wraps another one (signed gradients, Integrated Gradients, occlusion). The
 * paper found noise levels of 10–20 % to work well, with little change beyond \(n \approx 50\); with
 * {@code noiseLevel(0)} the result equals the wrapped method's.
 *
 * <p>The \(n\) noisy copies of several images go to the wrapped method together, at most {@link Builder#batchSize}
 * rows at a time. Noise comes from a seeded {@link Random} — drawn image by image, copy by copy, pixel by pixel with
 * {@code nextGaussian()} — so results are reproducible.
 *
 * <pre>{@code
 * SmoothGrad smoothGrad = SmoothGrad.builder().noiseLevel(0.15f).samples(50).seed(42).build();
 * float[][] maps = smoothGrad.attribute(teacher, images, labels);
 * }</pre>
 */
public final class SmoothGrad implements AttributionMethod {

    private final AttributionMethod method;
    private final float noiseLevel;
    private final int samples;
    private final long seed;
    private final int batchSize;

    private SmoothGrad(Builder b) {
        this.method = b.method;
        this.noiseLevel = b.noiseLevel;
        this.samples = b.samples;
        this.seed = b.seed;
        this.batchSize = b.batchSize;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code [N][features]} maps \(\hat A_{c_i}(x_i)\), the mean of the wrapped method's maps of the noisy copies
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
            float[][] noisyMaps;
            try (NDManager sub = images.getManager().newSubManager()) {
                noisyMaps = method.attribute(model, sub.create(noisy, new Shape((long) count * samples, features)),
                        targets);
            }
            for (int i = 0; i < count; i++) {
                maps[start + i] = mean(noisyMaps, i * samples, samples, features);
            }
        }
        return maps;
    }

    /** The mean of rows {@code from .. from + rows - 1}, summed in double precision. */
    private static float[] mean(float[][] maps, int from, int rows, int features) {
        double[] sum = new double[features];
        for (int r = from; r < from + rows; r++) {
            for (int j = 0; j < features; j++) {
                sum[j] += maps[r][j];
            }
        }
        float[] mean = new float[features];
        for (int j = 0; j < features; j++) {
            mean[j] = (float) (sum[j] / rows);
        }
        return mean;
    }

    /**
     * Settings for {@link SmoothGrad}; defaults: {@link Saliency#absolute()}, noise level 0.15, 50 samples, seed 0,
     * batches of 4096 rows.
     */
    public static final class Builder {
        private AttributionMethod method = Saliency.absolute();
        private float noiseLevel = 0.15f;
        private int samples = 50;
        private long seed = 0;
        private int batchSize = 4096;

        private Builder() {}

        /**
         * The attribution method to smooth, e.g. {@code Saliency.signed()} or an {@link IntegratedGradients}.
         *
         * @throws IllegalArgumentException if {@code method} is null
         */
        public Builder method(AttributionMethod method) {
            if (method == null) {
                throw new IllegalArgumentException("method is null: pass an AttributionMethod such as "
                        + "Saliency.absolute()");
            }
            this.method = method;
            return this;
        }

        /**
         * \(\sigma / (x_{\max} - x_{\min})\), the noise standard deviation relative to each image's pixel range.
         *
         * @throws IllegalArgumentException if negative or not finite (0 gives the wrapped method's maps)
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
            this.samples = Settings.atLeastOne("samples", samples, " (Smilkov et al. used about 50)");
            return this;
        }

        /** Seed of the noise generator: the same seed gives the same maps. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Largest number of rows (noisy images) passed to the method at once; bounds memory, not the result.
         *
         * @throws IllegalArgumentException if {@code batchSize < 1}
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = Settings.atLeastOne("batchSize", batchSize, "");
            return this;
        }

        public SmoothGrad build() {
            return new SmoothGrad(this);
        }
    }
}
