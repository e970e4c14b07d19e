package org.distill4j.distillation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;

/**
 * Supervised training: \( L = \frac{1}{N} \sum_n -\log \mathrm{softmax}(z_{s,n})_{y_n} \), the cross-entropy with
 * the true labels (the value of {@link DistillationLoss#hardTerm}). A teacher, if given, is only evaluated against.
 *
 * <p>Computed in six engine operations — log-softmax, the labels as a column of int64 indices (two), a gather of each
 * row's entry at its label, the mean, the sign — where the one-hot product of {@code hardTerm} takes twelve: for a small
 * network each operation's fixed cost (a JNI call, a Java object) matters more than its arithmetic.
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
     * \( \frac{1}{N} \sum_n -\log \mathrm{softmax}(z_n)_{y_n} \).
     *
     * @param logits {@code [N, classes]}
     * @param labels {@code [N]} integer class indices
     * @return a scalar
     */
    static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray picked = logits.logSoftmax(1).gather(labels.toType(DataType.INT64, false).expandDims(1), 1);
        return picked.mean().neg();
    }

    @Override
    public String toString() {
        return name();
    }
}
