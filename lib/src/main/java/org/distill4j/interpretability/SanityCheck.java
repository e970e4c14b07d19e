package org.distill4j.interpretability;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;

/**
 * The model-randomisation sanity check of Adebayo, Gilmer, Muelly, Goodfellow, Hardt and Kim (2018, "Sanity Checks for
 * Saliency Maps", NeurIPS; the model parameter randomisation test).
 *
 * <p>An explanation that is about the model must change when the model does. Explain the same images with the
 * trained model and with the same architecture holding random weights: if the two sets of maps still look alike, the
 * method is showing the input (edges, bright pixels), not what the model learned. Adebayo et al. found that some
 * popular methods (Guided Backprop, for example) fail this test, while plain gradients pass.
 *
 * <p>Similarity is measured image by image as in the paper, on absolute values (importance regardless of sign):
 * Spearman rank correlation of \(|M^{\text{trained}}|\) and \(|M^{\text{random}}|\), and top-k overlap. Passing the
 * trained model twice gives exactly 1 for both: the check compares models, nothing else.
 *
 * <p>Expect methods that multiply by the input, such as {@link IntegratedGradients} with a black baseline, to keep
 * part of their similarity: \((x - x') \odot \bar g\) inherits the image's own bright and dark pixels whatever the
 * weights are. Adebayo et al. point this out for Gradient⊙Input and Integrated Gradients; compare with
 * {@link Saliency}, whose maps under random weights are unrelated to the trained ones.
 *
 * <pre>{@code
 * Block random = buildTeacherArchitecture();   // same layers, freshly initialised with another seed
 * SanityCheck.Result r = SanityCheck.modelRandomisation(Saliency.absolute(), teacher, random, images, labels);
 * r.meanSpearman();   // near 0 for a method that depends on the weights
 * }</pre>
 */
public final class SanityCheck {

    private SanityCheck() {}

    /**
     * Compares each image's maps under the trained and the randomised model, with top-k overlap at k = 10 % of the
     * pixels (78 of 784).
     *
     * @param method any attribution method, e.g. {@code Saliency.absolute()} or an {@link IntegratedGradients}
     * @param trained the model being explained
     * @param randomised the same architecture with random weights, built and initialised by the caller (a different
     *     seed, no training)
     * @param images float32 {@code [N, features]}
     * @param targetClasses {@code N} classes to explain, the same for both models (e.g. the true labels)
     * @throws IllegalArgumentException on bad images or targets, as for {@link AttributionMethod#attribute}
     */
    public static Result modelRandomisation(AttributionMethod method, Block trained, Block randomised, NDArray images,
            int[] targetClasses) {
        int k = Math.max(1, (int) (images.getShape().get(images.getShape().dimension() - 1) / 10));
        float[][] a = method.attribute(trained, images, targetClasses);
        float[][] b = method.attribute(randomised, images, targetClasses);
        int n = a.length;
        double[] spearman = new double[n];
        double[] overlap = new double[n];
        for (int i = 0; i < n; i++) {
            float[] absA = AttributionComparison.absolute(a[i]);
            float[] absB = AttributionComparison.absolute(b[i]);
            spearman[i] = AttributionComparison.spearman(absA, absB);
            overlap[i] = AttributionComparison.topKOverlap(absA, absB, k);
        }
        return new Result(spearman, overlap, k, a[0].length);
    }

    /**
     * Per-image similarities of the trained model's maps to the randomised model's maps.
     *
     * @param spearman {@code [N]} rank correlations of the absolute maps (NaN where a map is constant)
     * @param topKOverlap {@code [N]} top-k overlaps of the absolute maps
     * @param k pixels compared in the top-k overlap
     * @param features pixels per map
     */
    public record Result(double[] spearman, double[] topKOverlap, int k, int features) {

        public double meanSpearman() {
            return AttributionComparison.mean(spearman);
        }

        public double meanTopKOverlap() {
            return AttributionComparison.mean(topKOverlap);
        }

        /** \(k / \text{features}\): the overlap two unrelated maps have on average. */
        public double chanceTopKOverlap() {
            return k / (double) features;
        }

        @Override
        public String toString() {
            return String.format("trained vs random weights over %d images: mean Spearman %.3f, top-%d overlap %.3f"
                    + " (chance %.3f)", spearman.length, meanSpearman(), k, meanTopKOverlap(), chanceTopKOverlap());
        }
    }
}
