package org.distill4j.distillation;

/**
 * The training loss became NaN or infinite: the weights are ruined, so training stopped at once and nothing was
 * saved. The usual cause is a learning rate too large for the network (each step overshoots and the weights blow
 * up); try one ten times smaller.
 */
public final class TrainingDivergedException extends ArithmeticException {

    private final int batch;

    public TrainingDivergedException(int epoch, int firstBatch, int batch, int batches, double loss, Recipe recipe) {
        super("the training loss became " + loss + " at epoch " + epoch + ", batch " + batch + " of " + batches
                + (firstBatch < batch ? " (somewhere in batches " + firstBatch + "–" + batch + ", checked together)" : "")
                + "; training stopped and nothing was saved. Try a smaller learning rate (e.g. ten times smaller than "
                + recipe.optimizer() + " lr " + recipe.learningRate() + "), or check the data for NaN values.");
        this.batch = batch;
    }

    /** The batch (from 1) at which the non-finite loss was noticed. */
    public int batch() {
        return batch;
    }
}
