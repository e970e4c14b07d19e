package org.distill4j.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
import org.distill4j.data.Datasets;
import org.distill4j.data.ImageDataset;
import org.distill4j.distillation.Distiller;
import org.distill4j.models.Classifier;
import org.distill4j.models.Mlp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** Small runs on slices of the shipped Fashion-MNIST. */
class HintsTest {

    @TempDir
    static Path checkpoints;

    static ImageDataset train;
    static ImageDataset test;
    /** 784-128-64-10, 2 epochs on 3,000 images: a teacher with two hidden layers, trained once for the class. */
    static Classifier teacher;

    @BeforeAll
    static void trainTeacher() {
        System.setProperty("distill4j.checkpoints", checkpoints.toString());
        Datasets.Split all = Datasets.fashionMnist();
        train = all.train().take(768);
        test = all.test().take(300);
        teacher = Distiller.supervised().epochs(2).seed(3).device(Device.cpu()).quiet(true).build()
                .trainOrLoad(Mlp.builder().hidden(128, 64).build(),
                        new Datasets.Split(all.train().take(3000), test));
    }

    @AfterAll
    static void closeTeacher() {
        teacher.close();
        System.clearProperty("distill4j.checkpoints");
    }

    @Test
    void zeroHintWeightReproducesTheDistiller() {
        Mlp student = Mlp.builder().hidden(16).dropout(0.2f).build(); // dropout: masks must come from the same seed
        Distiller kd = Distiller.builder().temperature(3).alpha(0.6f).epochs(2).batchSize(64).seed(5)
                .device(Device.cpu()).quiet(true).build();
        Distiller hint = Distiller.builder().temperature(3).alpha(0.6f).objective(Hints.weight(0)).epochs(2).batchSize(64)
                .seed(5).device(Device.cpu()).quiet(true).build();
        try (Distiller.Result a = kd.distill(teacher, student, train, test);
                Distiller.Result b = hint.distill(teacher, student, train, test)) {
            for (String column : new String[] {"loss", "train_accuracy", "test_accuracy", "agreement", "kl_to_teacher"}) {
                assertArrayEquals(a.history().doubleColumn(column).asDoubleArray(),
                        b.history().doubleColumn(column).asDoubleArray(), 1e-6, column);
            }
            assertEquals(a.student().fingerprint(), b.student().fingerprint(), "same weights");
        }
    }

    @Test
    void trainsTheStudentAndTheRegressorButNeverTheTeacher() {
        String before = teacher.fingerprint();
        Mlp student = Mlp.builder().hidden(16).build();
        Distiller hint = Distiller.builder().objective(Hints.weight(1).teacherLayer(1)).epochs(4).batchSize(64).seed(1)
                .device(Device.cpu()).quiet(true).build();
        try (Classifier fresh = Classifier.create(student, 1, Device.cpu());
                Distiller.Result r = hint.distill(teacher, student, train, test)) {
            assertEquals(before, teacher.fingerprint(), "the teacher's weights are unchanged");
            assertTrue(!fresh.fingerprint().equals(r.student().fingerprint()), "the student was trained");
            assertEquals(fresh.parameterCount(), r.student().parameterCount(), "the regressor is not part of the student");
            Table h = r.history();
            double first = h.doubleColumn(Hints.COLUMN).getDouble(0);
            double last = h.doubleColumn(Hints.COLUMN).getDouble(h.rowCount() - 1);
            assertTrue(last < first, "the hint term falls during training: " + first + " → " + last);
            assertTrue(r.testAccuracy() > 0.3, "the student learns (chance is 0.1): " + r.testAccuracy());
        }
    }

    @Test
    void rejectsLayersThatDoNotExist() {
        Mlp student = Mlp.builder().hidden(16).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Distiller.builder()
                .objective(Hints.weight(1).teacherLayer(3)).quiet(true).build().distill(teacher, student, train, test));
        assertTrue(e.getMessage().contains("no hidden layer 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Distiller.builder().objective(Hints.weight(1).studentLayer(2))
                .quiet(true).build().distill(teacher, student, train, test));
        assertThrows(IllegalArgumentException.class, () -> Hints.weight(-1));
    }
}
