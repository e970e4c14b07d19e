package org.distill4j.distillation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * A number to use inside anything that autograd differentiates — a loss, a temperature, a weight such as \(\alpha\)
 * or \(T^2\): {@code soft.mul(Scalar.of(soft, T * T))} instead of {@code soft.mul(T * T)}.
 *
 * <p>Why: DJL's PyTorch engine (checked on DJL 0.35.1 with PyTorch 2.7.1) turns the Java number of
 * {@code array.mul(2f)} into a tensor over memory that Java owns and frees after the next garbage collection, but
 * PyTorch's autograd keeps that tensor to compute the gradient later. A garbage collection between the forward pass
 * and {@code backward()} then makes the gradient read freed memory: values like \(-3 \times 10^{35}\) instead of 2,
 * and training that turns to NaN at random. {@code ScalarTest} reproduces it. A scalar made by the engine itself, as
 * here, lives as long as autograd needs it. Outside a differentiated computation (metrics, plots) plain Java numbers
 * are fine.
 */
public final class Scalar {

    private Scalar() {
    }

    /**
     * A scalar (shape {@code []}) holding {@code value}, with the data type, device and manager of {@code like}; closed
     * with that manager.
     */
    public static NDArray of(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType());
    }
}
