package org.distill4j.course;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.CosineTracker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.IntSupplier;
import org.distill4j.data.Datasets;
import org.distill4j.data.ValidationSplit;
import org.distill4j.distillation.Distiller;
import org.distill4j.models.Checkpoints;
import org.distill4j.models.Classifier;
import org.distill4j.models.Ensemble;
import org.distill4j.models.Mlp;
import org.distill4j.models.SmallCnn;

/**
 * The course's settings: small defaults that keep every notebook within its time budget on 2 CPU cores, each one
 * overridable for a learner with time to spare, without editing the notebook.
 *
 * <p>Each setting is read from a JVM system property or, failing that, an environment variable (set before
 * {@code ./kit lab}):
 * <table>
 * <caption>Settings</caption>
 * <tr><th>property</th><th>environment</th><th>effect</th></tr>
 * <tr><td>{@code distill4j.epochs}</td><td>{@code DISTILL4J_EPOCHS}</td><td>multiplies every epoch count (e.g. 3)</td></tr>
 * <tr><td>{@code distill4j.trainLimit}</td><td>{@code DISTILL4J_TRAIN_LIMIT}</td><td>training images used (default: the notebook's)</td></tr>
 * <tr><td>{@code distill4j.dataset}</td><td>{@code DISTILL4J_DATASET}</td><td>{@code full}: the full Fashion-MNIST</td></tr>
 * </table>
 */
public final class Course {

    /** The seed every notebook starts from, so the numbers in the text match a rerun. */
    public static final long SEED = 42;

    private Course() {}

    /**
     * How the course trains its teacher: supervised (no teacher of its own), {@link #epochs epochs(8)}, seed
     * {@link #SEED}, batches of 128, Adam with a learning rate that falls along a cosine from 10⁻³ to 10⁻⁵ over the
     * whole run. The decay matters: with a fixed 10⁻³ the test accuracy of this wide MLP wobbles by a point or two from
     * epoch to epoch, so the last epoch's weights would be a matter of luck. Notebook 01 runs this recipe and shows its
     * training curves; later notebooks get the result with {@link #teacher()}.
     */
    public static Distiller teacherTraining() {
        return cosineAdam(epochs(8), fashion().train().size()).build();
    }

    /**
     * Supervised training of a teacher: seed {@link #SEED}, batches of 128, Adam whose learning rate falls along a
     * cosine from 10⁻³ to 10⁻⁵ over all the steps of {@code epochs} epochs of {@code trainImages} images.
     */
    private static Distiller.Builder cosineAdam(int epochs, int trainImages) {
        int batch = 128;
        int steps = epochs * ((trainImages + batch - 1) / batch);
        // the name is part of the checkpoint key of the shipped CNN teacher: keep it as it is
        return Distiller.supervised().epochs(epochs).batchSize(batch).seed(SEED)
                .optimizer("adam(lr=0.001 cosine to 1e-05 over " + steps + " steps)", () -> Optimizer.adam()
                        .optLearningRateTracker(CosineTracker.builder().setBaseValue(1e-3f).optFinalValue(1e-5f)
                                .setMaxUpdates(steps).build())
                        .build());
    }

    /**
     * {@code builder} with seed {@link #SEED}, batches of 128, {@code epochs} epochs, and Adam whose learning rate falls
     * along a cosine from {@code rate} to {@code rate / 100} over all the steps of the run on {@code trainImages} images.
     */
    private static Distiller.Builder cosineAdam(Distiller.Builder builder, int epochs, int trainImages, float rate) {
        int batch = 128;
        int steps = epochs * ((trainImages + batch - 1) / batch);
        float last = rate / 100;
        return builder.epochs(epochs).batchSize(batch).seed(SEED)
                .optimizer("adam(lr=" + rate + " cosine to " + last + " over " + steps + " steps)", () -> Optimizer.adam()
                        .optLearningRateTracker(CosineTracker.builder().setBaseValue(rate).optFinalValue(last)
                                .setMaxUpdates(steps).build())
                        .build());
    }

    /** Labelled images per class in notebook 05's label-scarce student (the first ones of each class). */
    public static final int LABELLED_PER_CLASS = 100;

    /**
     * Notebook 05's scratch student: supervised on a few labelled images ({@link #LABELLED_PER_CLASS} per class),
     * {@link #epochs epochs(50)}, batches of 128, Adam with a cosine from 0.003 to 0.00003. Fixed before the test set
     * was read: on validation images (seeds 1 and 2) 50 epochs beat 20 and 100, and this schedule beat a fixed 0.001 by
     * about half a point ({@code docs/evidence-plan.md}). Set the seed with {@code .seed(s)}.
     *
     * @param labelledImages the size of the labelled set
     */
    public static Distiller.Builder scratchTraining(int labelledImages) {
        // evaluated every 10 epochs: on 5,000 validation images, evaluating every epoch took longer than training
        return cosineAdam(Distiller.supervised(), epochs(50), labelledImages, 3e-3f).evaluateEvery(10);
    }

    /**
     * Notebook 05's students that learn on the transfer set (from the teacher, or from its pseudo-labels): {@link
     * #epochs epochs(1)} over {@code transferImages} images, batches of 128, Adam with a cosine from 0.005 to 0.00005,
     * α = 1 (no true labels). One epoch keeps the notebook's thirty students within its time budget; on validation
     * images it gave 85.4–85.6 % for the distilled student at T = 1, against 87.2 % after five epochs
     * ({@code docs/evidence-plan.md}). Add the objective, temperature and seed.
     *
     * @param transferImages the size of the transfer set
     */
    public static Distiller.Builder transferTraining(int transferImages) {
        return cosineAdam(Distiller.builder().alpha(1f), epochs(1), transferImages, 5e-3f);
    }

    /**
     * The course's teacher, {@link Mlp#teacher()} trained on {@link #fashion()} by {@link #teacherTraining()}: loaded
     * from {@code checkpoints/} when notebook 01 (or an earlier call) saved it, trained now (about half a minute on 2
     * cores) otherwise. The caller closes it.
     */
    public static Classifier teacher() {
        return teacherTraining().trainOrLoad(Mlp.teacher(), fashion());
    }

    /** The seeds of {@link #ensembleTeachers()}' members: K = 3. */
    public static final long[] ENSEMBLE_SEEDS = {42, 43, 44};

    /** Validation images per class held out of {@link #fashion()}'s training images by {@link #ensembleSplit()}. */
    public static final int ENSEMBLE_VALIDATION_PER_CLASS = 200;

    /**
     * Notebook 09's data: {@link #fashion()}'s training images less {@value #ENSEMBLE_VALIDATION_PER_CLASS} per class
     * (stratified, seed {@link #SEED}) held out for choices, and the test images for the reported numbers. The
     * ensemble's teachers never see the validation images, so that "the best single teacher" can be chosen there.
     */
    public static ValidationSplit ensembleSplit() {
        Datasets.Split data = fashion();
        return ValidationSplit.stratified(data.train(), data.test(), ENSEMBLE_VALIDATION_PER_CLASS, SEED);
    }

    /**
     * How each member of {@link #ensembleTeachers()} is trained: {@link #teacherTraining()}'s recipe (8 epochs, Adam
     * with a cosine from 10⁻³ to 10⁻⁵) on {@link #ensembleSplit()}'s training part, with this seed.
     */
    public static Distiller ensembleTeacherTraining(long seed) {
        return cosineAdam(epochs(8), ensembleSplit().train().size()).seed(seed).build();
    }

    /**
     * Notebook 09's ensemble: K = 3 {@link Mlp#teacher()}s trained by {@link #ensembleTeacherTraining} with the seeds
     * {@link #ENSEMBLE_SEEDS}, loaded from {@code checkpoints/} or trained now (about half a minute each on 2 cores;
     * {@code ./kit pretrain} trains them ahead). They differ only in their seed (initial weights, data order,
     * dropout). Each {@linkplain Classifier#rememberLogits remembers its logits} in {@code checkpoints/logits/}. The
     * caller closes the ensemble (which closes its members).
     */
    public static Ensemble ensembleTeachers() {
        ValidationSplit split = ensembleSplit();
        java.util.List<Classifier> members = new java.util.ArrayList<>();
        try {
            for (long seed : ENSEMBLE_SEEDS) {
                members.add(ensembleTeacherTraining(seed).trainOrLoad(Mlp.teacher(), split.forChoosing())
                        .rememberLogits(Checkpoints.directory().resolve("logits")));
            }
            return Ensemble.of(members);
        } catch (RuntimeException e) {
            members.forEach(Classifier::close);
            throw e;
        }
    }

    /** Epochs of {@link #cnnTeacherTraining()} (before the {@code DISTILL4J_EPOCHS} multiplier). */
    public static final int CNN_TEACHER_EPOCHS = 8;

    /**
     * How the course's CNN teacher is trained: {@link SmallCnn#teacher()} on {@link Datasets#fashionMnistCourse()}'s
     * 55,000 training images, supervised, {@link #epochs epochs}({@value #CNN_TEACHER_EPOCHS}), seed {@link #SEED},
     * batches of 128, random shifts of up to 2 pixels (augmentation), Adam with a learning rate falling along a cosine
     * from 10⁻³ to 10⁻⁵ over the whole run. Each epoch is evaluated on the 5,000 validation images (the history's
     * {@code test_accuracy} column is validation accuracy here); the test set is not read while training.
     *
     * <p>It is a teacher worth distilling: clearly more accurate than the 784-100-10 student trained from scratch (see
     * {@code docs/evidence-plan.md} for the measured numbers). {@link #teacherTraining()} (the wide MLP of the early
     * notebooks) is unchanged.
     */
    public static Distiller cnnTeacherTraining() {
        return cosineAdam(epochs(CNN_TEACHER_EPOCHS), Datasets.fashionMnistCourse().train().size()).augment(true).build();
    }

    /**
     * The course's CNN teacher, {@link SmallCnn#teacher()} trained by {@link #cnnTeacherTraining()}: loaded from
     * {@code checkpoints/} when it was trained before, else from the copy shipped in {@code datasets/teachers/} (copied
     * into {@code checkpoints/} first; the checkpoint's key and SHA-256 are checked on loading), else trained now
     * (several minutes on 2 cores) and saved. Set {@code DISTILL4J_NO_SHIPPED_TEACHER=1} to ignore the shipped copy and
     * re-train from the recipe. The caller closes it.
     *
     * <p>The teacher {@linkplain Classifier#rememberLogits remembers its logits} in {@code checkpoints/logits/}: its
     * outputs on the 55,000 training images take about 35 s on 2 cores the first time and milliseconds after that,
     * in every notebook ({@code ./kit pretrain --cnn} computes them ahead).
     */
    public static Classifier cnnTeacher() {
        Distiller training = cnnTeacherTraining();
        ValidationSplit data = Datasets.fashionMnistCourse();
        Path file = Checkpoints.fileFor(SmallCnn.teacher(), training.recipe().seed(), training.recipe(null, data.train()));
        Path shipped = Datasets.home().resolve("datasets").resolve("teachers").resolve(file.getFileName());
        boolean useShipped = !"1".equals(setting("distill4j.noShippedTeacher", "DISTILL4J_NO_SHIPPED_TEACHER", "0"));
        if (useShipped && !Files.exists(file) && Files.isRegularFile(shipped)) {
            try {
                Files.createDirectories(file.getParent());
                Files.copy(shipped, file);
            } catch (IOException e) {
                // checkpoints/ not writable: train below, and trainOrLoad says why it cannot save
            }
        }
        return training.trainOrLoad(SmallCnn.teacher(), data.forChoosing())
                .rememberLogits(Checkpoints.directory().resolve("logits"));
    }

    /**
     * Writes a notebook's results as pretty-printed JSON to {@code build/results/<name>.json} under the kit's home
     * (for instructors and tools; the keys are a contract, see the notebook). Values: numbers, strings, booleans,
     * lists and maps, as Jackson writes them.
     *
     * @return the file written
     * @throws java.io.UncheckedIOException saying which file could not be written and why
     */
    public static Path saveResults(String name, java.util.Map<String, ?> results) {
        Path file = Datasets.home().resolve("build").resolve("results").resolve(name + ".json");
        try {
            Files.createDirectories(file.getParent());
            new com.fasterxml.jackson.databind.ObjectMapper()
                    .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValue(file.toFile(), results);
            return file;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the results to " + file + " (" + e.getMessage()
                    + "); check that build/ is writable", e);
        }
    }

    /** The fashion dataset the course uses: the shipped subset, or the full set when {@code DISTILL4J_DATASET=full}. */
    public static Datasets.Split fashion() {
        return "full".equalsIgnoreCase(setting("distill4j.dataset", "DISTILL4J_DATASET", "subset"))
                ? Datasets.fashionMnistFull()
                : Datasets.fashionMnist();
    }

    /** {@code defaultEpochs}, times the {@code DISTILL4J_EPOCHS} multiplier when set. */
    public static int epochs(int defaultEpochs) {
        return defaultEpochs * positive("distill4j.epochs", "DISTILL4J_EPOCHS", () -> 1);
    }

    /** How many training images to use: {@code defaultLimit}, or {@code DISTILL4J_TRAIN_LIMIT} when set. */
    public static int trainLimit(int defaultLimit) {
        return positive("distill4j.trainLimit", "DISTILL4J_TRAIN_LIMIT", () -> defaultLimit);
    }

    /** The device DJL will compute on: the first GPU when DJL sees one, otherwise the CPU. */
    public static Device device() {
        return Engine.getInstance().defaultDevice();
    }

    /** One line describing the machine: Java, DJL engine, device, threads. */
    public static String environment() {
        Engine e = Engine.getInstance();
        return String.format(Locale.ROOT, "Java %s · DJL %s with %s %s · device %s (%d GPU%s) · %d CPU cores · JVM heap ≤ %d MB",
                Runtime.version().feature(), Engine.getDjlVersion(), e.getEngineName(), e.getVersion(),
                e.defaultDevice(), e.getGpuCount(), e.getGpuCount() == 1 ? "" : "s",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    }

    static String setting(String property, String env, String fallback) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static int positive(String property, String env, IntSupplier fallback) {
        String v = setting(property, env, null);
        if (v == null) {
            return fallback.getAsInt();
        }
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(env + " (or -D" + property + ") must be a positive whole number, got '" + v
                + "'. Unset it to use the course defaults.");
    }
}
