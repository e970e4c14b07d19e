package org.distill4j.distillation;

/**
 * Training stopped because its thread was interrupted (in Jupyter: Kernel ▸ Interrupt). Nothing was saved: the
 * network being trained is closed and no checkpoint is written.
 */
public final class TrainingInterruptedException extends RuntimeException {

    private final int epoch;
    private final int batch;

    public TrainingInterruptedException(int epoch, int batch) {
        super("training interrupted at epoch " + epoch + ", batch " + batch + "; nothing was saved");
        this.epoch = epoch;
        this.batch = batch;
    }

    public int epoch() {
        return epoch;
    }

    public int batch() {
        return batch;
    }
}
