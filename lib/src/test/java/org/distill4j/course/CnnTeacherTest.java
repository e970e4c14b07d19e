package org.distill4j.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import org.distill4j.data.Datasets;
import org.distill4j.data.ValidationSplit;
import org.distill4j.distillation.Distiller;
import org.distill4j.distillation.Recipe;
import org.distill4j.metrics.Accuracy;
import org.distill4j.models.Checkpoints;
import org.distill4j.models.Classifier;
import org.distill4j.models.SmallCnn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CnnTeacherTest {

    @Test
    void theRecipeIsTheDocumentedOne() {
        Recipe r = Course.cnnTeacherTraining().recipe();
        assertEquals(Course.CNN_TEACHER_EPOCHS, r.epochs());
        assertEquals(128, r.batchSize());
        assertEquals(0f, r.alpha());
        assertEquals(Course.SEED, r.seed());
        assertTrue(r.augment());
        // 55,000 training images in batches of 128: 430 steps per epoch, the cosine spans all of them
        assertTrue(r.optimizer().contains("over " + 430 * Course.CNN_TEACHER_EPOCHS + " steps"), r.optimizer());
    }

    @Test
    void theShippedTeacherLoadsUnderItsRecipesKeyAndIsAccurateOnValidationImages(@TempDir Path dir) {
        Distiller training = Course.cnnTeacherTraining();
        ValidationSplit data = Datasets.fashionMnistCourse();
        String key = training.recipe(null, data.train());
        Path shipped = Datasets.home().resolve("datasets/teachers")
                .resolve(Checkpoints.fileFor(SmallCnn.teacher(), Course.SEED, key).getFileName());
        assertTrue(Files.isRegularFile(shipped), "no shipped CNN teacher for this recipe (" + shipped + "): the recipe "
                + "changed, so the course would train it (minutes). Re-train with DISTILL4J_NO_SHIPPED_TEACHER=1 "
                + "./kit pretrain --cnn and ship the new checkpoint (datasets/README.md).");
        System.setProperty("distill4j.checkpoints", dir.toString()); // an empty checkpoints/: it must come from datasets/
        try {
            long t0 = System.nanoTime();
            try (Classifier teacher = Course.cnnTeacher(); NDManager m = NDManager.newBaseManager()) {
                double seconds = (System.nanoTime() - t0) / 1e9;
                assertTrue(seconds < 60, "it was loaded, not trained (" + seconds + " s)");
                assertTrue(Files.isRegularFile(Checkpoints.fileFor(SmallCnn.teacher(), Course.SEED, key)));
                double validation = Accuracy.of(teacher.logits(data.validation(), m), data.validation().labels(m));
                assertTrue(validation > 0.90, "validation accuracy " + validation); // measured: 0.9048
            }
        } finally {
            System.clearProperty("distill4j.checkpoints");
        }
    }
}
