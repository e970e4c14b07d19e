package org.distill4j.distillation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;

/**
 * A control for distillation: the teacher's <em>hard</em> pseudo-labels (its top class) in place of its soft targets,
 *
 * <p>\( L = \alpha \, \mathrm{CE}\big(\arg\max_i z_{t,i}, z_s\big) + (1 - \alpha) \, \mathrm{CE}(y, z_s) \)
 *
 * <p>with the same α as the distillation it is compared with (α = 1: the teacher's labels alone, as in
 * pseudo-labelling or "self-training"). If distillation beats this, the teacher's soft targets carried more than the
 * label the teacher would give.
 */
final class PseudoLabels implements Objective {

    static final PseudoLabels INSTANCE = new PseudoLabels();

    private PseudoLabels() {}

    @Override
    public String name() {
        return "pseudo-labels";
    }

    @Override
    public boolean needsTeacherLogits(Recipe recipe) {
        return recipe.alpha() > 0;
    }

    /** The teacher's top class per image, {@code [N]} int32. */
    @Override
    public NDArray targets(NDArray teacherLogits, Recipe recipe, long seed) {
        return teacherLogits.argMax(1).toType(DataType.INT32, false);
    }

    @Override
    public NDArray loss(Batch batch, NDList outputs, Recipe recipe) {
        NDArray z = outputs.head();
        float alpha = recipe.alpha();
        if (alpha == 0 || batch.teacher() == null) {
            return DistillationLoss.hardTerm(z, batch.labels());
        }
        NDArray pseudo = DistillationLoss.hardTerm(z, batch.teacher());
        if (alpha == 1) {
            return pseudo;
        }
        NDArray truth = DistillationLoss.hardTerm(z, batch.labels());
        return pseudo.mul(Scalar.of(pseudo, alpha)).add(truth.mul(Scalar.of(truth, 1 - alpha)));
    }

    @Override
    public String toString() {
        return name();
    }
}
