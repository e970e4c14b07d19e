package org.distill4j.interpretability;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealVector;

/**
 * LIME, Local Interpretable Model-agnostic Explanations (Ribeiro, Singh and Guestrin, 2016, "Why Should I Trust
 * You?", §3), over image patches: a weighted linear model fitted to the classifier around one image.
 *
 * <p>The interpretable features are the \(M\) patches of a {@link PatchGrid}, on (the image's pixels) or off (the
 * baseline's). LIME samples perturbed copies \(z\) of the image (§3.3: the number of patches left on is drawn
 * uniformly from \(1..M\), then which ones, uniformly), evaluates the target logit \(f(z) = z_c(h_x(z))\) on each,
 * and fits the linear model \(g(z) = w_0 + \sum_i w_i z_i\) that minimises the locality-weighted loss plus a ridge
 * penalty (§3.2, §3.4):
 * \[ \sum_k \pi_x(z_k)\,\big(f(z_k) - g(z_k)\big)^2 + \lambda \lVert w \rVert^2, \qquad
 * \pi_x(z) = \exp\!\big(-D(x, z)^2 / \sigma^2\big), \]
 * with \(D\) the cosine distance between \(z\) and the image itself (all ones),
 * \(D = 1 - \sqrt{|z| / M}\), as the {@code lime} package uses for images, and \(\sigma\) = {@code kernelWidth}.
 * The intercept is not penalised. The fit is a least-squares problem solved by a QR decomposition (commons-math):
 * weighted, centred rows stacked on \(\sqrt\lambda\, I\).
 *
 * <p>The explanation is \(w\): how much the logit rises when a patch is switched on, near this image. Unlike
 * {@link KernelShap}'s values, LIME's weights need not add up to \(f(x) - f(b)\); {@link Result#fidelity} (weighted
 * \(R^2\)) says how well the linear model imitates the classifier near the image. If the classifier is exactly linear
 * in the patches, \(w\) is its coefficients (exactly with {@code ridge(0)}, shrunk slightly towards 0 otherwise).
 *
 * <p>Differences from the {@code lime} package, whose image explainer switches each patch on with probability 1/2
 * and weighs by \(\sqrt{\pi}\) (the same as \(\sigma\sqrt 2\) here): this class follows the paper's sampling and
 * kernel, uses square patches rather than segmentation superpixels, and keeps every patch (no feature selection).
 * Defaults follow {@code lime}'s for images: \(\sigma = 0.25\), \(\lambda = 1\).
 *
 * <p><b>Cost.</b> {@link #evaluationsPerImage()} = {@code samples} model evaluations per image, the first being the
 * image itself, {@link Builder#batchSize} rows per forward pass. Every image is explained with the same perturbations
 * (drawn from {@code Random(seed)}), so an image's explanation does not depend on which other images are in the call.
 *
 * <pre>{@code
 * Lime lime = Lime.builder().patch(4).samples(512).kernelWidth(0.25).seed(42).build();
 * Lime.Result r = lime.explain(teacher.block(), images, labels);
 * r.patchWeights()[0];   // [49] w of image 0
 * r.fidelity(0);         // weighted R^2 of the local linear model
 * }</pre>
 */
public final class Lime implements AttributionMethod {

    private final PatchSampling sampling;
    private final double kernelWidth;
    private final double ridge;

    private Lime(PatchSampling sampling, double kernelWidth, double ridge) {
        this.sampling = sampling;
        this.kernelWidth = kernelWidth;
        this.ridge = ridge;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Model evaluations per explained image: {@code samples} (the image itself and its perturbations). */
    public int evaluationsPerImage() {
        return sampling.samples();
    }

    /** The maps only, each patch's weight shared by its pixels; see {@link #explain}. */
    @Override
    public float[][] attribute(Block model, NDArray images, int[] targetClasses) {
        return explain(model, images, targetClasses).maps();
    }

    /**
     * A local linear model of each image's target logit over its patches.
     *
     * @param model an initialized block mapping float32 {@code [N, height·width]} to logits {@code [N, classes]}
     * @param images float32 {@code [N, height·width]}; not modified
     * @param targetClasses {@code N} class indices \(c_i\)
     * @throws IllegalArgumentException on bad images or targets (see {@link AttributionMethod#attribute}), images of
     *     another size than the grid's, or a baseline image of the wrong length
     */
    public Result explain(Block model, NDArray images, int[] targetClasses) {
        long started = System.nanoTime();
        sampling.check(images, targetClasses);
        PatchGrid grid = sampling.grid();
        int samples = sampling.samples();
        int m = grid.count();
        boolean[][] perturbations = perturbations(m, samples, sampling.random());
        double[] weights = new double[samples];
        double weightSum = 0;
        double[] mean = new double[m];    // weighted mean of each z_i
        for (int k = 0; k < samples; k++) {
            int on = 0;
            for (boolean b : perturbations[k]) {
                on += b ? 1 : 0;
            }
            double distance = 1 - Math.sqrt(on / (double) m);
            weights[k] = Math.exp(-distance * distance / (kernelWidth * kernelWidth));
            weightSum += weights[k];
            for (int i = 0; i < m; i++) {
                mean[i] += perturbations[k][i] ? weights[k] : 0;
            }
        }
        for (int i = 0; i < m; i++) {
            mean[i] /= weightSum;
        }
        // Rows: sqrt(pi_k) (z_k - mean), then sqrt(lambda) I; the intercept comes back from the means.
        double[][] design = new double[samples + m][m];
        for (int k = 0; k < samples; k++) {
            double root = Math.sqrt(weights[k]);
            for (int i = 0; i < m; i++) {
                design[k][i] = root * ((perturbations[k][i] ? 1 : 0) - mean[i]);
            }
        }
        for (int i = 0; i < m; i++) {
            design[samples + i][i] = Math.sqrt(ridge);
        }
        DecompositionSolver solver = new QRDecomposition(new Array2DRowRealMatrix(design, false), 1e-12).getSolver();
        if (!solver.isNonSingular()) {
            throw new IllegalArgumentException("the " + samples + " perturbations do not determine the " + m
                    + " patch weights (too few distinct ones and ridge 0); raise samples, set ridge > 0 or change the"
                    + " seed.");
        }

        double[][] f = sampling.targetScores(model, images, perturbations, targetClasses);
        int n = targetClasses.length;
        float[][] patchWeights = new float[n][m];
        float[] intercepts = new float[n];
        float[] scores = new float[n];
        double[] fidelity = new double[n];
        for (int img = 0; img < n; img++) {
            double meanF = 0;
            for (int k = 0; k < samples; k++) {
                meanF += weights[k] * f[img][k];
            }
            meanF /= weightSum;
            double[] target = new double[samples + m];
            for (int k = 0; k < samples; k++) {
                target[k] = Math.sqrt(weights[k]) * (f[img][k] - meanF);
            }
            RealVector w = solver.solve(new ArrayRealVector(target, false));
            double intercept = meanF;
            for (int i = 0; i < m; i++) {
                patchWeights[img][i] = (float) w.getEntry(i);
                intercept -= w.getEntry(i) * mean[i];
            }
            intercepts[img] = (float) intercept;
            scores[img] = (float) f[img][0];
            double residual = 0;
            double spread = 0;
            for (int k = 0; k < samples; k++) {
                double g = intercept;
                for (int i = 0; i < m; i++) {
                    g += perturbations[k][i] ? w.getEntry(i) : 0;
                }
                residual += weights[k] * (f[img][k] - g) * (f[img][k] - g);
                spread += weights[k] * (f[img][k] - meanF) * (f[img][k] - meanF);
            }
            fidelity[img] = spread == 0 ? Double.NaN : 1 - residual / spread;
        }
        return new Result(grid, patchWeights, intercepts, scores, fidelity, samples,
                (System.nanoTime() - started) / 1e9);
    }

    /** The image itself (all on), then {@code count - 1} draws: a size uniform in 1..m, then that many patches. */
    static boolean[][] perturbations(int m, int count, Random random) {
        boolean[][] out = new boolean[count][];
        out[0] = PatchSampling.allOn(m);
        for (int k = 1; k < count; k++) {
            out[k] = PatchSampling.choose(m, 1 + random.nextInt(m), random);
        }
        return out;
    }

    /**
     * Local linear models of one {@link #explain} call.
     *
     * @param grid the patches
     * @param patchWeights {@code [N][M]} \(w_i\): the change in the target logit when patch \(i\) is switched on
     * @param intercepts {@code [N]} \(w_0\): the local model's logit with every patch off
     * @param scores {@code [N]} \(f(x_i) = z_{c_i}(x_i)\)
     * @param fidelity {@code [N]} weighted \(R^2\) of each local model on its samples (1: a perfect local fit)
     * @param evaluationsPerImage model evaluations spent on each image
     * @param seconds wall-clock time of the whole call, all images
     */
    public record Result(PatchGrid grid, float[][] patchWeights, float[] intercepts, float[] scores, double[] fidelity,
            int evaluationsPerImage, double seconds) {

        /** {@code [N][pixels]}: each patch's weight shared equally by its pixels ({@link PatchGrid#spread}). */
        public float[][] maps() {
            return grid.spread(patchWeights);
        }

        /** Weighted \(R^2\) of image {@code i}'s local model. */
        public double fidelity(int image) {
            return fidelity[image];
        }

        /** Total model evaluations of the call. */
        public long evaluations() {
            return (long) evaluationsPerImage * patchWeights.length;
        }
    }

    /**
     * Settings for {@link Lime}: patches, samples, seed, baseline and batch size as for {@link KernelShap}, plus the
     * locality kernel's width and the ridge; defaults: 4×4 patches of 28×28 images (49 patches), 512 samples, kernel
     * width 0.25, ridge 1, seed 42, black baseline (all 0), 256 rows per forward pass.
     */
    public static final class Builder extends PatchSampling.Builder<Builder> {
        private double kernelWidth = 0.25;
        private double ridge = 1.0;

        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * \(\sigma\) of the locality kernel \(\exp(-D^2/\sigma^2)\), in units of cosine distance (0 to 1): small values
         * trust only perturbations that keep most patches on.
         *
         * @throws IllegalArgumentException if the width is not a positive finite number
         */
        public Builder kernelWidth(double kernelWidth) {
            if (!(kernelWidth > 0) || Double.isInfinite(kernelWidth)) {
                throw new IllegalArgumentException("kernelWidth must be a positive number, got " + kernelWidth
                        + "; LIME's default for images is 0.25 (cosine distance), larger values make the explanation"
                        + " less local.");
            }
            this.kernelWidth = kernelWidth;
            return this;
        }

        /**
         * \(\lambda\), the ridge penalty on the weights (not the intercept); 0 gives weighted least squares.
         *
         * @throws IllegalArgumentException if {@code ridge} is negative or not finite
         */
        public Builder ridge(double ridge) {
            if (!(ridge >= 0) || Double.isInfinite(ridge)) {
                throw new IllegalArgumentException("ridge must be 0 or more, got " + ridge + " (lime uses 1).");
            }
            this.ridge = ridge;
            return this;
        }

        /**
         * @throws IllegalArgumentException if the patch does not divide the image's sides, or samples is below the
         *     number of patches + 1
         */
        public Lime build() {
            return new Lime(sampling("LIME needs at least as many samples as patches + 1 to fit a weight per patch and"
                    + " an intercept"), kernelWidth, ridge);
        }
    }
}
