package org.distill4j.course;

import ai.djl.ndarray.NDManager;
import org.distill4j.data.Datasets;
import org.distill4j.data.ImageDataset;
import org.distill4j.data.ValidationSplit;
import org.distill4j.metrics.Accuracy;
import org.distill4j.models.Classifier;

/**
 * Trains the course's teacher ({@link Course#teacher()}) and notebook 09's ensemble ({@link Course#ensembleTeachers()},
 * three more of the same MLP) and leaves them in {@code checkpoints/}, so that the notebooks load them instead of
 * training them. Binder's image build runs this ({@code ./kit pretrain}); a learner never
 * needs to.
 *
 * <p>With {@code --ensemble} it makes only notebook 09's ensemble. With {@code --cnn} it makes the CNN teacher instead ({@link Course#cnnTeacher()}: loaded from {@code checkpoints/}
 * or the copy shipped in {@code datasets/teachers/}, else trained, several minutes on 2 cores) and prints its accuracy
 * on the 5,000 validation and the 10,000 test images of {@link Datasets#fashionMnistCourse()}; it also leaves the
 * teacher's logits on all three splits in {@code checkpoints/logits/}, so that no notebook waits for them. To re-train it from its
 * recipe and compare with the shipped copy: {@code rm -f checkpoints/cnn-*; DISTILL4J_NO_SHIPPED_TEACHER=1 ./kit
 * pretrain --cnn}.
 */
public final class PretrainTeacher {

    private PretrainTeacher() {}

    public static void main(String[] args) {
        boolean cnn = args.length > 0 && args[0].equals("--cnn");
        boolean ensembleOnly = args.length > 0 && args[0].equals("--ensemble");
        if (args.length > (cnn || ensembleOnly ? 1 : 0)) {
            System.err.println("usage: PretrainTeacher [--cnn | --ensemble]   (got " + String.join(" ", args) + ")");
            System.exit(2);
        }
        long t0 = System.nanoTime();
        if (!cnn) {
            long te = System.nanoTime();
            try (org.distill4j.models.Ensemble ensemble = Course.ensembleTeachers()) {
                System.out.printf("notebook 09's ensemble ready in %.1f s: %s%n", (System.nanoTime() - te) / 1e9, ensemble);
            }
        }
        if (ensembleOnly) {
            return;
        }
        t0 = System.nanoTime();
        try (Classifier teacher = cnn ? Course.cnnTeacher() : Course.teacher()) {
            System.out.printf("teacher ready in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, teacher);
            if (cnn) {
                ValidationSplit data = Datasets.fashionMnistCourse();
                System.out.printf("validation accuracy %.4f (%d images), test accuracy %.4f (%d images), fingerprint %s%n",
                        accuracy(teacher, data.validation()), data.validation().size(), accuracy(teacher, data.test()),
                        data.test().size(), teacher.fingerprint());
                long t1 = System.nanoTime();
                try (NDManager manager = NDManager.newBaseManager(teacher.device())) {
                    teacher.logits(data.train(), manager);
                }
                System.out.printf("its logits on the %d training images are in checkpoints/logits/ (%.1f s)%n",
                        data.train().size(), (System.nanoTime() - t1) / 1e9);
            }
        }
    }

    private static double accuracy(Classifier model, ImageDataset data) {
        try (NDManager manager = NDManager.newBaseManager(model.device())) {
            return Accuracy.of(model.logits(data, manager), data.labels(manager));
        }
    }
}
