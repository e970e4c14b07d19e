package org.distill4j.distillation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.distill4j.data.Datasets;
import org.distill4j.models.Classifier;
import org.distill4j.models.Ensemble;
import org.distill4j.models.Mlp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Distilling an {@link Ensemble} goes through the same loop as one teacher, and an ensemble of one is that teacher. */
class EnsembleDistillationTest {

    @TempDir
    static Path checkpoints;

    static Datasets.Split fashion;
    static Classifier teacher;

    @BeforeAll
    static void trainTeacher() {
        System.setProperty("distill4j.checkpoints", checkpoints.toString());
        Datasets.Split all = Datasets.fashionMnist();
        fashion = new Datasets.Split(all.train().take(2000), all.test().take(500));
        teacher = Distiller.supervised().epochs(2).seed(11).device(Device.cpu()).quiet(true).build()
                .trainOrLoad(Mlp.builder().hidden(64).build(), fashion);
    }

    @AfterAll
    static void closeTeacher() {
        teacher.close();
        System.clearProperty("distill4j.checkpoints");
    }

    @Test
    void theDistillationLossOfAnEnsembleOfOneEqualsThatOfItsMember() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Ensemble one = Ensemble.of(teacher); // not closed: it would close the shared teacher
            NDArray images = fashion.train().take(256).images(m);
            NDArray labels = fashion.train().take(256).labels(m);
            NDArray student = m.randomNormal(new ai.djl.ndarray.types.Shape(256, 10));
            for (float t : new float[] {1f, 2f, 4f}) {
                DistillationLoss loss = new DistillationLoss(t, 0.5f);
                float plain = loss.evaluate(new NDList(labels, teacher.logits(images)), new NDList(student)).getFloat();
                float fused = loss.evaluate(new NDList(labels, one.logits(images, t)), new NDList(student)).getFloat();
                assertEquals(plain, fused, 1e-6 * Math.max(1, Math.abs(plain)), "T = " + t);
            }
        }
    }

    @Test
    void distillingAnEnsembleOfOneMatchesDistillingItsMember() {
        Distiller kd = Distiller.builder().temperature(2f).alpha(0.7f).epochs(2).batchSize(64).seed(3)
                .device(Device.cpu()).quiet(true).build();
        Mlp student = Mlp.builder().hidden(16).build();
        try (Distiller.Result plain = kd.distill(teacher, student, fashion);
                Distiller.Result fused = kd.distill(Ensemble.of(teacher), student, fashion)) {
            for (int e = 0; e < 2; e++) {
                History.Epoch a = plain.training().epochs().get(e);
                History.Epoch b = fused.training().epochs().get(e);
                assertEquals(a.loss(), b.loss(), 1e-4, "epoch " + (e + 1));
                assertEquals(a.testAccuracy(), b.testAccuracy(), 0.005, "epoch " + (e + 1));
                assertEquals(a.agreement(), b.agreement(), 0.005, "epoch " + (e + 1));
            }
        }
    }

    @Test
    void anEnsembleOfTwoTrainsAStudentWithOrWithoutAugmentation() {
        try (Classifier second = Distiller.supervised().epochs(1).seed(12).device(Device.cpu()).quiet(true).build()
                .trainOrLoad(Mlp.builder().hidden(32).build(), fashion)) {
            Ensemble two = Ensemble.of(teacher, second);
            for (boolean augment : new boolean[] {false, true}) {
                try (Distiller.Result r = Distiller.builder().temperature(2f).alpha(1f).epochs(3).batchSize(32).seed(3).augment(augment)
                        .device(Device.cpu()).quiet(true).build().distill(two, Mlp.builder().hidden(16).build(), fashion)) {
                    assertEquals(3, r.training().epochs().size());
                    double acc = r.testAccuracy();
                    org.junit.jupiter.api.Assertions.assertTrue(acc > 0.6, "augment " + augment + ": " + acc);
                }
            }
        }
    }
}
