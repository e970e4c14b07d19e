package org.distill4j.distillation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.distill4j.data.ImageDataset;
import org.distill4j.models.Classifier;

/**
 * Soft targets: a teacher's class probabilities, softened by a temperature (Hinton, Vinyals and Dean, 2015, §2).
 *
 * <p>\( q_i = \dfrac{\exp(z_i / T)}{\sum_j \exp(z_j / T)} \). At \(T = 1\) this is the ordinary softmax; as \(T\)
 * grows the distribution flattens towards uniform and the small logits — the "dark knowledge" of which wrong classes
 * look alike — carry more of the mass.
 */
public final class SoftTargets {

    private SoftTargets() {}

    /**
     * Softmax with temperature over the last axis.
     *
     * <p>Numerically stable for any finite logits and any \(T > 0\): the row maximum is subtracted <em>before</em>
     * dividing by \(T\), so the largest exponent is \(e^0 = 1\) and \(z / T\) itself never overflows (logits of ±10⁴ at
     * \(T = 10^{-3}\), or of ±3·10³⁸ at any \(T\), give probabilities in [0, 1], never NaN). Infinite or NaN logits are
     * not numbers a network produces; their rows come out NaN.
     *
     * @param logits {@code [..., classes]}
     * @param temperature \(T > 0\)
     * @return probabilities of the same shape, each row summing to 1
     * @throws IllegalArgumentException if {@code temperature} is not a positive finite number
     */
    public static NDArray softmax(NDArray logits, float temperature) {
        return logSoftmax(logits, temperature).exp();
    }

    /**
     * \( \log q_i = z_i / T - \log \sum_j \exp(z_j / T) \), computed without forming \(q\) (no log of 0).
     *
     * <p>Computed as \( u_i - \log \sum_j e^{u_j} \) with \( u_i = (z_i - \max_j z_j) / T \le 0 \): the shift comes first,
     * so neither \(z / T\) nor the exponentials can overflow. Where a probability underflows to 0 its log is a large
     * negative number (about \(-(\max_j z_j - z_i) / T\)), or \(-\infty\) when even that overflows (e.g. ±3·10³⁸ at
     * \(T = 10^{-3}\)); it is never NaN for finite logits.
     *
     * @param logits {@code [..., classes]}
     * @param temperature \(T > 0\)
     */
    public static NDArray logSoftmax(NDArray logits, float temperature) {
        checkTemperature(temperature);
        // The row maximum carries no gradient: log-softmax does not change when a constant is added to a row.
        NDArray centred = logits.sub(logits.max(new int[] {-1}, true).stopGradient());
        NDArray shifted = temperature == 1f ? centred : centred.div(Scalar.of(centred, temperature));
        return shifted.sub(shifted.exp().sum(new int[] {-1}, true).log());
    }

    /**
     * Shannon entropy in nats of each row of probabilities: \( H(q) = -\sum_i q_i \log q_i \) (with \(0 \log 0 = 0\)).
     *
     * @param probabilities {@code [..., classes]}
     * @return {@code [...]}: 0 for a one-hot row, \(\log C\) for a uniform row over C classes
     */
    public static NDArray entropy(NDArray probabilities) {
        NDArray logq = probabilities.clip(1e-30f, 1f).log();
        return probabilities.mul(logq).sum(new int[] {-1}).neg();
    }

    /**
     * The teacher's soft labels for a whole dataset: \( \mathrm{softmax}(z_t / T) \) row by row, with the teacher in
     * inference mode (dropout off).
     *
     * @param teacher a trained network
     * @param data the images to label
     * @param temperature \(T > 0\)
     * @param manager owner of the result
     * @return {@code [data.size(), classes]} probabilities, each row summing to 1
     */
    public static NDArray fromTeacher(Classifier teacher, ImageDataset data, float temperature, NDManager manager) {
        checkTemperature(temperature);
        try (NDArray logits = teacher.logits(data, manager)) {
            return softmax(logits, temperature);
        }
    }

    /** Throws a learner-readable error unless \(T\) is a positive, finite number. */
    public static void checkTemperature(float temperature) {
        if (!(temperature > 0) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a positive number, got " + temperature
                    + ": T divides the logits (T = 1 is the ordinary softmax; Hinton et al. used T between 1 and 20).");
        }
    }
}
