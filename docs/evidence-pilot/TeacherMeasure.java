// How to run (from the repository root, after ./kit setup):
//   javac -cp lib/target/classes:$(cat .kit/classpath.txt) -d /tmp/pilot docs/evidence-pilot/TeacherMeasure.java
//   java -Ddistill4j.home=$PWD -cp /tmp/pilot:lib/target/classes:$(cat .kit/classpath.txt) TeacherMeasure scratch|cnn
// Measured output: docs/evidence-plan.md. Not part of the course; kept as a record of how its numbers were obtained.
import ai.djl.ndarray.*;
import org.distill4j.data.*;
import org.distill4j.distillation.*;
import org.distill4j.metrics.Accuracy;
import org.distill4j.models.*;
import org.distill4j.course.Course;

public class TeacherMeasure {
    static double acc(Classifier c, ImageDataset d) {
        try (NDManager m = NDManager.newBaseManager()) {
            return Accuracy.of(c.logits(d, m), d.labels(m));
        }
    }
    public static void main(String[] a) throws Exception {
        String what = a[0];
        ValidationSplit course = Datasets.fashionMnistCourse();
        System.out.println(course);
        if (what.equals("scratch")) {
            Datasets.Split sub = Datasets.fashionMnist();
            for (long seed : new long[] {42, 1, 2}) {
                long t0 = System.nanoTime();
                try (var r = Distiller.supervised().epochs(5).seed(seed).quiet(true).build().train(Mlp.student(), sub.train(), course.validation())) {
                    System.out.printf("scratch 784-100-10 (12k subset, 5 epochs, seed %d): validation %.4f test10k %.4f test2k %.4f (%.0f s)%n",
                            seed, r.testAccuracy(), acc(r.student(), course.test()), acc(r.student(), sub.test()), (System.nanoTime() - t0) / 1e9);
                }
            }
        } else if (what.equals("cnn")) {
            long t0 = System.nanoTime();
            Distiller d = Course.cnnTeacherTraining();
            System.out.println(d);
            try (var r = d.train(SmallCnn.teacher(), course.forChoosing())) {
                double secs = (System.nanoTime() - t0) / 1e9;
                System.out.println(r.training());
                org.distill4j.models.Checkpoints.save(r.student(), d.recipe(null, course.train()));
                System.out.printf("CNN teacher: validation %.4f, test10k %.4f, trained in %.0f s, fingerprint %s%n",
                        r.testAccuracy(), acc(r.student(), course.test()), secs, r.student().fingerprint());
            }
        }
    }
}
