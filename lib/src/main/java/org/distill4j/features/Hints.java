package org.distill4j.features;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.distill4j.distillation.Distiller;
import org.distill4j.distillation.Objective;
import org.distill4j.distillation.Recipe;
import org.distill4j.models.Architecture;
import org.distill4j.models.Classifier;
import org.distill4j.models.Mlp;

/**
 * FitNets hints (Romero et al., 2015) as an {@link Objective} for {@link Distiller}: knowledge distillation plus a
 * term that asks a learned linear projection of one of the student's hidden layers to reproduce one of the teacher's
 * (the {@link HintLoss}).
 *
 * <pre>{@code
 * Distiller fitnet = Distiller.builder().temperature(2).alpha(0.5f).objective(Hints.weight(1).teacherLayer(1).studentLayer(1))
 *         .epochs(5).seed(1).build();
 * try (Distiller.Result r = fitnet.distill(teacher, Mlp.student(), train, test)) { ... }
 * }</pre>
 *
 * <p><b>One training step</b> on a batch \(x\): the student runs up to its guided layer \(v_s(x)\) and on to its logits
 * \(z_s\); the regressor maps \(v_s(x)\) to \(r(v_s(x))\), as wide as the teacher's hint layer \(u_t(x)\); the loss
 * is \(L_{KD}(y, z_t, z_s) + \beta\,\mathrm{MSE}(r(v_s(x)), u_t(x))\) at the recipe's T and α; its gradient updates
 * the student and the regressor, never the teacher. The regressor is thrown away after training: the student keeps its
 * architecture.
 *
 * <p><b>Same loop as every other objective</b>: batches, order of the examples, optimizer, initial weights and dropout
 * masks (the regressor is initialised from its own seed before the student), teacher outputs computed once for the
 * whole training set, evaluation after every epoch. With {@code weight(0)} a run reproduces plain distillation with
 * the same recipe, so a comparison between the two differs only in the hint term.
 *
 * <p><b>History</b>: the usual columns plus {@value #COLUMN}, the mean hint term (unweighted MSE) over the epoch.
 * Both networks must be {@link Mlp}s.
 */
public final class Hints implements Objective {

    /** The extra history column: the mean hint term over the epoch. */
    public static final String COLUMN = "hint";

    private final float weight;
    private final int teacherLayer;
    private final int studentLayer;

    private Hints(float weight, int teacherLayer, int studentLayer) {
        HintLoss.checkHintWeight(weight);
        this.weight = weight;
        this.teacherLayer = positive("teacherLayer", teacherLayer);
        this.studentLayer = positive("studentLayer", studentLayer);
    }

    /**
     * Hints with weight β, from the teacher's hidden layer 1 to the student's hidden layer 1 (change them with {@link
     * #teacherLayer} and {@link #studentLayer}).
     *
     * @param weight \(\beta \ge 0\): the weight of the hint term; 0 is plain knowledge distillation
     * @throws IllegalArgumentException if β is negative or not finite
     */
    public static Hints weight(float weight) {
        return new Hints(weight, 1, 1);
    }

    /** The teacher's hidden layer that serves as the hint, from 1 (checked against the teacher when training starts). */
    public Hints teacherLayer(int layer) {
        return new Hints(weight, layer, studentLayer);
    }

    /** The student's hidden layer that the regressor reads (the guided layer), from 1. */
    public Hints studentLayer(int layer) {
        return new Hints(weight, teacherLayer, layer);
    }

    @Override
    public String name() {
        return "hints(β=" + weight + ", teacher layer " + teacherLayer + " → student layer " + studentLayer + ")";
    }

    /** The hint loss always reads the teacher's logits (its KD part ignores them when α = 0). */
    @Override
    public boolean needsTeacherLogits(Recipe recipe) {
        return true;
    }

    @Override
    public NDArray teacherFeatures(Classifier teacher, NDArray images) {
        return HiddenFeatures.of(teacher, teacherLayer, images);
    }

    @Override
    public UnaryOperator<Block> trainable(Classifier teacher, Architecture student, Recipe recipe, NDManager manager) {
        if (teacher == null) {
            throw new IllegalArgumentException("hints need a teacher: use distill(teacher, ...)");
        }
        Mlp teacherMlp = HiddenFeatures.requireMlp(teacher.architecture(), "teacher");
        Mlp studentMlp = HiddenFeatures.requireMlp(student, "student");
        int hintWidth = HiddenFeatures.width(teacherMlp, teacherLayer);
        int guidedWidth = HiddenFeatures.width(studentMlp, studentLayer);
        // The regressor's own seed; the student's creation re-seeds the engine afterwards.
        Engine.getInstance().setRandomSeed((int) (recipe.seed() ^ 0x5DEECE66DL));
        Linear regressor = Linear.builder().setUnits(hintWidth).build();
        regressor.initialize(manager, DataType.FLOAT32, new Shape(1, guidedWidth));
        return block -> new GuidedStudent(block, studentLayer, regressor, student.classes(), hintWidth);
    }

    @Override
    public NDArray loss(Batch batch, NDList outputs, Recipe recipe) {
        return new HintLoss(recipe.temperature(), recipe.alpha(), weight)
                .evaluate(new NDList(batch.labels(), batch.teacher(), batch.teacherFeatures()), outputs);
    }

    @Override
    public List<String> columns() {
        return List.of(COLUMN);
    }

    @Override
    public NDList columnValues(Batch batch, NDList outputs, Recipe recipe) {
        return new NDList(HintLoss.hintTerm(outputs.get(1), batch.teacherFeatures()));
    }

    @Override
    public String toString() {
        return name();
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

    private static int positive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be ≥ 1, got " + value);
        }
        return value;
    }
}
