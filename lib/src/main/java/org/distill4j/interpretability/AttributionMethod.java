package org.distill4j.interpretability;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;

/**
 * A way of explaining a classifier's decision pixel by pixel: one number per input pixel saying how much that pixel
 * matters for the score of a chosen class.
 *
 * <p>Every method in this package fits this shape, so code that compares explanations ({@link SanityCheck},
 * {@link AttributionComparison#meanByClass}) works with any of them:
 * <pre>{@code
 * AttributionMethod saliency = Saliency.absolute();
 * AttributionMethod ig = IntegratedGradients.builder().steps(32).build();
 * AttributionMethod occlusion = Occlusion.builder().patch(4).stride(4).build();
 * AttributionMethod smoothIg = SmoothGrad.builder().method(ig).samples(20).build();   // wraps any method
 * }</pre>
 */
@FunctionalInterface
public interface AttributionMethod {

    /**
     * Attributions of each image's score for its target class.
     *
     * @param model an initialized block mapping float32 {@code [N, features]} to logits {@code [N, classes]}
     * @param images float32 {@code [N, features]} (for Fashion-MNIST {@code features = 784}, pixels in [0, 1])
     * @param targetClasses {@code N} class indices in {@code [0, classes)}: usually the true labels or the model's
     *     own predictions
     * @return {@code [N][features]} attribution maps, row-major 28×28 for MNIST-like data; the caller's arrays
     * @throws IllegalArgumentException if the images are not a 2-D float32 array, the number of targets differs from
     *     the number of images, a target is not a class of the model, or the model rejects the input width
     */
    float[][] attribute(Block model, NDArray images, int[] targetClasses);
}
