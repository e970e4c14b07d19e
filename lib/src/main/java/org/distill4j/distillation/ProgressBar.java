package org.distill4j.distillation;

import java.io.PrintStream;
import java.util.function.DoubleSupplier;

/**
 * A {@link Distiller.Listener} that prints one line per epoch; within an epoch, a bar redrawn in place with {@code \r},
 * only when a terminal is attached (a notebook's output would keep every redraw).
 */
final class ProgressBar implements Distiller.Listener {
    private static final int WIDTH = 24;
    private final PrintStream out;
    private final boolean live;
    private int epochs;
    private int lastDrawn = -1;

    ProgressBar(PrintStream out) {
        this.out = out;
        this.live = System.console() != null;
    }

    @Override
    public void onTrainingStart(Recipe recipe, int examples, int batchesPerEpoch) {
        this.epochs = recipe.epochs();
    }

    @Override
    public void onBatchEnd(int epoch, int batch, int batches, DoubleSupplier meanLoss) {
        if (!live) {
            return;
        }
        int filled = batch * WIDTH / batches;
        if (filled == lastDrawn && batch != batches) {
            return;
        }
        lastDrawn = filled;
        out.print(String.format("\repoch %2d/%d [%s%s] %3d %%  loss %.3f", epoch, epochs, "#".repeat(filled),
                " ".repeat(WIDTH - filled), batch * 100 / batches, meanLoss.getAsDouble()));
        out.flush();
    }

    @Override
    public void onEpochEnd(History.Epoch e, int epochs, int examples) {
        StringBuilder extra = new StringBuilder();
        e.extra().forEach((k, v) -> extra.append(String.format("  %s %.4f", k, v)));
        String test = Double.isNaN(e.testAccuracy()) ? "" : String.format("  test %.1f %%", 100 * e.testAccuracy());
        String line = String.format("epoch %2d/%d  loss %.3f%s  train %.1f %%%s%s  %.1f s (%,.0f samples/s)",
                e.epoch(), epochs, e.loss(), extra, 100 * e.trainAccuracy(), test,
                Double.isNaN(e.agreement()) ? "" : String.format("  agree %.1f %%", 100 * e.agreement()), e.seconds(),
                examples / e.seconds());
        out.println(live ? "\r" + line + " ".repeat(Math.max(0, 60 - line.length())) : line);
        out.flush();
        lastDrawn = -1;
    }
}
