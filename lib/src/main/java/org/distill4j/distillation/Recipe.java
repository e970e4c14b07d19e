package org.distill4j.distillation;

import java.util.Locale;

/**
 * Everything that decides how a {@link Distiller} trains, as plain values: what {@link Distiller.Builder#build()}
 * produces, what {@link Distiller#toString()} prints, what the checkpoint key is made of and what the benchmark reads.
 *
 * @param objective what the student is trained to do (see {@link Objective})
 * @param temperature \(T\) of the soft term (used by objectives that soften the teacher's logits)
 * @param alpha \(\alpha \in [0, 1]\), the weight of the teacher's term; 0 is supervised training
 * @param epochs passes over the training set
 * @param batchSize examples per optimizer step (the last batch of an epoch may be smaller)
 * @param optimizer the optimizer's name, e.g. {@code "adam"}
 * @param learningRate the learning rate or its schedule, e.g. {@code "0.001"} or {@code "cosine 0.001 → 1e-05"}
 * @param seed fixes initial weights, the order of the examples, augmentation and dropout masks
 * @param augment random shifts of up to 2 pixels (the teacher then runs on every batch)
 */
public record Recipe(Objective objective, float temperature, float alpha, int epochs, int batchSize, String optimizer,
        String learningRate, long seed, boolean augment) {

    /** {@link #learningRate()} when the optimizer's name already says it (see {@link Distiller.Builder#optimizer}). */
    public static final String AS_NAMED = "as named";

    /** The settings that determine the trained weights, seed excluded (checkpoint keys add it separately). */
    public String key() {
        return "Distiller(objective=" + objective.name() + ", T=" + temperature + ", alpha=" + alpha + ", epochs=" + epochs
                + ", batch=" + batchSize + ", optimizer=" + optimizer + ", lr=" + learningRate + ", augment=" + augment + ")";
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s, T=%s, α=%s, %d epochs, batch %d, %s%s, seed %d%s", objective.name(),
                temperature, alpha, epochs, batchSize, optimizer, AS_NAMED.equals(learningRate) ? "" : " lr " + learningRate,
                seed, augment ? ", augmented" : "");
    }
}
