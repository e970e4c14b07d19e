package org.distill4j.bench;

import ai.djl.Device;
import java.util.LinkedHashMap;
import java.util.Map;
import org.distill4j.data.Datasets;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.distill4j.distillation.Distiller;
import org.distill4j.distillation.History;
import org.distill4j.models.Classifier;
import org.distill4j.models.Mlp;

/**
 * One training workload run through the library's {@link Distiller}, exactly as a notebook runs it, timed from the
 * Distiller's own history: the {@link History#SECONDS} column is the training time of each epoch (the per-epoch evaluation on
 * the test set excluded). The first epoch is a warm-up and is dropped; the throughput is the training-set size divided
 * by the median of the remaining epochs.
 *
 * <p>Training FLOPs per sample: \(6P\) for a network of \(P\) parameters (forward \(2P\): one multiply and one add per
 * weight; backward \(4P\): gradients with respect to the activations and to the weights). With a teacher run on every
 * batch, its forward pass adds \(2P_t\).
 */
enum Workload {
    TEACHER_TRAIN("teacher training", "supervised 784-1200-1200-10 (dropout 0.2)"),
    STUDENT_TRAIN("student training", "supervised 784-100-10"),
    KD_CACHED("KD, cached teacher logits", "student from the teacher, teacher logits computed once before epoch 1"),
    STUDENT_TRAIN_AUGMENTED("student training, augmented", "supervised student, random 2-pixel shifts"),
    KD_PER_BATCH("KD, teacher per batch", "augmented, so the teacher runs forward on every batch");

    final String label;
    final String description;

    Workload(String label, String description) {
        this.label = label;
        this.description = description;
    }

    String key() {
        return name().toLowerCase();
    }

    /** Training FLOPs per sample (see the class comment). */
    double flopsPerSample(long teacherParams, long studentParams) {
        return switch (this) {
            case TEACHER_TRAIN -> 6.0 * teacherParams;
            case STUDENT_TRAIN, STUDENT_TRAIN_AUGMENTED, KD_CACHED -> 6.0 * studentParams;
            case KD_PER_BATCH -> 6.0 * studentParams + 2.0 * teacherParams;
        };
    }

    /** The Distiller a learner would build for this workload. */
    Distiller distiller(int epochs, int batch, long seed, Device device, float temperature, float alpha,
            Distiller.Listener... listeners) {
        Distiller.Builder b = switch (this) {
            case TEACHER_TRAIN, STUDENT_TRAIN -> Distiller.supervised();
            case STUDENT_TRAIN_AUGMENTED -> Distiller.supervised().augment(true);
            case KD_CACHED -> Distiller.builder().temperature(temperature).alpha(alpha);
            case KD_PER_BATCH -> Distiller.builder().temperature(temperature).alpha(alpha).augment(true);
        };
        for (Distiller.Listener l : listeners) {
            b.listener(l);
        }
        return b.epochs(epochs).batchSize(batch).seed(seed).device(device).quiet(true).build();
    }

    /**
     * Runs the workload for {@code 1 + timedEpochs} epochs.
     *
     * @param teacher used by the KD workloads (its weights do not change the cost)
     */
    Map<String, Object> run(Classifier teacher, Datasets.Split data, int batch, int timedEpochs, Device device,
            float temperature, float alpha, double gemmFlops) {
        Distiller d = distiller(1 + timedEpochs, batch, 7, device, temperature, alpha);
        long t0 = System.nanoTime();
        Distiller.Result r = switch (this) {
            case TEACHER_TRAIN -> d.train(Mlp.teacher(), data);
            case STUDENT_TRAIN, STUDENT_TRAIN_AUGMENTED -> d.train(Mlp.student(), data);
            case KD_CACHED, KD_PER_BATCH -> d.distill(teacher, Mlp.student(), data);
        };
        double wall = (System.nanoTime() - t0) / 1e9;
        try (r) {
            double[] seconds = r.training().column(History.SECONDS);
            double[] timed = java.util.Arrays.copyOfRange(seconds, 1, seconds.length);
            double epochSeconds = new DescriptiveStatistics(timed).getPercentile(50);
            int n = data.train().size();
            double samplesPerS = n / epochSeconds;
            long studentParams = this == TEACHER_TRAIN ? 0 : r.student().parameterCount();
            double flops = flopsPerSample(teacher.parameterCount(), studentParams);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("workload", key());
            m.put("label", label);
            m.put("batch", batch);
            m.put("train_samples", n);
            m.put("epoch_seconds", seconds);
            m.put("median_epoch_s", epochSeconds);
            m.put("samples_per_s", samplesPerS);
            m.put("best_samples_per_s", n / java.util.Arrays.stream(timed).min().orElse(Double.NaN));
            m.put("flops_per_sample", flops);
            m.put("bound_samples_per_s", gemmFlops / flops);
            m.put("bound_fraction", samplesPerS * flops / gemmFlops);
            m.put("run_wall_s", wall);
            m.put("final_test_accuracy", r.testAccuracy());
            return m;
        }
    }
}
