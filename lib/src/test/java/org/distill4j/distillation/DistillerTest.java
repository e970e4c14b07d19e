package org.distill4j.distillation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.distill4j.models.Checkpoints;
import org.distill4j.data.Datasets;
import org.distill4j.data.ImageDataset;
import org.distill4j.models.Classifier;
import org.distill4j.models.Mlp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** Small runs on slices of the shipped Fashion-MNIST (the full comparison belongs to bench/). */
class DistillerTest {

    @TempDir
    static Path checkpoints;

    static Datasets.Split fashion;
    /** A teacher trained once for the whole class: 784-256-10 on 6,000 images, 3 epochs. */
    static Classifier teacher;

    @BeforeAll
    static void trainTeacher() {
        System.setProperty("distill4j.checkpoints", checkpoints.toString());
        Datasets.Split all = Datasets.fashionMnist();
        fashion = new Datasets.Split(all.train().take(6000), all.test().take(1000));
        teacher = Distiller.supervised().epochs(3).seed(11).device(Device.cpu()).quiet(true).build()
                .trainOrLoad(Mlp.builder().hidden(256).build(), fashion);
    }

    @AfterAll
    static void closeTeacher() {
        teacher.close();
        System.clearProperty("distill4j.checkpoints");
    }

    private static Table withoutSeconds(Table t) {
        return t.removeColumns("seconds");
    }

    @Test
    void sameSeedGivesIdenticalHistoriesAndWeightsOnCpu() {
        Mlp student = Mlp.builder().hidden(32).dropout(0.2f).build(); // dropout: the masks must be seeded too
        ImageDataset train = fashion.train().take(1024);
        ImageDataset test = fashion.test().take(200);
        for (boolean augment : new boolean[] {false, true}) {
            Distiller kd = Distiller.builder().epochs(2).batchSize(64).seed(5).augment(augment).device(Device.cpu())
                    .quiet(true).build();
            try (Distiller.Result a = kd.distill(teacher, student, train, test);
                    Distiller.Result b = kd.distill(teacher, student, train, test)) {
                assertEquals(withoutSeconds(a.history()).printAll(), withoutSeconds(b.history()).printAll(),
                        "augment = " + augment);
                assertEquals(a.student().fingerprint(), b.student().fingerprint());
                try (Distiller.Result c = Distiller.builder().epochs(2).batchSize(64).seed(6).augment(augment)
                        .device(Device.cpu()).quiet(true).build().distill(teacher, student, train, test)) {
                    assertNotEquals(a.student().fingerprint(), c.student().fingerprint(), "another seed, other weights");
                }
            }
        }
    }

    @Test
    void evaluatingLessOftenLeavesTrainingAndTheLastEvaluationUnchanged() {
        ImageDataset train = fashion.train().take(512);
        ImageDataset test = fashion.test().take(100);
        Distiller.Builder kd = Distiller.builder().epochs(5).batchSize(64).seed(3).device(Device.cpu()).quiet(true);
        try (Distiller.Result every = kd.build().distill(teacher, Mlp.builder().hidden(16).build(), train, test);
                Distiller.Result some = kd.evaluateEvery(2).build().distill(teacher, Mlp.builder().hidden(16).build(), train, test)) {
            assertEquals(every.student().fingerprint(), some.student().fingerprint(), "evaluation does not touch training");
            double[] all = every.history().doubleColumn("test_accuracy").asDoubleArray();
            double[] sparse = some.history().doubleColumn("test_accuracy").asDoubleArray();
            for (int e = 0; e < 5; e++) {
                boolean evaluated = (e + 1) % 2 == 0 || e == 4;
                if (evaluated) {
                    assertEquals(all[e], sparse[e], 0, "epoch " + (e + 1));
                } else {
                    assertTrue(Double.isNaN(sparse[e]), "epoch " + (e + 1) + " not evaluated");
                }
            }
            assertEquals(every.testAccuracy(), some.testAccuracy(), 0);
            assertEquals(every.history().doubleColumn("loss").asList(), some.history().doubleColumn("loss").asList());
        }
        assertThrows(IllegalArgumentException.class, () -> Distiller.builder().evaluateEvery(0));
    }

    @Test
    void historyHasOneRowPerEpochWithTheDocumentedColumns() {
        try (Distiller.Result r = Distiller.builder().epochs(2).seed(1).quiet(true).device(Device.cpu()).build()
                .distill(teacher, Mlp.builder().hidden(16).build(), fashion.train().take(512), fashion.test().take(100))) {
            Table h = r.history();
            assertEquals(List.of("epoch", "loss", "train_accuracy", "test_accuracy", "agreement", "kl_to_teacher",
                    "seconds"), h.columnNames());
            assertEquals(2, h.rowCount());
            for (String c : List.of("train_accuracy", "test_accuracy", "agreement")) {
                double v = h.doubleColumn(c).getDouble(1);
                assertTrue(v > 0.1 && v <= 1, c + " = " + v);
            }
            assertTrue(h.doubleColumn("kl_to_teacher").getDouble(1) > 0);
        }
        try (Distiller.Result r = Distiller.supervised().epochs(1).quiet(true).device(Device.cpu()).build()
                .train(Mlp.builder().hidden(16).build(), fashion.train().take(256), fashion.test().take(100))) {
            assertTrue(r.history().doubleColumn("agreement").isMissing(0), "no teacher, no agreement");
        }
    }

    /**
     * The teacher was trained on 6,000 images; the student sees 600 of them. The teacher's soft targets carry what
     * the labels of 600 images cannot, so the distilled student beats the same student trained from the labels with
     * the same seeds and epochs, on average over three seeds.
     */
    @Test
    void distilledStudentBeatsTheSameStudentTrainedFromScratch() {
        Mlp student = Mlp.builder().hidden(64).build();
        ImageDataset transfer = fashion.train().take(600);
        double scratch = 0;
        double distilled = 0;
        for (long seed = 1; seed <= 3; seed++) {
            try (Distiller.Result s = Distiller.supervised().epochs(6).batchSize(32).seed(seed).quiet(true)
                    .device(Device.cpu()).build().distill(teacher, student, transfer, fashion.test());
                    Distiller.Result d = Distiller.builder().temperature(4).alpha(0.9f).epochs(6).batchSize(32).seed(seed)
                            .quiet(true).device(Device.cpu()).build().distill(teacher, student, transfer, fashion.test())) {
                scratch += s.testAccuracy() / 3;
                distilled += d.testAccuracy() / 3;
                // Distillation's direct aim: imitate the teacher.
                assertTrue(d.history().doubleColumn("agreement").getDouble(5)
                        > s.history().doubleColumn("agreement").getDouble(5), "seed " + seed);
            }
        }
        System.out.printf("scratch %.4f, distilled %.4f (mean test accuracy over 3 seeds)%n", scratch, distilled);
        assertTrue(distilled > scratch, "distilled " + distilled + " vs scratch " + scratch);
    }

    @Test
    void trainOrLoadReusesTheCheckpoint() {
        Distiller d = Distiller.supervised().epochs(1).seed(3).quiet(true).device(Device.cpu()).build();
        Datasets.Split small = new Datasets.Split(fashion.train().take(256), fashion.test().take(64));
        Mlp net = Mlp.builder().hidden(8).build();
        try (Classifier a = d.trainOrLoad(net, small)) {
            long t0 = System.nanoTime();
            try (Classifier b = d.trainOrLoad(net, small)) {
                assertEquals(a.fingerprint(), b.fingerprint());
            }
            assertTrue(System.nanoTime() - t0 < 5e9);
        }
    }

    @Test
    void positiveAlphaWithoutTeacherIsRejected() {
        Distiller kd = Distiller.builder().alpha(0.5f).build();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> kd.train(Mlp.student(), fashion.train().take(10), fashion.test().take(10)));
        assertTrue(e.getMessage().contains("Use Distiller.supervised()"), e.getMessage());
    }

    @Test
    void teacherAndStudentWithDifferentClassCountsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Distiller.builder().quiet(true)
                .build().distill(teacher, Mlp.builder().classes(5).build(), fashion.train().take(10), fashion.test().take(10)));
        assertTrue(e.getMessage().contains("has 5 classes but the data have 10"), e.getMessage());
    }

    @Test
    void badSettingsAreRejectedWhenSet() {
        assertThrows(IllegalArgumentException.class, () -> Distiller.builder().temperature(0));
        assertThrows(IllegalArgumentException.class, () -> Distiller.builder().alpha(1.1f));
        assertThrows(IllegalArgumentException.class, () -> Distiller.builder().epochs(0));
        assertThrows(IllegalArgumentException.class, () -> Distiller.builder().batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> Distiller.builder().learningRate(-1));
    }

    @Test
    void recipeIsWhatTheBuilderSetAndDrivesToStringAndTheCheckpointKey() {
        Distiller d = Distiller.builder().temperature(4).alpha(0.25f).epochs(7).batchSize(32).seed(9).augment(true).build();
        Recipe r = d.recipe();
        assertEquals(4f, r.temperature());
        assertEquals(0.25f, r.alpha());
        assertEquals(7, r.epochs());
        assertEquals(32, r.batchSize());
        assertEquals(9, r.seed());
        assertTrue(r.augment());
        assertEquals("adam", r.optimizer());
        assertEquals("0.001", r.learningRate());
        assertEquals(Objective.distillation(), r.objective());
        assertEquals(Objective.supervised(), Distiller.supervised().build().recipe().objective());
        assertTrue(d.toString().contains(r.toString()), d.toString());
        ImageDataset train = fashion.train().take(10);
        String key = d.recipe(null, train);
        assertTrue(key.startsWith(r.key()), key);
        assertNotEquals(key, Distiller.builder().temperature(4).alpha(0.25f).epochs(7).batchSize(32).augment(true)
                .objective(Objective.shuffledTeacher()).build().recipe(null, train), "the objective is in the key");
    }

    @Test
    void everyObjectiveTrainsInTheSameLoop() {
        ImageDataset train = fashion.train().take(512);
        ImageDataset test = fashion.test().take(100);
        Mlp student = Mlp.builder().hidden(16).build();
        List<Objective> objectives = List.of(Objective.distillation(), Objective.supervised(), Objective.labelSmoothing(0.1f),
                Objective.pseudoLabels(), Objective.shuffledTeacher());
        List<String> fingerprints = new ArrayList<>();
        for (Objective o : objectives) {
            try (Distiller.Result r = Distiller.builder().objective(o).epochs(2).batchSize(64).seed(2).quiet(true)
                    .device(Device.cpu()).build().distill(teacher, student, train, test)) {
                assertEquals(2, r.training().size(), o.name());
                assertTrue(r.testAccuracy() > 0.2, o.name() + " learns: " + r.testAccuracy());
                assertTrue(Double.isFinite(r.training().last().loss()), o.name());
                fingerprints.add(r.student().fingerprint());
            }
        }
        assertEquals(objectives.size(), fingerprints.stream().distinct().count(), "each objective trains differently");
    }

    @Test
    void listenersSeeEveryPhaseOfEveryBatchInOrder() {
        List<Distiller.Phase> phases = new ArrayList<>();
        List<Integer> batchEnds = new ArrayList<>();
        Distiller.Listener listener = new Distiller.Listener() {
            @Override
            public void onPhase(Distiller.Phase phase) {
                phases.add(phase);
            }

            @Override
            public void onBatchEnd(int epoch, int batch, int batches, java.util.function.DoubleSupplier meanLoss) {
                batchEnds.add(batch);
                assertTrue(Double.isFinite(meanLoss.getAsDouble()));
            }
        };
        try (Distiller.Result r = Distiller.supervised().epochs(2).batchSize(100).quiet(true).device(Device.cpu())
                .listener(listener).build().train(Mlp.builder().hidden(8).build(), fashion.train().take(250),
                        fashion.test().take(50))) {
            assertEquals(List.of(1, 2, 3, 1, 2, 3), batchEnds, "3 batches (100, 100, 50) per epoch");
            assertEquals(2 * 3 * Distiller.Phase.values().length, phases.size());
            for (int i = 0; i < phases.size(); i++) {
                assertEquals(Distiller.Phase.values()[i % Distiller.Phase.values().length], phases.get(i));
            }
            // the loss is the batch-size-weighted mean: a hand-made average would weigh the 50-image batch as 100
            assertTrue(r.training().last().loss() > 0);
        }
    }

    /** Issue 12: a diverging run must fail loudly and save nothing, so the next run does not load NaN weights. */
    @Test
    void aDivergingRunFailsLoudlyAndLeavesNoCheckpoint() {
        Distiller d = Distiller.supervised().epochs(3).seed(4).quiet(true).device(Device.cpu())
                .optimizer("sgd", "1e30", () -> Optimizer.sgd().setLearningRateTracker(Tracker.fixed(1e30f)).build())
                .build();
        Datasets.Split small = new Datasets.Split(fashion.train().take(1024), fashion.test().take(64));
        Mlp net = Mlp.builder().hidden(32).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> d.trainOrLoad(net, small));
        assertTrue(e.getMessage().contains("epoch 1, batch"), e.getMessage());
        assertTrue(e.getMessage().contains("smaller learning rate"), e.getMessage());
        assertTrue(e.batch() >= 1 && e.batch() <= 8, "noticed within the first check: batch " + e.batch());
        assertTrue(!Files.exists(Checkpoints.fileFor(net, 4, d.recipe(null, small.train()))), "no checkpoint");
        assertThrows(TrainingDivergedException.class, () -> d.trainOrLoad(net, small), "and the next run fails again");
    }

    /** Issue 12: Kernel ▸ Interrupt interrupts the training thread; the run stops before the next batch. */
    @Test
    void anInterruptedRunStopsWithinASecondAndLeavesNoCheckpoint() throws InterruptedException {
        CountDownLatch training = new CountDownLatch(1);
        Distiller d = Distiller.supervised().epochs(200).seed(8).quiet(true).device(Device.cpu())
                .listener(new Distiller.Listener() {
                    @Override
                    public void onBatchEnd(int epoch, int batch, int batches, java.util.function.DoubleSupplier loss) {
                        training.countDown();
                    }
                }).build();
        Datasets.Split data = new Datasets.Split(fashion.train(), fashion.test().take(64));
        Mlp net = Mlp.builder().hidden(64).build();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicLong stoppedAt = new AtomicLong();
        Thread worker = new Thread(() -> {
            try {
                d.trainOrLoad(net, data).close();
            } catch (Throwable t) {
                thrown.set(t);
            }
            stoppedAt.set(System.nanoTime());
        });
        worker.start();
        assertTrue(training.await(60, TimeUnit.SECONDS), "training started");
        long interruptedAt = System.nanoTime();
        worker.interrupt();
        worker.join(10_000);
        assertTrue(!worker.isAlive(), "the training thread ended");
        assertTrue(thrown.get() instanceof TrainingInterruptedException, "got " + thrown.get());
        assertTrue(thrown.get().getMessage().contains("nothing was saved"), thrown.get().getMessage());
        double seconds = (stoppedAt.get() - interruptedAt) / 1e9;
        assertTrue(seconds < 1, "stopped " + seconds + " s after the interrupt");
        assertTrue(!Files.exists(Checkpoints.fileFor(net, 8, d.recipe(null, data.train()))), "no checkpoint");
    }
}
