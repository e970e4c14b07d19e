package org.distill4j.distillation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Supervised training: \( L = \frac{1}{N} \sum_n -\log \mathrm{softmax}(z_{s,n})_{y_n} \), the cross-entropy with
 * the true labels (the value of {@link DistillationLoss#hardTerm}). A teacher, if given, is only evaluated against.
 *
 * <p>Computed in six engine operations — the engine's log-softmax, then {@link DistillationLoss#negativeLogLikelihood}
 * (the labels as a column of int64 indices, a gather of each row's entry at its label, the mean, the sign) — without
 * {@code hardTerm}'s label checks and max-shifted log-softmax: for a small network each operation's fixed cost (a JNI
 * call, a Java object) matters more than its arithmetic. The two log-softmaxes differ in the last bit of some values,
 * which is why they are not merged: every notebook's numbers follow from the supervised objective's exact arithmetic.
 */
final class Supervised implements Objective {

    static final Supervised INSTANCE = new Supervised();

    private Supervised() {}

    @Override
    public String name() {
        return "supervised";
    }

    @Override
    public boolean needsTeacherLogits(Recipe recipe) {
        return false;
    }

    @Override
    public NDArray loss(Batch batch, NDList outputs, Recipe recipe) {
        return crossEntropy(outputs.head(), batch.labels());
    }

    /**
     * \( \frac{1}{N} \sum_n -\log \mathrm{softmax}(z_n)_{y_n} \), with the engine's own log-softmax.
     *
     * @param logits {@code [N, classes]}
     * @param labels {@code [N]} integer class indices
     * @return a scalar
     */
    static NDArray crossEntropy(NDArray logits, NDArray labels) {
        return DistillationLoss.negativeLogLikelihood(logits.logSoftmax(1), labels);
    }

    @Override
    public String toString() {
        return name();
    }
}
