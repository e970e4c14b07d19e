package org.distill4j.interpretability;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

/**
 * Vanilla gradient saliency (Simonyan, Vedaldi and Zisserman, 2014, "Deep Inside Convolutional Networks", §3).
 *
 * <p>For image \(x\) and class \(c\) with logit \(z_c\), the saliency of pixel \(j\) is
 * \( M_j = \left| \dfrac{\partial z_c}{\partial x_j}(x) \right| \): how strongly an infinitesimal change of that pixel
 * moves the class score. For a linear model \( z = W x + b \) it is simply \( |W_{c,\cdot}| \), the same map for every
 * image; for a ReLU network it is \( |W_{c,\cdot}| \) of the linear piece the image falls in.
 *
 * <p>The logit, not the probability, is differentiated, as in the paper: the softmax would mix in the other classes'
 * scores. One forward and one backward pass explain the whole batch.
 *
 * <pre>{@code
 * float[][] maps = Saliency.of(teacher, images, labels);   // [N][784], each >= 0
 * }</pre>
 */
public final class Saliency {

    private Saliency() {}

    /**
     * \( |\partial z_{c_i} / \partial x_i| \) for every image \(i\).
     *
     * @param model an initialized block mapping float32 {@code [N, features]} to logits {@code [N, classes]}
     * @param images float32 {@code [N, features]}; not modified
     * @param targetClasses {@code N} class indices \(c_i\)
     * @return {@code [N][features]} non-negative maps
     * @throws IllegalArgumentException on a non-2-D or non-float32 input, a target count different from N, a target
     *     outside the model's classes, or an input width the model rejects
     */
    public static float[][] of(Block model, NDArray images, int[] targetClasses) {
        return gradients(model, images, targetClasses, true);
    }

    /**
     * The signed gradient \( \partial z_{c_i} / \partial x_i \), without the absolute value: positive where brightening
     * the pixel raises the class score. Same arguments and errors as {@link #of}.
     */
    public static float[][] signedGradient(Block model, NDArray images, int[] targetClasses) {
        return gradients(model, images, targetClasses, false);
    }

    private static float[][] gradients(Block model, NDArray images, int[] targetClasses, boolean absolute) {
        InputGradients.checkImages(images, targetClasses);
        float[][] maps = new float[targetClasses.length][];
        try (NDManager sub = images.getManager().newSubManager()) {
            NDArray x = images.duplicate();
            x.attach(sub);
            NDArray g = InputGradients.gradient(model, x, targetClasses);
            InputGradients.copyRows(absolute ? g.abs() : g, maps, 0);
        }
        return maps;
    }
}
