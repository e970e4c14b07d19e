// How to run (from the repository root, after ./kit setup):
//   javac -cp lib/target/classes:$(cat .kit/classpath.txt) -d /tmp/pilot docs/evidence-pilot/Pilot.java
//   java -Ddistill4j.home=$PWD -cp /tmp/pilot:lib/target/classes:$(cat .kit/classpath.txt) Pilot 5 20000
// Measured output: docs/evidence-plan.md. Not part of the course; kept as a record of how its numbers were obtained.
import ai.djl.ndarray.*;
import java.util.*;
import org.distill4j.data.*;
import org.distill4j.distillation.*;
import org.distill4j.metrics.*;
import org.distill4j.models.*;
import org.distill4j.course.Course;

/** Pilot for notebook 05's rework: validation accuracy only (the test set is not read). */
public class Pilot {
    public static void main(String[] a) throws Exception {
        long[] seeds = {1, 2};
        int kdEpochs = Integer.parseInt(a.length > 0 ? a[0] : "5");
        ValidationSplit course = Datasets.fashionMnistCourse();
        int transferSize = Integer.parseInt(a.length > 1 ? a[1] : "55000");
        ImageDataset transfer = course.train().take(transferSize).named("course train, first " + transferSize);
        // 100 labelled images per class: the first of each class in the training part's file order
        int[] per = new int[10];
        int[] idx = java.util.stream.IntStream.range(0, transfer.size())
                .filter(i -> per[transfer.label(i)]++ < 100).toArray();
        ImageDataset labelled = transfer.subset(idx).named("course train, first 100 per class");
        ImageDataset val = course.validation();
        long t0 = System.nanoTime();
        Classifier teacher = Course.cnnTeacher();
        double teacherVal;
        float eps4, eps2;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = teacher.logits(transfer, m);
            teacherVal = Accuracy.of(teacher.logits(val, m), val.labels(m));
            double h4 = SoftTargets.entropy(SoftTargets.softmax(z, 4f)).mean().getFloat();
            double h2 = SoftTargets.entropy(SoftTargets.softmax(z, 2f)).mean().getFloat();
            eps4 = LabelSmoothing.epsilonForEntropy(h4, 10);
            eps2 = LabelSmoothing.epsilonForEntropy(h2, 10);
            System.out.printf("teacher validation %.4f; mean entropy of soft targets T=2 %.3f nats (eps %.3f), T=4 %.3f nats (eps %.3f); %.0f s%n",
                    teacherVal, h2, eps2, h4, eps4, (System.nanoTime() - t0) / 1e9);
        }
        Map<String, double[]> acc = new LinkedHashMap<>();
        for (int s = 0; s < seeds.length; s++) {
            long seed = seeds[s];
            record Arm(String name, Distiller d, ImageDataset train, boolean teacher) {}
            List<Arm> arms = List.of(
                new Arm("scratch (1k labels, 50 ep)", Distiller.supervised().epochs(50).seed(seed).quiet(true).build(), labelled, false),
                new Arm("all transfer labels (reference)", Distiller.supervised().epochs(kdEpochs).seed(seed).quiet(true).build(), transfer, false),
                new Arm("KD T=4 a=1 (no labels)", Distiller.builder().temperature(4).alpha(1f).epochs(kdEpochs).seed(seed).quiet(true).build(), transfer, true),
                new Arm("KD T=2 a=1 (no labels)", Distiller.builder().temperature(2).alpha(1f).epochs(kdEpochs).seed(seed).quiet(true).build(), transfer, true),
                new Arm("hard pseudo-labels a=1", Distiller.builder().objective(Objective.pseudoLabels()).alpha(1f).epochs(kdEpochs).seed(seed).quiet(true).build(), transfer, true),
                new Arm("shuffled teacher T=4 a=1", Distiller.builder().objective(Objective.shuffledTeacher()).temperature(4).alpha(1f).epochs(kdEpochs).seed(seed).quiet(true).build(), transfer, true),
                new Arm("label smoothing eps(T=4) (TRUE labels)", Distiller.supervised().objective(Objective.labelSmoothing(eps4)).epochs(kdEpochs).seed(seed).quiet(true).build(), transfer, false));
            for (Arm arm : arms) {
                long t = System.nanoTime();
                try (var r = arm.teacher() ? arm.d().distill(teacher, Mlp.student(), arm.train(), val)
                        : arm.d().train(Mlp.student(), arm.train(), val)) {
                    acc.computeIfAbsent(arm.name(), k -> new double[seeds.length])[s] = r.testAccuracy();
                    System.out.printf("seed %d  %-45s validation %.4f  (%.0f s, load %s)%n", seed, arm.name(), r.testAccuracy(),
                            (System.nanoTime() - t) / 1e9, new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).substring(0, 14));
                }
            }
        }
        double[] scratch = acc.get("scratch (1k labels, 50 ep)");
        double scratchMean = Arrays.stream(scratch).average().orElseThrow();
        System.out.println("\nsummary (validation accuracy, 5,000 images; teacher " + String.format("%.4f", teacherVal) + ")");
        for (var e : acc.entrySet()) {
            double mean = Arrays.stream(e.getValue()).average().orElseThrow();
            String vs = e.getValue() == scratch ? "" : "  vs scratch " + PairedDifference.of(e.getValue(), scratch).inPoints()
                    + String.format("  gap closed %.2f", (mean - scratchMean) / (teacherVal - scratchMean));
            System.out.printf("%-45s %s mean %.4f%s%n", e.getKey(), Arrays.toString(e.getValue()), mean, vs);
        }
        teacher.close();
    }
}
