package org.distill4j.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.distill4j.data.Datasets;
import org.distill4j.distillation.DistillationLoss;
import org.distill4j.models.Architecture;
import org.distill4j.models.Classifier;
import org.distill4j.models.Mlp;

/**
 * Where a training step's time goes: the Distiller's per-batch work (as in {@code Distiller.run}), replayed with a
 * clock between the phases. Diagnosis only — the throughput table measures the Distiller itself.
 *
 * <p>Phases: {@code gather} (index array, the batch's images, labels and cached teacher logits), {@code forward},
 * {@code loss}, {@code backward}, {@code step} (Adam) and {@code metrics} (the batch loss and correct count read back
 * to Java). Variants alternate batch by batch, so a change in the machine's load hits both alike.
 */
final class StepProfile {

    private static final String[] PHASES = {"gather", "forward", "loss", "backward", "step", "metrics"};

    private StepProfile() {}

    /** Milliseconds per batch by phase for: student supervised, student KD (cached logits), teacher supervised. */
    static List<Map<String, Object>> measure(Datasets.Split data, int batch, int batches, Device device, float temperature,
            float alpha) {
        try (Classifier teacher = Classifier.create(Mlp.teacher(), 1, device);
                NDManager m = NDManager.newBaseManager(device)) {
            NDArray x = data.train().images(m);
            NDArray y = data.train().labels(m);
            NDArray cached = teacher.logitsInBatches(x);
            Variant[] variants = {
                new Variant("student training", Mlp.student(), new DistillationLoss(temperature, 0f), false, device),
                new Variant("KD, cached teacher logits", Mlp.student(), new DistillationLoss(temperature, alpha), true, device),
                new Variant("teacher training", Mlp.teacher(), new DistillationLoss(temperature, 0f), false, device)
            };
            try {
                Random random = new Random(1);
                int n = data.train().size();
                for (int i = -10; i < batches; i++) {
                    int[] idx = random.ints(batch, 0, n).toArray();
                    for (Variant v : variants) {
                        v.step(m, x, y, cached, idx, i >= 0);
                    }
                }
                return java.util.Arrays.stream(variants).map(v -> v.result(batch, batches)).toList();
            } finally {
                for (Variant v : variants) {
                    v.close();
                }
            }
        }
    }

    private static final class Variant implements AutoCloseable {
        final String name;
        final Classifier net;
        final Trainer trainer;
        final DistillationLoss loss;
        final boolean soft;
        final long[] nanos = new long[PHASES.length];

        Variant(String name, Architecture arch, DistillationLoss loss, boolean soft, Device device) {
            this.name = name;
            this.net = Classifier.create(arch, 1, device);
            this.loss = loss;
            this.soft = soft;
            this.trainer = net.model().newTrainer(new DefaultTrainingConfig(loss)
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build())
                    .optDevices(new Device[] {device}));
        }

        void step(NDManager data, NDArray x, NDArray y, NDArray cached, int[] idx, boolean record) {
            long[] t = new long[PHASES.length + 1];
            t[0] = System.nanoTime();
            try (NDManager batch = data.newSubManager()) {
                NDArray rows = batch.create(idx);
                NDArray bx = x.get(rows);
                bx.attach(batch);
                NDArray by = y.get(rows);
                by.attach(batch);
                NDList labels = new NDList(by);
                if (soft) {
                    NDArray z = cached.get(rows);
                    z.attach(batch);
                    labels.add(z);
                }
                NDArray logits;
                NDArray value;
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    t[1] = System.nanoTime();
                    logits = trainer.forward(new NDList(bx)).singletonOrThrow();
                    t[2] = System.nanoTime();
                    value = loss.evaluate(labels, new NDList(logits));
                    t[3] = System.nanoTime();
                    collector.backward(value);
                    t[4] = System.nanoTime();
                }
                trainer.step();
                t[5] = System.nanoTime();
                value.getFloat();
                logits.argMax(1).toType(DataType.INT32, false).eq(by).sum().getLong();
                t[6] = System.nanoTime();
            }
            if (record) {
                for (int p = 0; p < PHASES.length; p++) {
                    nanos[p] += t[p + 1] - t[p];
                }
            }
        }

        Map<String, Object> result(int batch, int batches) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("variant", name);
            r.put("batch", batch);
            double total = 0;
            for (int p = 0; p < PHASES.length; p++) {
                double ms = nanos[p] / 1e6 / batches;
                r.put(PHASES[p] + "_ms", ms);
                total += ms;
            }
            r.put("total_ms", total);
            r.put("samples_per_s", batch / (total / 1000));
            return r;
        }

        @Override
        public void close() {
            trainer.close();
            net.close();
        }
    }
}
