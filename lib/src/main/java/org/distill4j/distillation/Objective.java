package org.distill4j.distillation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.List;
import java.util.function.UnaryOperator;
import org.distill4j.models.Architecture;
import org.distill4j.models.Classifier;

/**
 * What a training run asks of the student: the one thing that differs between supervised training, knowledge
 * distillation and its variants. {@link Distiller} owns the loop (batches, optimizer, evaluation, history); an
 * objective says
 *
 * <ul>
 *   <li>whether each batch needs the teacher's logits ({@link #needsTeacherLogits}) and what the loss reads from them
 *       ({@link #targets}: the logits themselves, their argmax, a permuted version, ...),
 *   <li>whether it needs a hidden layer of the teacher ({@link #teacherFeatures}),
 *   <li>which block trains ({@link #trainable}: the student's own, or the student plus a regressor),
 *   <li>the loss on one batch ({@link #loss}) and any extra history columns ({@link #columns}).
 * </ul>
 *
 * <p>The course's objectives: {@link #supervised()}, {@link #distillation()} (Hinton et al., 2015),
 * {@link #labelSmoothing(float)}, {@link #pseudoLabels()} and {@link #shuffledTeacher()} here, and the FitNets hint
 * in {@code org.distill4j.features.Hints}. The last three are <em>controls</em>: they keep parts of what the teacher
 * says and drop others, so a comparison shows which part helps.
 *
 * <p>Objectives hold no state between runs: a {@link Recipe} carries the temperature, α and seed they read.
 */
public interface Objective {

    /**
     * One batch as the loss sees it.
     *
     * @param images {@code [B, features]}
     * @param labels {@code [B]} int32 class indices
     * @param teacher what {@link #targets} made of the teacher's logits for these images (null when not needed)
     * @param teacherFeatures what {@link #teacherFeatures} returned for these images (null when not needed)
     */
    record Batch(NDArray images, NDArray labels, NDArray teacher, NDArray teacherFeatures) {
        public int size() {
            return (int) labels.getShape().get(0);
        }
    }

    /** A short name with the objective's own settings (not the recipe's): printed, and part of checkpoint keys. */
    String name();

    /** Whether each batch needs the teacher's logits under this recipe (false: the teacher is only evaluated against). */
    boolean needsTeacherLogits(Recipe recipe);

    /**
     * Turns the teacher's logits for some images into what {@link #loss} reads as {@link Batch#teacher()}. Called once
     * for the whole training set when the teacher's logits can be cached (no augmentation), else once per batch.
     *
     * @param teacherLogits {@code [N, classes]}
     * @param seed for objectives that draw random numbers: the same seed gives the same targets
     * @return by default the logits themselves; the result is owned by the manager of {@code teacherLogits}
     */
    default NDArray targets(NDArray teacherLogits, Recipe recipe, long seed) {
        return teacherLogits;
    }

    /**
     * What the objective needs from inside the teacher for these images (e.g. a hidden layer), or null (the default).
     *
     * @param images {@code [N, features]}
     * @return owned by the manager of {@code images}
     */
    default NDArray teacherFeatures(Classifier teacher, NDArray images) {
        return null;
    }

    /**
     * Called once per run <em>before</em> the student is created (its creation seeds the engine, so anything
     * initialised here does not change the student's initial weights or dropout masks): returns how to wrap the
     * student's block into the block that trains. The default trains the student's own block.
     *
     * @param manager owns whatever the objective creates for this run; closed after training
     * @throws IllegalArgumentException if this objective cannot work with these networks
     */
    default UnaryOperator<Block> trainable(Classifier teacher, Architecture student, Recipe recipe, NDManager manager) {
        return UnaryOperator.identity();
    }

    /**
     * The loss on one batch, a scalar, differentiated with respect to the trainable block's parameters.
     *
     * @param outputs what the trainable block returned; the first element is always the student's logits {@code [B,
     *     classes]}
     */
    NDArray loss(Batch batch, NDList outputs, Recipe recipe);

    /** Names of extra history columns (batch-weighted means over each epoch); none by default. */
    default List<String> columns() {
        return List.of();
    }

    /**
     * The extra columns' values on one batch, scalars in the order of {@link #columns()}; called without gradient
     * recording, after the step.
     */
    default NDList columnValues(Batch batch, NDList outputs, Recipe recipe) {
        return new NDList();
    }

    /** Cross-entropy with the labels only: teachers and baselines. */
    static Objective supervised() {
        return Supervised.INSTANCE;
    }

    /** Knowledge distillation with the {@link DistillationLoss} at the recipe's T and α (Hinton et al., 2015). */
    static Objective distillation() {
        return LogitDistillation.INSTANCE;
    }

    /** Cross-entropy with labels smoothed by ε (Szegedy et al., 2016): no teacher at all. See {@link LabelSmoothing}. */
    static Objective labelSmoothing(float epsilon) {
        return new LabelSmoothing(epsilon);
    }

    /** The teacher's top class as a hard label, weighted by α, instead of its soft targets. See {@link PseudoLabels}. */
    static Objective pseudoLabels() {
        return PseudoLabels.INSTANCE;
    }

    /** Distillation from a teacher whose wrong-class probabilities are shuffled per image. See {@link ShuffledTeacher}. */
    static Objective shuffledTeacher() {
        return ShuffledTeacher.INSTANCE;
    }
}
