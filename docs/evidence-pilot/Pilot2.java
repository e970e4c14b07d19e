// How to run (from the repository root, after ./kit setup):
//   javac -cp lib/target/classes:$(cat .kit/classpath.txt) -d /tmp/pilot docs/evidence-pilot/Pilot2.java
//   java -Ddistill4j.home=$PWD -cp /tmp/pilot:lib/target/classes:$(cat .kit/classpath.txt) Pilot2
// Measured output: docs/evidence-plan.md. Not part of the course; kept as a record of how its numbers were obtained.
import ai.djl.ndarray.*;
import java.util.*;
import org.distill4j.data.*;
import org.distill4j.distillation.*;
import org.distill4j.metrics.*;
import org.distill4j.models.*;
import org.distill4j.course.Course;

/** Pilot 2: full 55k transfer set, controls at the pilot-1 temperature T = 2; validation accuracy only. */
public class Pilot2 {
    public static void main(String[] a) throws Exception {
        long[] seeds = {1, 2};
        int epochs = 5;
        ValidationSplit course = Datasets.fashionMnistCourse();
        ImageDataset transfer = course.train();
        int[] per = new int[10];
        int[] idx = java.util.stream.IntStream.range(0, transfer.size()).filter(i -> per[transfer.label(i)]++ < 100).toArray();
        ImageDataset labelled = transfer.subset(idx).named("first 100 per class");
        ImageDataset val = course.validation();
        long t0 = System.nanoTime();
        Classifier teacher = Course.cnnTeacher();
        float eps2;
        ImageDataset pseudo;
        double teacherVal, agree;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = teacher.logits(transfer, m);
            teacherVal = Accuracy.of(teacher.logits(val, m), val.labels(m));
            double h2 = SoftTargets.entropy(SoftTargets.softmax(z, 2f)).mean().getFloat();
            eps2 = LabelSmoothing.epsilonForEntropy(h2, 10);
            int[] hard = z.argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray();
            int same = 0;
            byte[] px = new byte[transfer.size() * transfer.features()];
            for (int i = 0; i < transfer.size(); i++) {
                if (hard[i] == transfer.label(i)) same++;
                float[] img = transfer.image(i);
                for (int p = 0; p < img.length; p++) px[i * img.length + p] = (byte) Math.round(img[p] * 255);
            }
            agree = same / (double) transfer.size();
            pseudo = new ImageDataset("transfer with the teacher's labels", px, hard, 28, 28, transfer.classNames());
            System.out.printf("teacher validation %.4f; teacher agrees with the true labels on %.4f of the transfer set; T=2 entropy %.3f nats, eps %.3f; %.0f s%n",
                    teacherVal, agree, h2, eps2, (System.nanoTime() - t0) / 1e9);
        }
        Map<String, double[]> acc = new LinkedHashMap<>();
        for (int s = 0; s < seeds.length; s++) {
            long seed = seeds[s];
            record Arm(String name, Distiller d, ImageDataset train, boolean teacher) {}
            List<Arm> arms = List.of(
                new Arm("scratch (1k labels, 50 ep)", Distiller.supervised().epochs(50).seed(seed).quiet(true).build(), labelled, false),
                new Arm("KD T=2 a=1 (no labels)", Distiller.builder().temperature(2).alpha(1f).epochs(epochs).seed(seed).quiet(true).build(), transfer, true),
                new Arm("KD T=1 a=1 (no labels)", Distiller.builder().temperature(1).alpha(1f).epochs(epochs).seed(seed).quiet(true).build(), transfer, true),
                new Arm("hard pseudo-labels (no labels)", Distiller.builder().objective(Objective.pseudoLabels()).alpha(1f).epochs(epochs).seed(seed).quiet(true).build(), transfer, true),
                new Arm("shuffled teacher T=2 (no labels)", Distiller.builder().objective(Objective.shuffledTeacher()).temperature(2).alpha(1f).epochs(epochs).seed(seed).quiet(true).build(), transfer, true),
                new Arm("label smoothing eps(T=2) on pseudo-labels", Distiller.supervised().objective(Objective.labelSmoothing(eps2)).epochs(epochs).seed(seed).quiet(true).build(), pseudo, false),
                new Arm("label smoothing eps(T=2) on TRUE labels", Distiller.supervised().objective(Objective.labelSmoothing(eps2)).epochs(epochs).seed(seed).quiet(true).build(), transfer, false),
                new Arm("all 55k true labels (reference)", Distiller.supervised().epochs(epochs).seed(seed).quiet(true).build(), transfer, false));
            for (Arm arm : arms) {
                long t = System.nanoTime();
                try (var r = arm.teacher() ? arm.d().distill(teacher, Mlp.student(), arm.train(), val)
                        : arm.d().train(Mlp.student(), arm.train(), val)) {
                    acc.computeIfAbsent(arm.name(), k -> new double[seeds.length])[s] = r.testAccuracy();
                    System.out.printf("seed %d  %-42s validation %.4f  (%.0f s, load %s)%n", seed, arm.name(), r.testAccuracy(),
                            (System.nanoTime() - t) / 1e9, new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).substring(0, 14));
                }
            }
        }
        double[] scratch = acc.get("scratch (1k labels, 50 ep)");
        double[] kd = acc.get("KD T=2 a=1 (no labels)");
        double scratchMean = Arrays.stream(scratch).average().orElseThrow();
        System.out.println("\nsummary (validation accuracy, 5,000 images; teacher " + String.format("%.4f", teacherVal) + ")");
        for (var e : acc.entrySet()) {
            double mean = Arrays.stream(e.getValue()).average().orElseThrow();
            String vs = e.getValue() == scratch ? "" : String.format("  gap closed %.2f", (mean - scratchMean) / (teacherVal - scratchMean))
                    + (e.getValue() == kd ? "" : "  KD T=2 minus this: " + PairedDifference.of(kd, e.getValue()).inPoints());
            System.out.printf("%-42s %s mean %.4f%s%n", e.getKey(), Arrays.toString(e.getValue()), mean, vs);
        }
        teacher.close();
    }
}
