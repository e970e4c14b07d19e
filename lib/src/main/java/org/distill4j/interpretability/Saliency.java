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
 * scores. One forward and one backward pass explain the whole batch. Like every method in this package it is an
 * {@link AttributionMethod} (Captum's {@code Saliency}, with {@code abs=True} for {@link #absolute()}).
 *
 * <pre>{@code
 * float[][] maps = Saliency.absolute().attribute(teacher, images, labels);   // [N][784], each >= 0
 * float[][] signed = Saliency.signed().attribute(teacher, images, labels);   // [N][784], ∂z_c/∂x
 * }</pre>
 */
public final class Saliency implements AttributionMethod {

    private static final Saliency ABSOLUTE = new Saliency(true);
    private static final Saliency SIGNED = new Saliency(false);

    private final boolean absolute;

    private Saliency(boolean absolute) {
        this.absolute = absolute;
    }

    /** The paper's saliency \( |\partial z_{c_i} / \partial x_i| \): non-negative maps of how much each pixel matters. */
    public static Saliency absolute() {
        return ABSOLUTE;
    }

    /**
     * The signed gradient \( \partial z_{c_i} / \partial x_i \), without the absolute value: positive where brightening
     * the pixel raises the class score.
     */
    public static Saliency signed() {
        return SIGNED;
    }

    /**
     * {@inheritDoc}
     *
     * @param images float32 {@code [N, features]}; not modified
     * @return {@code [N][features]} maps: \( |\partial z_{c_i} / \partial x_i| \) (non-negative) for
     *     {@link #absolute()}, \( \partial z_{c_i} / \partial x_i \) for {@link #signed()}
     */
    @Override
    public float[][] attribute(Block model, NDArray images, int[] targetClasses) {
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

    @Override
    public String toString() {
        return absolute ? "saliency |∂z/∂x|" : "signed gradient ∂z/∂x";
    }
}
