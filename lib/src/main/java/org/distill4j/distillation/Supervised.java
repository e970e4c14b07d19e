package org.distill4j.distillation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Supervised training: \( L = \frac{1}{N} \sum_n -\log \mathrm{softmax}(z_{s,n})_{y_n} \), the cross-entropy with
 * the true labels ({@link DistillationLoss#hardTerm}). A teacher, if given, is only evaluated against.
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
        return DistillationLoss.hardTerm(outputs.head(), batch.labels());
    }

    @Override
    public String toString() {
        return name();
    }
}
