package org.distill4j.interpretability;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.CombinatoricsUtils;

/**
 * KernelSHAP (Lundberg and Lee, 2017, "A Unified Approach to Interpreting Model Predictions", §4.1, Theorem 2) over
 * image patches: Shapley values of the patches, estimated by a weighted linear regression.
 *
 * <p>The players are the \(M\) patches of a {@link PatchGrid}; a coalition \(z \in \{0,1\}^M\) keeps the image's
 * pixels in the patches that are on and the baseline's elsewhere, and is worth the target logit
 * \(f(z) = z_c(h_x(z))\). The Shapley value of patch \(i\) is its average marginal contribution over all orders in
 * which patches can be switched on. Theorem 2: they are the coefficients \(\phi\) of the linear model
 * \(g(z) = \phi_0 + \sum_i \phi_i z_i\) that minimises
 * \[ \sum_{z} \pi(z)\,\big(f(z) - g(z)\big)^2, \qquad
 * \pi(z) = \frac{M - 1}{\binom{M}{|z|}\, |z|\, (M - |z|)} \quad (0 < |z| < M), \]
 * the <i>Shapley kernel</i>, where the empty and the full coalition have infinite weight: they are imposed as
 * constraints, \(\phi_0 = f(\varnothing)\) and the <b>efficiency</b> constraint
 * \[ \sum_{i=1}^{M} \phi_i = f(x) - f(b), \]
 * the logit of the image minus the logit of the baseline image. The constraint is used to eliminate \(\phi_M\), and
 * the remaining \(M - 1\) coefficients are an ordinary weighted least-squares problem, solved by a QR decomposition
 * (commons-math). The attributions therefore add up to \(f(x) - f(b)\) exactly, up to float rounding, however few
 * coalitions are sampled.
 *
 * <p><b>Which coalitions.</b> When {@code samples} \(\ge 2^M - 2\) every coalition is evaluated with its kernel
 * weight, and the result is the exact Shapley values (symmetry, dummy, additivity and all). Otherwise coalitions are
 * sampled from the kernel itself, as the {@code shap} library does: a size \(s\) with probability proportional to
 * \(\binom{M}{s}\pi = \frac{M-1}{s(M-s)}\), then \(s\) patches uniformly; each draw is paired with its complement
 * (which has the same probability), and every sampled coalition gets weight 1. Sampled estimates are noisy: more
 * samples, or larger patches (fewer players), make them closer.
 *
 * <p><b>Cost.</b> Each image costs {@link #evaluationsPerImage()} model evaluations: the coalitions, the image and
 * the baseline. They go through the model {@link Builder#batchSize} rows per forward pass. Every image is explained
 * with the same coalitions (drawn from {@code Random(seed)}), so an image's explanation does not depend on which
 * other images are in the call, and one QR decomposition serves them all.
 *
 * <pre>{@code
 * KernelShap shap = KernelShap.builder().patch(4).samples(512).seed(42).build();   // 49 patches
 * KernelShap.Result r = shap.explain(teacher.block(), images, labels);
 * r.patchValues()[0];          // [49] Shapley values of image 0's patches
 * r.efficiencyGap(0);          // ~1e-6: they add up to z_c(x) - z_c(b)
 * r.evaluationsPerImage();     // 514
 * }</pre>
 */
public final class KernelShap implements AttributionMethod {

    private final PatchSampling sampling;

    private KernelShap(PatchSampling sampling) {
        this.sampling = sampling;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether every coalition is evaluated ({@code samples} \(\ge 2^M - 2\)): then the values are exact. */
    public boolean exact() {
        int m = sampling.grid().count();
        return m < 31 && sampling.samples() >= (1L << m) - 2;
    }

    /**
     * Model evaluations per explained image: the coalitions (\(2^M - 2\) when {@link #exact()}) + the image + the
     * baseline.
     */
    public int evaluationsPerImage() {
        return (exact() ? (1 << sampling.grid().count()) - 2 : sampling.samples()) + 2;
    }

    /** The maps only, each patch's Shapley value shared by its pixels; see {@link #explain}. */
    @Override
    public float[][] attribute(Block model, NDArray images, int[] targetClasses) {
        return explain(model, images, targetClasses).maps();
    }

    /**
     * Shapley values of each image's patches for its target logit.
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
        int m = grid.count();
        boolean[][] coalitions;
        double[] weights;
        if (exact()) {
            coalitions = new boolean[(1 << m) - 2][];
            weights = new double[coalitions.length];
            for (int mask = 1; mask < (1 << m) - 1; mask++) {
                boolean[] z = new boolean[m];
                for (int i = 0; i < m; i++) {
                    z[i] = (mask >> i & 1) == 1;
                }
                coalitions[mask - 1] = z;
                weights[mask - 1] = shapleyKernel(m, Integer.bitCount(mask));
            }
        } else {
            coalitions = sampleFromKernel(m, sampling.samples(), sampling.random());
            weights = new double[coalitions.length];
            Arrays.fill(weights, 1.0);
        }
        // Rows 0 and 1: the image (all patches on) and the baseline (all off); then the coalitions.
        boolean[][] rows = new boolean[coalitions.length + 2][];
        rows[0] = PatchSampling.allOn(m);
        rows[1] = new boolean[m];
        System.arraycopy(coalitions, 0, rows, 2, coalitions.length);
        double[][] f = sampling.targetScores(model, images, rows, targetClasses);

        int n = targetClasses.length;
        float[][] values = new float[n][m];
        float[] scores = new float[n];
        float[] baselineScores = new float[n];
        DecompositionSolver solver = m > 1 ? constrainedDesign(coalitions, weights, m) : null;
        for (int i = 0; i < n; i++) {
            double fx = f[i][0];
            double fb = f[i][1];
            scores[i] = (float) fx;
            baselineScores[i] = (float) fb;
            double total = fx - fb;
            if (m == 1) {
                values[i][0] = (float) total;
                continue;
            }
            // f(z) - f(b) - z_M (f(x) - f(b)) = sum_{j<M} (z_j - z_M) phi_j, rows scaled by sqrt(weight).
            double[] target = new double[coalitions.length];
            for (int k = 0; k < coalitions.length; k++) {
                boolean lastOn = coalitions[k][m - 1];
                target[k] = Math.sqrt(weights[k]) * (f[i][k + 2] - fb - (lastOn ? total : 0));
            }
            RealVector phi = solver.solve(new ArrayRealVector(target, false));
            double rest = total;
            for (int j = 0; j < m - 1; j++) {
                values[i][j] = (float) phi.getEntry(j);
                rest -= phi.getEntry(j);
            }
            values[i][m - 1] = (float) rest;
        }
        return new Result(grid, values, scores, baselineScores, rows.length, (System.nanoTime() - started) / 1e9);
    }

    /**
     * \(\pi(z)\) for a coalition of {@code size} patches out of {@code m}, \(0 <\) size \(< m\).
     */
    static double shapleyKernel(int m, int size) {
        return (m - 1) / (CombinatoricsUtils.binomialCoefficientDouble(m, size) * size * (m - size));
    }

    /** {@code count} coalitions drawn from the Shapley kernel, in complementary pairs (the last unpaired if odd). */
    static boolean[][] sampleFromKernel(int m, int count, Random random) {
        double[] cumulative = new double[m];   // cumulative[s]: P(size <= s), sizes 1..m-1
        double total = 0;
        for (int s = 1; s < m; s++) {
            total += (m - 1.0) / (s * (double) (m - s));
            cumulative[s] = total;
        }
        boolean[][] out = new boolean[count][];
        for (int k = 0; k < count; k += 2) {
            double u = random.nextDouble() * total;
            int size = 1;
            while (size < m - 1 && cumulative[size] < u) {
                size++;
            }
            boolean[] z = PatchSampling.choose(m, size, random);
            out[k] = z;
            if (k + 1 < count) {
                boolean[] complement = new boolean[m];
                for (int i = 0; i < m; i++) {
                    complement[i] = !z[i];
                }
                out[k + 1] = complement;
            }
        }
        return out;
    }

    /** QR solver of the design \(\sqrt{\pi_k}\,(z_{kj} - z_{kM})\), \(j < M\), shared by every image. */
    private static DecompositionSolver constrainedDesign(boolean[][] coalitions, double[] weights, int m) {
        double[][] design = new double[coalitions.length][m - 1];
        for (int k = 0; k < coalitions.length; k++) {
            double root = Math.sqrt(weights[k]);
            double last = coalitions[k][m - 1] ? 1 : 0;
            for (int j = 0; j < m - 1; j++) {
                design[k][j] = root * ((coalitions[k][j] ? 1 : 0) - last);
            }
        }
        DecompositionSolver solver = new QRDecomposition(new Array2DRowRealMatrix(design, false), 1e-10).getSolver();
        if (!solver.isNonSingular()) {
            throw new IllegalArgumentException("the " + coalitions.length + " sampled coalitions do not determine the "
                    + m + " patch values (too few distinct coalitions); raise samples or change the seed.");
        }
        return solver;
    }

    /**
     * Shapley values of one {@link #explain} call.
     *
     * @param grid the patches
     * @param patchValues {@code [N][M]} \(\phi_i\) of each image's patches, in the target logit's units
     * @param scores {@code [N]} \(f(x_i) = z_{c_i}(x_i)\)
     * @param baselineScores {@code [N]} \(f(b) = z_{c_i}(b)\)
     * @param evaluationsPerImage model evaluations spent on each image (coalitions + image + baseline)
     * @param seconds wall-clock time of the whole call, all images
     */
    public record Result(PatchGrid grid, float[][] patchValues, float[] scores, float[] baselineScores,
            int evaluationsPerImage, double seconds) {

        /** {@code [N][pixels]}: each patch's value shared equally by its pixels ({@link PatchGrid#spread}). */
        public float[][] maps() {
            return grid.spread(patchValues);
        }

        /** \(\sum_i \phi_i - (f(x) - f(b))\) for image {@code i}, summed in double precision: 0 up to rounding. */
        public double efficiencyGap(int image) {
            double sum = 0;
            for (float v : patchValues[image]) {
                sum += v;
            }
            return sum - ((double) scores[image] - baselineScores[image]);
        }

        /** Total model evaluations of the call. */
        public long evaluations() {
            return (long) evaluationsPerImage * patchValues.length;
        }
    }

    /**
     * Settings for {@link KernelShap}: patches, samples, seed, baseline and batch size, as for {@link Lime}; defaults:
     * 4×4 patches of 28×28 images (49 patches), 512 samples, seed 42, black baseline (all 0), 256 rows per forward
     * pass.
     */
    public static final class Builder extends PatchSampling.Builder<Builder> {

        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * @throws IllegalArgumentException if the patch does not divide the image's sides, or samples is below the
         *     number of patches + 1
         */
        public KernelShap build() {
            return new KernelShap(sampling("KernelSHAP needs at least as many coalitions as patches + 1 to fit one"
                    + " value per patch"));
        }
    }
}
