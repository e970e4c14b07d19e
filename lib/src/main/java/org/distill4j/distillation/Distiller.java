package org.distill4j.distillation;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.distill4j.data.Datasets;
import org.distill4j.data.ImageDataset;
import org.distill4j.metrics.Accuracy;
import org.distill4j.metrics.Agreement;
import org.distill4j.models.Architecture;
import org.distill4j.models.Checkpoints;
import org.distill4j.models.Classifier;
import org.distill4j.models.Ensemble;
import tech.tablesaw.api.Table;

/**
 * The course's one training loop: trains a student from a frozen teacher with an {@link Objective} — knowledge
 * distillation with the {@link DistillationLoss} (Hinton, Vinyals and Dean, 2015) by default — and, with α = 0 and no
 * teacher, trains a teacher or a baseline student the same way, so that comparisons are like with like.
 *
 * <pre>{@code
 * Datasets.Split data = Datasets.fashionMnist();
 * Classifier teacher = Distiller.supervised().epochs(4).build().trainOrLoad(Mlp.teacher(), data);
 * Distiller kd = Distiller.builder().temperature(2).alpha(0.5f).epochs(5).seed(1).build();
 * try (Distiller.Result r = kd.distill(teacher, Mlp.student(), data)) {
 *     System.out.println(r.training());
 * }
 * }</pre>
 *
 * <p><b>One training step</b> on a batch \((x, y)\): the student's logits \(z_s = f_s(x)\) (dropout on), what the
 * objective needs from the teacher (its logits \(z_t = f_t(x)\), dropout off, no gradient), the objective's loss, its
 * gradient with respect to the trainable parameters only, one optimizer step.
 *
 * <p><b>Cost.</b> Without augmentation the teacher sees the same images every epoch, so its outputs for the whole
 * training set are computed once, before the first epoch (and only once for many students, if the teacher {@link
 * Classifier#rememberLogits remembers its logits}, as the course's CNN teacher does). Each epoch puts the data in its shuffled order once (on the
 * host, see {@link ShuffledRows}) and splits it into batches (views, no copies); the loss and the number of correct predictions are summed on the device
 * and read once per epoch (and the loss every {@value #CHECK_EVERY} batches, to stop a diverging run early). With
 * augmentation every batch is new, so the teacher runs on every batch.
 *
 * <p><b>Determinism.</b> The seed fixes the student's initial weights, the order of the examples each epoch, the
 * augmentation and the dropout masks: two runs with the same seed give identical histories on the CPU.
 *
 * <p><b>Failures.</b> A NaN or infinite loss stops training with a {@link TrainingDivergedException} naming the epoch
 * and the batch; an interrupted thread (Jupyter's Kernel ▸ Interrupt) stops it before the next batch with a {@link
 * TrainingInterruptedException}. Either way the network is closed and {@link #trainOrLoad} saves nothing.
 *
 * <p><b>History.</b> {@link Result#training()} has one {@link History.Epoch} per epoch (see {@link History} for the
 * columns); {@link Result#history()} is the same as a tablesaw table, for plots.
 */
public final class Distiller {

    /** Batches between two read-backs of the running loss sum, to notice a NaN without a read-back per batch. */
    static final int CHECK_EVERY = 8;

    private final Recipe recipe;
    private final Supplier<Optimizer> optimizer;
    private final Device device;
    private final boolean quiet;
    private final int evaluateEvery;
    private final List<Listener> listeners;

    private Distiller(Builder b) {
        Objective objective = b.objective != null ? b.objective
                : b.alpha == 0 ? Objective.supervised() : Objective.distillation();
        this.recipe = new Recipe(objective, b.temperature, b.alpha, b.epochs, b.batchSize, b.optimizerName,
                b.learningRate, b.seed, b.augment);
        this.optimizer = b.optimizer;
        this.device = b.device;
        this.quiet = b.quiet;
        this.evaluateEvery = b.evaluateEvery;
        this.listeners = List.copyOf(b.listeners);
    }

    /**
     * Defaults: knowledge distillation with T = 2, α = 0.5, 5 epochs, batches of 128, Adam with learning rate 0.001,
     * seed 42, default device.
     *
     * <p>These are a starting point, not a finding. They come from the course's first version, which compared a few
     * settings on its <em>test</em> images with an MLP teacher barely better than its student; that is not how a
     * setting should be chosen. Choose T and α on validation images for your teacher, student and data, as notebook 05
     * does ({@link org.distill4j.data.ValidationSplit}): there, with the CNN teacher, T = 1 beat T = 2 and T = 4.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Plain supervised training (α = 0, {@link Objective#supervised()}): for teachers and baselines. */
    public static Builder supervised() {
        return new Builder().alpha(0f);
    }

    /** The settings this distiller trains with. */
    public Recipe recipe() {
        return recipe;
    }

    /**
     * Hooks on the training loop: progress bars, timers, profilers. Every method has an empty default; all are called
     * on the training thread. {@link #onPhase} is called six times per batch, so keep it cheap.
     */
    public interface Listener {
        /** Before the first epoch (the teacher's outputs are already cached). */
        default void onTrainingStart(Recipe recipe, int examples, int batchesPerEpoch) {}

        default void onEpochStart(int epoch) {}

        /** A phase of the current batch's step has just ended (on a GPU, work may still be queued). */
        default void onPhase(Phase phase) {}

        /**
         * After a batch's step.
         *
         * @param meanLoss the epoch's mean training loss so far; reading it waits for the device, so call it rarely
         */
        default void onBatchEnd(int epoch, int batch, int batches, DoubleSupplier meanLoss) {}

        /** The epoch's training is done; evaluation follows. */
        default void onEpochTrained(int epoch) {}

        /** The epoch's row, evaluation included. */
        default void onEpochEnd(History.Epoch row, int epochs, int examples) {}
    }

    /** The phases of one training step, in order. */
    public enum Phase {
        /** The batch's images, labels and teacher outputs ready (views of the epoch's arrays, or augmented copies). */
        DATA,
        FORWARD,
        LOSS,
        BACKWARD,
        /** The optimizer's update. */
        STEP,
        /** Loss and correct predictions added to the device-side sums. */
        METRICS
    }

    /** The result of one training run; closing it closes the student. */
    public record Result(Classifier student, History training) implements AutoCloseable {
        /** Test accuracy after the last epoch. */
        public double testAccuracy() {
            return training.testAccuracy();
        }

        /** The history as a tablesaw table, one row per epoch (see {@link History} for the columns). */
        public Table history() {
            return training.table();
        }

        @Override
        public void close() {
            student.close();
        }
    }

    /**
     * Distils {@code teacher} into a fresh {@code student}. With α = 0 this trains the student on the labels alone,
     * still reporting its agreement with the teacher.
     *
     * @param teacher a trained network; it is not changed
     * @param student the student's architecture (initialised from the seed)
     * @param train training images and labels
     * @param test evaluated after every epoch
     * @throws IllegalArgumentException if teacher, student and data disagree on the number of classes or features
     * @throws TrainingDivergedException if the loss becomes NaN or infinite
     * @throws TrainingInterruptedException if the thread is interrupted
     */
    public Result distill(Classifier teacher, Architecture student, ImageDataset train, ImageDataset test) {
        Objects.requireNonNull(teacher, "teacher: use train(...) to train without a teacher");
        return run(teacher, null, student, train, test);
    }

    /**
     * Distils an {@link Ensemble} of frozen teachers into a fresh {@code student}, in the same loop as one teacher:
     * the objective reads the ensemble's logits at the recipe's T, \(T \log \frac{1}{K}\sum_k
     * \mathrm{softmax}(z_k/T)\), whose softmax at T is the mean of the members' softened probabilities (see
     * {@link Ensemble}). The history's agreement and KL columns compare the student with the ensemble as a classifier
     * (its combination at T = 1). Objectives that look inside the teacher (hints) need a single teacher.
     *
     * @throws IllegalArgumentException if the ensemble, student and data disagree on classes or features
     */
    public Result distill(Ensemble teachers, Architecture student, ImageDataset train, ImageDataset test) {
        Objects.requireNonNull(teachers, "teachers");
        return run(null, teachers, student, train, test);
    }

    /** {@link #distill(Ensemble, Architecture, ImageDataset, ImageDataset)} on a train/test split. */
    public Result distill(Ensemble teachers, Architecture student, Datasets.Split data) {
        return distill(teachers, student, data.train(), data.test());
    }

    /** {@link #distill(Classifier, Architecture, ImageDataset, ImageDataset)} on a train/test split. */
    public Result distill(Classifier teacher, Architecture student, Datasets.Split data) {
        return distill(teacher, student, data.train(), data.test());
    }

    /**
     * Supervised training from the labels alone (teachers, baselines).
     *
     * @throws IllegalStateException if this distiller's objective needs a teacher (say, α &gt; 0)
     */
    public Result train(Architecture model, ImageDataset train, ImageDataset test) {
        if (recipe.objective().needsTeacherLogits(recipe)) {
            throw new IllegalStateException("This Distiller (" + recipe.objective().name() + ", α = " + recipe.alpha()
                    + ") weighs a teacher's outputs, but train(...) has no teacher. Use Distiller.supervised() for plain "
                    + "training, or distill(teacher, ...).");
        }
        return run(null, null, model, train, test);
    }

    /** {@link #train(Architecture, ImageDataset, ImageDataset)} on a train/test split. */
    public Result train(Architecture model, Datasets.Split data) {
        return train(model, data.train(), data.test());
    }

    /**
     * "Load the network trained earlier with this recipe, or train it now": {@link #train} through {@link
     * Checkpoints}, keyed by the architecture, the seed, this distiller's {@link Recipe} and the training data. A run
     * that fails or is interrupted saves nothing.
     */
    public Classifier trainOrLoad(Architecture model, Datasets.Split data) {
        return Checkpoints.loadOrTrain(model, recipe.seed(), recipe(null, data.train()), device,
                () -> train(model, data).student());
    }

    /** As {@link #trainOrLoad}, for a distilled student; the key includes the teacher's weights (its fingerprint). */
    public Classifier distillOrLoad(Classifier teacher, Architecture student, Datasets.Split data) {
        return Checkpoints.loadOrTrain(student, recipe.seed(), recipe(teacher, data.train()), device,
                () -> distill(teacher, student, data).student());
    }

    /**
     * The checkpoint key: everything besides architecture and seed that determines the trained weights — this
     * distiller's {@link Recipe#key()}, the training data and the teacher's fingerprint.
     */
    public String recipe(Classifier teacher, ImageDataset train) {
        return recipe.key() + "\n"
                + "data=" + train.name() + " n=" + train.size() + " labels#" + Arrays.hashCode(train.labels()) + "\n"
                + "teacher=" + (teacher == null ? "none" : teacher.architecture().name() + "#" + teacher.fingerprint());
    }

    /** Where the teacher's logits come from: one network, or an ensemble combined at the recipe's T. */
    private record TeacherSide(Classifier single, Ensemble ensemble, float temperature) {
        NDArray logits(ImageDataset data, NDManager manager) {
            return single != null ? single.logits(data, manager) : ensemble.logits(data, manager, temperature);
        }

        NDArray logits(NDArray images) {
            return single != null ? single.logits(images) : ensemble.logits(images, temperature);
        }

        /** For the history's agreement columns: the ensemble as a classifier, combined at T = 1. */
        NDArray evaluationLogits(ImageDataset data, NDManager manager) {
            return single != null ? single.logits(data, manager) : ensemble.logits(data, manager, 1f);
        }
    }

    private Result run(Classifier teacher, Ensemble ensemble, Architecture arch, ImageDataset train, ImageDataset test) {
        if (ensemble != null) {
            for (Classifier member : ensemble.members()) {
                checkCompatible(member, arch, train, test);
            }
        } else {
            checkCompatible(teacher, arch, train, test);
        }
        TeacherSide side = teacher == null && ensemble == null ? null
                : new TeacherSide(teacher, ensemble, recipe.temperature());
        Objective objective = recipe.objective();
        boolean useTeacher = side != null && objective.needsTeacherLogits(recipe);
        boolean augment = recipe.augment();
        long seed = recipe.seed();
        int batchSize = recipe.batchSize();
        Random order = new Random(seed);
        List<Listener> all = new ArrayList<>();
        EpochTimer timer = new EpochTimer();
        all.add(timer);
        if (!quiet) {
            all.add(new ProgressBar(System.out));
        }
        all.addAll(listeners);
        Classifier student = null;
        boolean done = false;
        List<ShuffledRows> buffers = new ArrayList<>();
        try (NDManager data = NDManager.newBaseManager(device)) {
            // before the student: whatever the objective initialises must not shift the student's random numbers
            UnaryOperator<Block> wrap = objective.trainable(teacher, arch, recipe, data);
            student = Classifier.create(arch, seed, device); // also seeds the engine: init, then dropout
            Block block = wrap.apply(student.block());
            // a view of the dataset's own float pixels (no conversion, no copy on the CPU); only read here. With
            // augmentation every batch is made from the images anew, so nothing reads it.
            NDArray x = augment ? null
                    : data.create(train.floatPixels(), new Shape(train.size(), train.features()), DataType.FLOAT32);
            NDArray y = train.labels(data);
            NDArray xTest = test.images(data);
            NDArray yTest = test.labels(data);
            NDArray targets = useTeacher && !augment ? objective.targets(side.logits(train, data), recipe, seed) : null;
            NDArray features = teacher != null && !augment ? objective.teacherFeatures(teacher, x) : null;
            NDArray teacherTest = side == null ? null : side.evaluationLogits(test, data);
            ShuffledRows xRows = augment ? null : shuffled(x, buffers);
            ShuffledRows yRows = shuffled(y, buffers);
            ShuffledRows targetRows = targets == null ? null : shuffled(targets, buffers);
            ShuffledRows featureRows = features == null ? null : shuffled(features, buffers);
            History history = new History(arch.name(), objective.columns());
            int n = train.size();
            int batches = (n + batchSize - 1) / batchSize;
            long[] splits = new long[batches - 1];
            for (int b = 1; b < batches; b++) {
                splits[b - 1] = (long) b * batchSize;
            }
            int lastSize = n - (batches - 1) * batchSize;
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss()) // the objective computes the loss
                    .optOptimizer(optimizer.get()).optDevices(new Device[] {device});
            try (Model trainable = block == student.block() ? null : Model.newInstance("trainable", device)) {
                if (trainable != null) {
                    trainable.setBlock(block);
                }
                try (Trainer trainer = (trainable != null ? trainable : student.model()).newTrainer(config)) {
                    all.forEach(l -> l.onTrainingStart(recipe, n, batches));
                    for (int epoch = 1; epoch <= recipe.epochs(); epoch++) {
                        for (Listener l : all) {
                            l.onEpochStart(epoch);
                        }
                        double[] sums;
                        try (NDManager epochData = data.newSubManager()) {
                            sums = epoch(epoch, batches, splits, lastSize, order, trainer, teacher, side, train, xRows, yRows,
                                    targetRows, featureRows, epochData, all, objective, useTeacher);
                        }
                        for (Listener l : all) {
                            l.onEpochTrained(epoch);
                        }
                        double testAccuracy = Double.NaN;
                        double agreement = Double.NaN;
                        double kl = Double.NaN;
                        boolean evaluate = epoch % evaluateEvery == 0 || epoch == recipe.epochs();
                        if (evaluate) {
                            try (NDManager eval = data.newSubManager()) {
                                NDArray z = student.logitsInBatches(xTest);
                                z.attach(eval);
                                testAccuracy = Accuracy.of(z, yTest);
                                if (teacherTest != null) {
                                    agreement = Agreement.top1(z, teacherTest);
                                    kl = Agreement.meanKl(z, teacherTest);
                                }
                            }
                        }
                        Map<String, Double> extra = new LinkedHashMap<>();
                        for (int c = 0; c < objective.columns().size(); c++) {
                            extra.put(objective.columns().get(c), sums[2 + c] / n);
                        }
                        History.Epoch row = new History.Epoch(epoch, sums[0] / n, sums[1] / n, testAccuracy, agreement, kl,
                                extra, timer.seconds());
                        history.add(row);
                        for (Listener l : all) {
                            l.onEpochEnd(row, recipe.epochs(), n);
                        }
                    }
                }
            }
            done = true;
            return new Result(student, history);
        } finally {
            buffers.forEach(ShuffledRows::close); // after every epoch's arrays are closed
            if (!done && student != null) {
                student.close();
            }
        }
    }

    private static ShuffledRows shuffled(NDArray all, List<ShuffledRows> buffers) {
        ShuffledRows rows = new ShuffledRows(all);
        buffers.add(rows);
        return rows;
    }

    /**
     * One epoch: the data gathered once in this epoch's order and split into batches; loss, correct predictions and
     * the objective's columns summed on the device.
     *
     * @return {loss sum, correct count, column sums...}, each over the epoch's examples
     */
    private double[] epoch(int epoch, int batches, long[] splits, int lastSize, Random order, Trainer trainer,
            Classifier teacher, TeacherSide side, ImageDataset train, ShuffledRows x, ShuffledRows y, ShuffledRows targets,
            ShuffledRows features, NDManager epochData, List<Listener> all, Objective objective, boolean useTeacher) {
        int n = train.size();
        int batchSize = recipe.batchSize();
        int[] perm = permutation(n, order);
        NDList xs = x == null ? null : split(x, perm, splits, epochData);
        NDList ys = split(y, perm, splits, epochData);
        NDList ts = targets == null ? null : split(targets, perm, splits, epochData);
        NDList fs = features == null ? null : split(features, perm, splits, epochData);
        int columns = objective.columns().size();
        NDArray lossSum = epochData.zeros(new Shape(), DataType.FLOAT32);
        NDArray correctSum = epochData.zeros(new Shape(), DataType.INT64);
        NDArray[] columnSums = new NDArray[columns];
        for (int c = 0; c < columns; c++) {
            columnSums[c] = epochData.zeros(new Shape(), DataType.FLOAT32);
        }
        double lastLoss = 0; // the smaller last batch, weighted on the host
        double[] lastColumns = new double[columns];
        int checkedUpTo = 0;
        for (int b = 0; b < batches; b++) {
            if (Thread.interrupted()) {
                throw new TrainingInterruptedException(epoch, b + 1);
            }
            boolean last = b == batches - 1;
            int size = last ? lastSize : batchSize;
            try (NDManager batch = epochData.newSubManager()) {
                NDArray by = owned(batch, ys.get(b));
                NDArray bx;
                NDArray bt = null;
                NDArray bf = null;
                if (recipe.augment()) {
                    int[] idx = Arrays.copyOfRange(perm, b * batchSize, b * batchSize + size);
                    bx = batch.create(shiftedImages(train, idx, order), new Shape(size, train.features()));
                    if (useTeacher) {
                        bt = objective.targets(side.logits(bx), recipe, batchSeed(epoch, b));
                    }
                    if (teacher != null) {
                        bf = objective.teacherFeatures(teacher, bx);
                    }
                } else {
                    bx = owned(batch, xs.get(b));
                    bt = ts == null ? null : owned(batch, ts.get(b));
                    bf = fs == null ? null : owned(batch, fs.get(b));
                }
                Objective.Batch input = new Objective.Batch(bx, by, bt, bf);
                phase(all, Phase.DATA);
                NDList outputs;
                NDArray value;
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    outputs = trainer.forward(new NDList(bx));
                    phase(all, Phase.FORWARD);
                    value = objective.loss(input, outputs, recipe);
                    phase(all, Phase.LOSS);
                    collector.backward(value);
                    phase(all, Phase.BACKWARD);
                }
                trainer.step();
                phase(all, Phase.STEP);
                correctSum.addi(outputs.head().argMax(1).eq(by).sum());
                NDList extra = columns == 0 ? null : objective.columnValues(input, outputs, recipe);
                if (last) {
                    lastLoss = value.getFloat() * (double) size;
                    for (int c = 0; c < columns; c++) {
                        lastColumns[c] = extra.get(c).getFloat() * (double) size;
                    }
                } else {
                    lossSum.addi(value);
                    for (int c = 0; c < columns; c++) {
                        columnSums[c].addi(extra.get(c));
                    }
                }
                phase(all, Phase.METRICS);
            }
            int full = last ? b : b + 1; // full batches summed so far
            if (last || (b + 1) % CHECK_EVERY == 0) {
                double loss = lossSum.getFloat() * (double) batchSize + (last ? lastLoss : 0);
                if (!Double.isFinite(loss)) {
                    throw new TrainingDivergedException(epoch, checkedUpTo + 1, b + 1, batches, loss, recipe);
                }
                checkedUpTo = b + 1;
            }
            if (all.size() > 1) {
                int seen = full * batchSize + (last ? lastSize : 0);
                double lastPart = last ? lastLoss : 0;
                DoubleSupplier meanLoss = () -> (lossSum.getFloat() * (double) batchSize + lastPart) / seen;
                for (Listener l : all) {
                    l.onBatchEnd(epoch, b + 1, batches, meanLoss);
                }
            }
        }
        double[] sums = new double[2 + columns];
        sums[0] = lossSum.getFloat() * (double) batchSize + lastLoss;
        sums[1] = correctSum.getLong();
        for (int c = 0; c < columns; c++) {
            sums[2 + c] = columnSums[c].getFloat() * (double) batchSize + lastColumns[c];
        }
        return sums;
    }

    /** The rows in the epoch's order, split into batches at {@code splits}: views owned by {@code manager}. */
    private static NDList split(ShuffledRows all, int[] rows, long[] splits, NDManager manager) {
        NDArray gathered = all.inOrder(rows, manager);
        NDList parts = splits.length == 0 ? new NDList(gathered) : gathered.split(splits);
        parts.attach(manager);
        return parts;
    }

    private long batchSeed(int epoch, int batch) {
        return recipe.seed() * 1_000_003L + epoch * 10_007L + batch;
    }

    private static void phase(List<Listener> all, Phase phase) {
        for (Listener l : all) {
            l.onPhase(phase);
        }
    }

    private static NDArray owned(NDManager manager, NDArray array) {
        array.attach(manager);
        return array;
    }

    private static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) { // Fisher–Yates
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * Augmentation: each image shifted by a random whole number of pixels in [-2, 2] along each axis, the uncovered
     * border filled with 0 (background). Labels are unchanged, so the teacher is asked again for its logits.
     */
    private static float[] shiftedImages(ImageDataset data, int[] idx, Random random) {
        int h = data.height();
        int w = data.width();
        float[] out = new float[idx.length * h * w];
        for (int k = 0; k < idx.length; k++) {
            float[] img = data.image(idx[k]);
            int dy = random.nextInt(5) - 2;
            int dx = random.nextInt(5) - 2;
            int base = k * h * w;
            for (int r = 0; r < h; r++) {
                int sr = r - dy;
                if (sr < 0 || sr >= h) {
                    continue;
                }
                for (int c = 0; c < w; c++) {
                    int sc = c - dx;
                    if (sc >= 0 && sc < w) {
                        out[base + r * w + c] = img[sr * w + sc];
                    }
                }
            }
        }
        return out;
    }

    private static void checkCompatible(Classifier teacher, Architecture arch, ImageDataset train, ImageDataset test) {
        if (arch.inputFeatures() != train.features() || arch.inputFeatures() != test.features()) {
            throw new IllegalArgumentException(arch.name() + " takes " + arch.inputFeatures() + " features but the data have "
                    + train.features() + " (train) and " + test.features() + " (test)");
        }
        if (arch.classes() != train.numClasses() || arch.classes() != test.numClasses()) {
            throw new IllegalArgumentException(arch.name() + " has " + arch.classes() + " classes but the data have "
                    + train.numClasses());
        }
        if (teacher != null && teacher.classes() != arch.classes()) {
            throw new IllegalArgumentException("class counts differ: the teacher " + teacher.architecture().name() + " has "
                    + teacher.classes() + " classes but the student " + arch.name() + " has " + arch.classes());
        }
        if (teacher != null && teacher.architecture().inputFeatures() != train.features()) {
            throw new IllegalArgumentException("the teacher takes " + teacher.architecture().inputFeatures()
                    + " features but the data have " + train.features());
        }
        if (train.size() == 0) {
            throw new IllegalArgumentException("the training set " + train.name() + " is empty");
        }
    }

    @Override
    public String toString() {
        return "Distiller(" + recipe + ", " + device + ")";
    }

    /** Times each epoch's training (evaluation excluded): the {@code seconds} column of the history. */
    static final class EpochTimer implements Listener {
        private long start;
        private double seconds;

        @Override
        public void onEpochStart(int epoch) {
            start = System.nanoTime();
        }

        @Override
        public void onEpochTrained(int epoch) {
            seconds = (System.nanoTime() - start) / 1e9;
        }

        double seconds() {
            return seconds;
        }
    }

    /** Settings for a {@link Distiller}; every setter validates its argument at once. */
    public static final class Builder {
        private float temperature = 2f;
        private float alpha = 0.5f;
        private Objective objective;
        private int epochs = 5;
        private int batchSize = 128;
        private String optimizerName = "adam";
        private String learningRate = "0.001";
        private Supplier<Optimizer> optimizer = () -> Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build();
        private long seed = 42;
        private Device device = Engine.getInstance().defaultDevice();
        private boolean augment;
        private boolean quiet;
        private int evaluateEvery = 1;
        private final List<Listener> listeners = new ArrayList<>();

        private Builder() {}

        /** \(T > 0\) of the soft term (Hinton et al. found 2 to 20 useful; lower for smaller students). */
        public Builder temperature(float temperature) {
            SoftTargets.checkTemperature(temperature);
            this.temperature = temperature;
            return this;
        }

        /** \(\alpha \in [0, 1]\): the weight of the teacher's term; 0 is supervised training. */
        public Builder alpha(float alpha) {
            DistillationLoss.checkAlpha(alpha);
            this.alpha = alpha;
            return this;
        }

        /**
         * What the student is trained to do (default: {@link Objective#distillation()}, or {@link
         * Objective#supervised()} when α = 0). The objective reads T, α and the seed from this builder's recipe.
         */
        public Builder objective(Objective objective) {
            this.objective = Objects.requireNonNull(objective);
            return this;
        }

        public Builder epochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be ≥ 1, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be ≥ 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Adam (Kingma and Ba, 2015) with this fixed learning rate; the default is 0.001. */
        public Builder learningRate(float learningRate) {
            if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learningRate must be a positive number, got " + learningRate);
            }
            this.optimizerName = "adam";
            this.learningRate = String.valueOf(learningRate);
            this.optimizer = () -> Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build();
            return this;
        }

        /**
         * Any DJL optimizer. A new one is made for every run (optimizers hold state such as Adam's moments).
         *
         * @param name the optimizer, e.g. {@code "sgd(momentum=0.9)"}
         * @param learningRate its learning rate or schedule, e.g. {@code "0.1"} or {@code "cosine 0.001 → 1e-05"}
         * @param factory makes a fresh optimizer
         */
        public Builder optimizer(String name, String learningRate, Supplier<Optimizer> factory) {
            this.optimizerName = Objects.requireNonNull(name);
            this.learningRate = Objects.requireNonNull(learningRate);
            this.optimizer = Objects.requireNonNull(factory);
            return this;
        }

        /**
         * Any DJL optimizer, described by one name that includes its learning rate (e.g. {@code "sgd(lr=0.1,
         * momentum=0.9)"}); see {@link #optimizer(String, String, Supplier)}.
         */
        public Builder optimizer(String name, Supplier<Optimizer> factory) {
            return optimizer(name, Recipe.AS_NAMED, factory);
        }

        /** Fixes initial weights, data order, augmentation and dropout. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Where to train; the default is the GPU if DJL sees one, else the CPU. */
        public Builder device(Device device) {
            this.device = Objects.requireNonNull(device);
            return this;
        }

        /** Random shifts of up to 2 pixels (the teacher then runs on every batch). Off by default. */
        public Builder augment(boolean augment) {
            this.augment = augment;
            return this;
        }

        /**
         * Evaluate on the test (or validation) images only every {@code epochs} epochs, and after the last one; the
         * other rows of the history have NaN there. Evaluation changes nothing in training: it only saves time when
         * the evaluation set is much larger than the training set (50 epochs on 1,000 images, evaluated on 5,000,
         * spent more time evaluating than training). Default 1: every epoch.
         *
         * @throws IllegalArgumentException if {@code epochs < 1}
         */
        public Builder evaluateEvery(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("evaluateEvery(" + epochs + "): evaluate at least every 1 epoch");
            }
            this.evaluateEvery = epochs;
            return this;
        }

        /** No printed progress. */
        public Builder quiet(boolean quiet) {
            this.quiet = quiet;
            return this;
        }

        /** Adds a hook on the training loop (called after the built-in timer and progress bar). */
        public Builder listener(Listener listener) {
            this.listeners.add(Objects.requireNonNull(listener));
            return this;
        }

        public Distiller build() {
            return new Distiller(this);
        }
    }
}
