package org.distill4j.interpretability;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.Arrays;

/**
 * Integrated Gradients (Sundararajan, Taly and Yan, 2017, "Axiomatic Attribution for Deep Networks", §3).
 *
 * <p>The attribution of pixel \(j\) is the gradient integrated along the straight path from a baseline \(x'\) (a
 * black image by default) to the image \(x\):
 * \[ \mathrm{IG}_j(x) = (x_j - x'_j) \int_0^1 \frac{\partial z_c}{\partial x_j}\big(x' + \alpha (x - x')\big)\, d\alpha
 * \approx (x_j - x'_j)\, \frac{1}{m} \sum_{k=1}^{m} \frac{\partial z_c}{\partial x_j}\Big(x' + \tfrac{k - 1/2}{m} (x - x')\Big). \]
 * The integral is approximated with the midpoint rule over \(m\) = {@code steps} points (the paper uses a Riemann sum;
 * the midpoint rule's error shrinks as \(1/m^2\) instead of \(1/m\) for smooth models).
 *
 * <p><b>Completeness</b> (§3, Proposition 1): the attributions add up to the change in the score,
 * \( \sum_j \mathrm{IG}_j(x) = z_c(x) - z_c(x') \). The sum is exact for the integral; for the \(m\)-point
 * approximation the difference is the {@link Result#completenessGap completeness gap}, which the paper suggests
 * keeping within 5 % by raising \(m\) (20 to 300 steps). For a linear model the gradient is constant, so any \(m\)
 * gives exactly \( (x - x') \odot w_c \).
 *
 * <p>Batched: all \(m\) path points of several images go through the model in one forward/backward pass of at most
 * {@link Builder#batchSize} rows.
 *
 * <pre>{@code
 * IntegratedGradients ig = IntegratedGradients.builder().steps(32).build();   // black baseline
 * IntegratedGradients.Result r = ig.explain(teacher, images, labels);
 * r.maps();                    // [N][784], signed
 * r.maxRelativeGap();          // e.g. 0.004: completeness holds within 0.4 %
 * }</pre>
 */
public final class IntegratedGradients implements AttributionMethod {

    private final int steps;
    private final Baseline baseline;
    private final int batchSize;

    private IntegratedGradients(Builder b) {
        this.steps = b.steps;
        this.baseline = b.baseline;
        this.batchSize = b.batchSize;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The maps only; see {@link #explain} for the completeness check. */
    @Override
    public float[][] attribute(Block model, NDArray images, int[] targetClasses) {
        return explain(model, images, targetClasses).maps();
    }

    /**
     * Integrated Gradients of each image's target logit, with the completeness check.
     *
     * @param model an initialized block mapping float32 {@code [N, features]} to logits {@code [N, classes]}
     * @param images float32 {@code [N, features]}; not modified
     * @param targetClasses {@code N} class indices \(c_i\)
     * @throws IllegalArgumentException on bad images or targets (see {@link AttributionMethod#attribute}), or a
     *     baseline image whose length differs from the number of features
     */
    public Result explain(Block model, NDArray images, int[] targetClasses) {
        InputGradients.checkImages(images, targetClasses);
        int n = targetClasses.length;
        int features = (int) images.getShape().get(1);
        float[] base = baseline.pixels(features);
        float[][] maps = new float[n][];
        float[] scoreDifferences = new float[n];
        int imagesPerBatch = Math.max(1, batchSize / steps);
        try (NDManager sub = images.getManager().newSubManager()) {
            NDArray all = images.duplicate();
            all.attach(sub);
            NDArray baselineRow = sub.create(base, new Shape(1, features));
            float[] atImage = InputGradients.targetLogits(model, all, targetClasses);
            float[] baselineScores = baselineScores(model, baselineRow, targetClasses);
            for (int i = 0; i < n; i++) {
                scoreDifferences[i] = atImage[i] - baselineScores[i];
            }
            NDArray alphas = sub.arange(steps).add(0.5f).div(steps).reshape(1, steps, 1);
            for (int start = 0; start < n; start += imagesPerBatch) {
                int count = Math.min(imagesPerBatch, n - start);
                try (NDManager batch = sub.newSubManager()) {
                    NDArray x = all.get(start + ":" + (start + count));
                    x.attach(batch);
                    NDArray diff = x.sub(baselineRow);                                        // [count, F]
                    NDArray path = diff.expandDims(1).mul(alphas).add(baselineRow.expandDims(0))
                            .reshape((long) count * steps, features);                          // [count·m, F]
                    int[] targets = new int[count * steps];
                    for (int i = 0; i < count; i++) {
                        Arrays.fill(targets, i * steps, (i + 1) * steps, targetClasses[start + i]);
                    }
                    NDArray grads = InputGradients.gradient(model, path, targets);
                    NDArray attributions = grads.reshape(count, steps, features).mean(new int[] {1}).mul(diff);
                    InputGradients.copyRows(attributions, maps, start);
                }
            }
        }
        return new Result(maps, scoreDifferences);
    }

    /** \(z_{c_i}(x')\) for every target: one forward pass of the baseline, all classes read at once. */
    private static float[] baselineScores(Block model, NDArray baselineRow, int[] targets) {
        try (NDManager sub = baselineRow.getManager().newSubManager()) {
            NDArray logits = InputGradients.logits(model, sub, baselineRow);
            float[] all = logits.toFloatArray();
            float[] scores = new float[targets.length];
            for (int i = 0; i < targets.length; i++) {
                scores[i] = all[targets[i]];
            }
            return scores;
        }
    }

    /**
     * Maps and completeness check of one {@link #explain} call.
     *
     * @param maps {@code [N][features]} signed attributions \(\mathrm{IG}(x_i)\)
     * @param scoreDifferences {@code [N]}: \( z_{c_i}(x_i) - z_{c_i}(x') \), what the attributions should add up to
     */
    public record Result(float[][] maps, float[] scoreDifferences) {

        /** \( \sum_j \mathrm{IG}_j(x_i) \), summed in double precision. */
        public double attributionSum(int i) {
            double s = 0;
            for (float v : maps[i]) {
                s += v;
            }
            return s;
        }

        /** \( \sum_j \mathrm{IG}_j(x_i) - \big(z_{c_i}(x_i) - z_{c_i}(x')\big) \): 0 when completeness holds. */
        public double completenessGap(int i) {
            return attributionSum(i) - scoreDifferences[i];
        }

        /**
         * \( |\text{gap}_i| / |z_{c_i}(x_i) - z_{c_i}(x')| \); the paper's rule of thumb is below 0.05. Infinite or NaN
         * when the image scores the same as the baseline.
         */
        public double relativeGap(int i) {
            return Math.abs(completenessGap(i)) / Math.abs(scoreDifferences[i]);
        }

        /** The largest {@link #relativeGap} over the images. */
        public double maxRelativeGap() {
            double max = 0;
            for (int i = 0; i < maps.length; i++) {
                max = Math.max(max, relativeGap(i));
            }
            return max;
        }
    }

    /** Settings for {@link IntegratedGradients}; defaults: 32 steps, black baseline (all 0), batches of 4096 rows. */
    public static final class Builder {
        private int steps = 32;
        private Baseline baseline = Baseline.BLACK;
        private int batchSize = 4096;

        private Builder() {}

        /**
         * \(m\), the number of points on the path from baseline to image.
         *
         * @throws IllegalArgumentException if {@code steps < 1}
         */
        public Builder steps(int steps) {
            this.steps = Settings.atLeastOne("steps", steps,
                    " (Sundararajan et al. suggest 20 to 300; check the completeness gap)");
            return this;
        }

        /**
         * A constant baseline image \(x' = (v, \dots, v)\): 0 is black, 1 white for pixels in [0, 1].
         *
         * @throws IllegalArgumentException if {@code value} is not finite
         */
        public Builder baseline(float value) {
            this.baseline = Baseline.constant(value);
            return this;
        }

        /**
         * A baseline image \(x'\), e.g. the mean training image or a blurred copy; its length must equal the number of
         * features of the images explained (checked in {@link #explain}).
         *
         * @throws IllegalArgumentException if {@code image} is null or empty
         */
        public Builder baseline(float[] image) {
            this.baseline = Baseline.image(image);
            return this;
        }

        /**
         * Largest number of rows (path points) sent through the model at once; bounds memory, not the result.
         *
         * @throws IllegalArgumentException if {@code batchSize < 1}
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = Settings.atLeastOne("batchSize", batchSize, "");
            return this;
        }

        public IntegratedGradients build() {
            return new IntegratedGradients(this);
        }
    }
}
