package org.distill4j.distillation;

/**
 * Training stopped because its thread was interrupted (in Jupyter: Kernel ▸ Interrupt). Nothing was saved: the
 * network being trained is closed and no checkpoint is written.
 */
public final class TrainingInterruptedException extends RuntimeException {

    public TrainingInterruptedException(int epoch, int batch) {
        super("training interrupted at epoch " + epoch + ", batch " + batch + "; nothing was saved");
    }
}
