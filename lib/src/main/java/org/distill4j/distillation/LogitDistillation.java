package org.distill4j.distillation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Knowledge distillation (Hinton, Vinyals and Dean, 2015): the {@link DistillationLoss} at the recipe's temperature
 * and α, with the teacher's logits as they are. With α = 0 it is {@link Supervised}.
 */
final class LogitDistillation implements Objective {

    static final LogitDistillation INSTANCE = new LogitDistillation();

    private LogitDistillation() {}

    @Override
    public String name() {
        return "kd";
    }

    @Override
    public boolean needsTeacherLogits(Recipe recipe) {
        return recipe.alpha() > 0;
    }

    @Override
    public NDArray loss(Batch batch, NDList outputs, Recipe recipe) {
        DistillationLoss loss = new DistillationLoss(recipe.temperature(), recipe.alpha());
        NDList labels = batch.teacher() == null ? new NDList(batch.labels()) : new NDList(batch.labels(), batch.teacher());
        return loss.evaluate(labels, new NDList(outputs.head()));
    }

    @Override
    public String toString() {
        return name();
    }
}
