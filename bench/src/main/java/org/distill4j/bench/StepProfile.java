package org.distill4j.bench;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.distill4j.data.Datasets;
import org.distill4j.distillation.Distiller;
import org.distill4j.models.Classifier;
import org.distill4j.models.Mlp;

/**
 * Where a training step's time goes, measured on the library's own loop: a {@link Distiller.Listener} that reads the
 * clock at the end of every {@link Distiller.Phase} of every batch. Diagnosis only — the throughput table measures
 * the Distiller without it (the clock costs about a microsecond per phase).
 *
 * <p>Phases: {@code data} (the batch's views of the epoch's gathered arrays, or an augmented copy; also the interrupt
 * check), {@code forward}, {@code loss}, {@code backward}, {@code step} (the optimizer) and {@code metrics} (loss and
 * correct predictions added to device-side sums, and the loss read back every few batches to notice a NaN). The first
 * epoch is a warm-up and is not recorded; the epoch's one-off work (the shuffle and the gather) is not in any phase.
 */
final class StepProfile implements Distiller.Listener {

    private final long[] nanos = new long[Distiller.Phase.values().length];
    private final int warmupEpochs;
    private boolean recording;
    private long last;
    private int batches;

    private StepProfile(int warmupEpochs) {
        this.warmupEpochs = warmupEpochs;
    }

    @Override
    public void onEpochStart(int epoch) {
        recording = epoch > warmupEpochs;
        last = System.nanoTime();
    }

    @Override
    public void onPhase(Distiller.Phase phase) {
        long now = System.nanoTime();
        if (recording) {
            nanos[phase.ordinal()] += now - last;
        }
        last = now;
    }

    @Override
    public void onBatchEnd(int epoch, int batch, int total, DoubleSupplier meanLoss) {
        long now = System.nanoTime();
        if (recording) {
            nanos[Distiller.Phase.METRICS.ordinal()] += now - last; // the periodic NaN check belongs to the metrics
            batches++;
        }
        last = now;
    }

    /**
     * Milliseconds per batch by phase for: student supervised, student KD (cached logits), teacher supervised — each
     * a real Distiller run of one warm-up and one recorded epoch.
     */
    static List<Map<String, Object>> measure(Datasets.Split data, int batch, Device device, float temperature,
            float alpha) {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Classifier teacher = Classifier.create(Mlp.teacher(), 1, device)) {
            for (Workload w : List.of(Workload.STUDENT_TRAIN, Workload.KD_CACHED, Workload.TEACHER_TRAIN)) {
                StepProfile profile = new StepProfile(1);
                Distiller d = w.distiller(2, batch, 7, device, temperature, alpha, profile);
                try (Distiller.Result r = w == Workload.KD_CACHED ? d.distill(teacher, Mlp.student(), data)
                        : d.train(w == Workload.TEACHER_TRAIN ? Mlp.teacher() : Mlp.student(), data)) {
                    rows.add(profile.result(w.label, batch, r.training().last().seconds()));
                }
            }
        }
        return rows;
    }

    private Map<String, Object> result(String variant, int batch, double epochSeconds) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("variant", variant);
        r.put("batch", batch);
        r.put("batches", batches);
        double total = 0;
        for (Distiller.Phase p : Distiller.Phase.values()) {
            double ms = nanos[p.ordinal()] / 1e6 / batches;
            r.put(p.name().toLowerCase() + "_ms", ms);
            total += ms;
        }
        r.put("total_ms", total);
        r.put("epoch_ms_per_batch", epochSeconds * 1000 / batches);
        r.put("samples_per_s", batch / (total / 1000));
        return r;
    }
}
