package org.distill4j.features;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.PairList;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;
import org.distill4j.data.ImageDataset;
import org.distill4j.distillation.Distiller;
import org.distill4j.distillation.SoftTargets;
import org.distill4j.metrics.Accuracy;
import org.distill4j.metrics.Agreement;
import org.distill4j.models.Classifier;
import org.distill4j.models.Mlp;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Trains a student with the {@link HintLoss}: knowledge distillation plus a FitNets hint (Romero et al., 2015) that
 * asks a learned linear projection of one of the student's hidden layers to reproduce one of the teacher's.
 *
 * <pre>{@code
 * HintDistiller fitnet = HintDistiller.builder().hintWeight(1).teacherLayer(1).studentLayer(1).epochs(5).seed(1).build();
 * try (Distiller.Result r = fitnet.distill(teacher, Mlp.student(), train, test)) { ... }
 * }</pre>
 *
 * <p><b>One training step</b> on a batch \(x\): the student runs up to its guided layer \(v_s(x)\) and on to its logits
 * \(z_s\); the regressor maps \(v_s(x)\) to \(r(v_s(x))\), as wide as the teacher's hint layer \(u_t(x)\); the loss
 * is \(L_{KD}(y, z_t, z_s) + \beta\,\mathrm{MSE}(r(v_s(x)), u_t(x))\); its gradient updates the student and the
 * regressor, never the teacher. The regressor is thrown away after training: the student keeps its architecture.
 *
 * <p><b>Same loop as {@link Distiller}.</b> Batches, order of the examples (from the seed), Adam, initial weights,
 * teacher outputs computed once for the whole training set, and the evaluation after every epoch are the same; with
 * {@code hintWeight(0)} a run reproduces {@code Distiller}'s run with the same settings. A comparison between the two
 * methods therefore differs only in the hint term.
 *
 * <p><b>History</b>: the columns of {@code Distiller}'s history plus {@code hint}, the mean hint term (unweighted
 * MSE) over the epoch's batches.
 */
public final class HintDistiller {

    private final float temperature;
    private final float alpha;
    private final float hintWeight;
    private final int teacherLayer;
    private final int studentLayer;
    private final int epochs;
    private final int batchSize;
    private final float learningRate;
    private final long seed;
    private final Device device;
    private final boolean quiet;

    private HintDistiller(Builder b) {
        this.temperature = b.temperature;
        this.alpha = b.alpha;
        this.hintWeight = b.hintWeight;
        this.teacherLayer = b.teacherLayer;
        this.studentLayer = b.studentLayer;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.learningRate = b.learningRate;
        this.seed = b.seed;
        this.device = b.device;
        this.quiet = b.quiet;
    }

    /**
     * Defaults as {@link Distiller#builder()} (T = 2, α = 0.5, 5 epochs, batches of 128, Adam 0.001, seed 42), hint
     * weight β = 1, teacher's hidden layer 1 as the hint, student's hidden layer 1 as the guided layer.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Distils {@code teacher} into a fresh {@code student} with the hint loss.
     *
     * @param teacher a trained {@link Mlp}; not changed
     * @param student the student's architecture, an {@link Mlp} (initialised from the seed)
     * @param train training images and labels (the transfer set)
     * @param test evaluated after every epoch
     * @return the student and its history; closing the result closes the student
     * @throws IllegalArgumentException if a network is not an Mlp, a layer does not exist, or networks and data
     *     disagree on features or classes
     */
    public Distiller.Result distill(Classifier teacher, Mlp student, ImageDataset train, ImageDataset test) {
        Objects.requireNonNull(teacher, "teacher");
        Mlp teacherMlp = HiddenFeatures.requireMlp(teacher.architecture(), "teacher");
        int hintWidth = HiddenFeatures.width(teacherMlp, teacherLayer);
        int guidedWidth = HiddenFeatures.width(student, studentLayer);
        checkCompatible(teacherMlp, student, train, test);
        HintLoss loss = new HintLoss(temperature, alpha, hintWeight);
        Random order = new Random(seed);
        Model guided = Model.newInstance("hint-regressor", device);
        Classifier net = null;
        boolean done = false;
        try {
            // The regressor is initialised first, from its own seed, so that the student's initial weights and
            // dropout masks come from the seed exactly as in Distiller (Classifier.create re-seeds the engine).
            Engine.getInstance().setRandomSeed((int) (seed ^ 0x5DEECE66DL));
            Linear regressor = Linear.builder().setUnits(hintWidth).build();
            regressor.initialize(guided.getNDManager(), DataType.FLOAT32, new Shape(1, guidedWidth));
            net = Classifier.create(student, seed, device);
            guided.setBlock(new GuidedStudent(net.block(), studentLayer, regressor, student.classes(), hintWidth));
            Table history = run(teacher, net, guided, loss, train, test, order);
            done = true;
            return new Distiller.Result(net, history);
        } finally {
            guided.close();
            if (!done && net != null) {
                net.close();
            }
        }
    }

    private Table run(Classifier teacher, Classifier student, Model guided, HintLoss loss, ImageDataset train,
            ImageDataset test, Random order) {
        try (NDManager data = NDManager.newBaseManager(device)) {
            NDArray x = train.images(data);
            NDArray y = train.labels(data);
            NDArray xTest = test.images(data);
            NDArray yTest = test.labels(data);
            NDArray teacherLogits = teacher.logitsInBatches(x);
            NDArray teacherHint = HiddenFeatures.of(teacher, teacherLayer, x);
            NDArray teacherTest = teacher.logitsInBatches(xTest);
            Table history = emptyHistory(student.architecture().name());
            DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build())
                    .optDevices(new Device[] {device});
            try (Trainer trainer = guided.newTrainer(config)) {
                int n = train.size();
                int batches = (n + batchSize - 1) / batchSize;
                for (int epoch = 1; epoch <= epochs; epoch++) {
                    long t0 = System.nanoTime();
                    int[] perm = permutation(n, order);
                    double lossSum = 0;
                    double hintSum = 0;
                    long correct = 0;
                    for (int b = 0; b < batches; b++) {
                        int[] idx = Arrays.copyOfRange(perm, b * batchSize, Math.min(n, (b + 1) * batchSize));
                        try (NDManager batch = data.newSubManager()) {
                            NDArray rows = batch.create(idx);
                            NDArray bx = owned(batch, x.get(rows));
                            NDArray by = owned(batch, y.get(rows));
                            NDList labels = new NDList(by, owned(batch, teacherLogits.get(rows)),
                                    owned(batch, teacherHint.get(rows)));
                            NDList out;
                            NDArray value;
                            try (GradientCollector collector = trainer.newGradientCollector()) {
                                out = trainer.forward(new NDList(bx));
                                value = loss.evaluate(labels, out);
                                collector.backward(value);
                            }
                            trainer.step();
                            lossSum += value.getFloat() * idx.length;
                            hintSum += HintLoss.hintTerm(out.get(1), labels.get(2)).getFloat() * idx.length;
                            correct += out.get(0).argMax(1).toType(DataType.INT32, false).eq(by).sum().getLong();
                        }
                    }
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    double testAccuracy;
                    double agreement;
                    double kl;
                    try (NDManager eval = data.newSubManager()) {
                        NDArray z = owned(eval, student.logitsInBatches(xTest));
                        testAccuracy = Accuracy.of(z, yTest);
                        agreement = Agreement.top1(z, teacherTest);
                        kl = Agreement.meanKl(z, teacherTest);
                    }
                    append(history, epoch, lossSum / n, hintSum / n, correct / (double) n, testAccuracy, agreement, kl,
                            seconds);
                    if (!quiet) {
                        System.out.printf("epoch %2d/%d  loss %.3f  hint %.4f  test %.1f %%  agree %.1f %%  %.1f s%n", epoch,
                                epochs, lossSum / n, hintSum / n, 100 * testAccuracy, 100 * agreement, seconds);
                    }
                }
            }
            return history;
        }
    }

    /** The student's block, with the regressor reading its guided layer: outputs (logits, regressed guided layer). */
    private static final class GuidedStudent extends AbstractBlock {
        private final Block student;
        private final Linear regressor;
        private final int layer;
        private final int classes;
        private final int hintWidth;

        GuidedStudent(Block student, int layer, Linear regressor, int classes, int hintWidth) {
            this.student = addChildBlock("student", student);
            this.regressor = addChildBlock("regressor", regressor);
            this.layer = layer;
            this.classes = classes;
            this.hintWidth = hintWidth;
        }

        @Override
        protected NDList forwardInternal(ParameterStore parameters, NDList inputs, boolean training,
                PairList<String, Object> params) {
            NDList out = HiddenFeatures.forward(student, parameters, inputs.singletonOrThrow(), layer, training, false);
            NDArray regressed = regressor.forward(parameters, new NDList(out.get(1)), training).singletonOrThrow();
            return new NDList(out.get(0), regressed);
        }

        /** Student and regressor are initialised before the wrapper is built; nothing is left to initialise. */
        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {}

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            long n = inputShapes[0].get(0);
            return new Shape[] {new Shape(n, classes), new Shape(n, hintWidth)};
        }
    }

    private static NDArray owned(NDManager manager, NDArray array) {
        array.attach(manager);
        return array;
    }

    /** The same Fisher–Yates shuffle as {@link Distiller}, so equal seeds give equal batches. */
    private static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static void checkCompatible(Mlp teacher, Mlp student, ImageDataset train, ImageDataset test) {
        if (student.inputFeatures() != train.features() || student.inputFeatures() != test.features()
                || teacher.inputFeatures() != train.features()) {
            throw new IllegalArgumentException("teacher " + teacher.name() + " and student " + student.name()
                    + " must take the data's " + train.features() + " features");
        }
        if (student.classes() != train.numClasses() || teacher.classes() != student.classes()) {
            throw new IllegalArgumentException("class counts differ: teacher " + teacher.classes() + ", student "
                    + student.classes() + ", data " + train.numClasses());
        }
    }

    private static Table emptyHistory(String name) {
        return Table.create(name + " history (hint)", IntColumn.create("epoch"), DoubleColumn.create("loss"),
                DoubleColumn.create("hint"), DoubleColumn.create("train_accuracy"), DoubleColumn.create("test_accuracy"),
                DoubleColumn.create("agreement"), DoubleColumn.create("kl_to_teacher"), DoubleColumn.create("seconds"));
    }

    private static void append(Table t, int epoch, double loss, double hint, double train, double test, double agreement,
            double kl, double seconds) {
        t.intColumn("epoch").append(epoch);
        t.doubleColumn("loss").append(loss);
        t.doubleColumn("hint").append(hint);
        t.doubleColumn("train_accuracy").append(train);
        t.doubleColumn("test_accuracy").append(test);
        t.doubleColumn("agreement").append(agreement);
        t.doubleColumn("kl_to_teacher").append(kl);
        t.doubleColumn("seconds").append(seconds);
    }

    @Override
    public String toString() {
        return "HintDistiller(T=" + temperature + ", α=" + alpha + ", β=" + hintWeight + ", teacher layer " + teacherLayer
                + " → student layer " + studentLayer + ", " + epochs + " epochs, batch " + batchSize + ", adam(lr="
                + learningRate + "), seed " + seed + ", " + device + ")";
    }

    /** Settings for a {@link HintDistiller}; every setter validates its argument at once. */
    public static final class Builder {
        private float temperature = 2f;
        private float alpha = 0.5f;
        private float hintWeight = 1f;
        private int teacherLayer = 1;
        private int studentLayer = 1;
        private int epochs = 5;
        private int batchSize = 128;
        private float learningRate = 1e-3f;
        private long seed = 42;
        private Device device = Engine.getInstance().defaultDevice();
        private boolean quiet;

        private Builder() {}

        /** \(T > 0\) of the soft term. */
        public Builder temperature(float temperature) {
            SoftTargets.checkTemperature(temperature);
            this.temperature = temperature;
            return this;
        }

        /** \(\alpha \in [0, 1]\): the weight of the soft term within the KD loss; 0 keeps only labels and hint. */
        public Builder alpha(float alpha) {
            if (!(alpha >= 0 && alpha <= 1)) {
                throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
            }
            this.alpha = alpha;
            return this;
        }

        /** \(\beta \ge 0\): the weight of the hint term; 0 is plain knowledge distillation. */
        public Builder hintWeight(float hintWeight) {
            HintLoss.checkHintWeight(hintWeight);
            this.hintWeight = hintWeight;
            return this;
        }

        /** The teacher's hidden layer that serves as the hint, from 1 (checked against the teacher in distill). */
        public Builder teacherLayer(int layer) {
            this.teacherLayer = positive("teacherLayer", layer);
            return this;
        }

        /** The student's hidden layer that the regressor reads (the guided layer), from 1. */
        public Builder studentLayer(int layer) {
            this.studentLayer = positive("studentLayer", layer);
            return this;
        }

        public Builder epochs(int epochs) {
            this.epochs = positive("epochs", epochs);
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = positive("batchSize", batchSize);
            return this;
        }

        /** Adam's fixed learning rate (default 0.001, as Distiller). */
        public Builder learningRate(float learningRate) {
            if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learningRate must be a positive number, got " + learningRate);
            }
            this.learningRate = learningRate;
            return this;
        }

        /** Fixes initial weights (student and regressor), data order and dropout. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder device(Device device) {
            this.device = Objects.requireNonNull(device);
            return this;
        }

        /** No printed progress. */
        public Builder quiet(boolean quiet) {
            this.quiet = quiet;
            return this;
        }

        public HintDistiller build() {
            return new HintDistiller(this);
        }

        private static int positive(String what, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(what + " must be ≥ 1, got " + value);
            }
            return value;
        }
    }
}
