package org.distill4j.exercises;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.distill4j.distillation.DistillationLoss;
import org.distill4j.distillation.Scalar;
import org.distill4j.distillation.SoftTargets;
import org.distill4j.models.Classifier;
import org.distill4j.models.Mlp;

/**
 * Exercise 3: one distillation training step with a frozen teacher. The teacher's logits are computed without
 * recording gradients; the student's forward pass, the loss and its backward pass happen inside a
 * {@link ai.djl.training.GradientCollector}; then the optimizer takes one step. Only the student learns.
 *
 * <p>The reference step uses {@link DistillationLoss} with \(T = 4\), \(\alpha = 0.7\). The learner's step uses
 * {@link #kdLoss}, the same formula written out plainly (as in exercise 2), which — like most hand-written losses —
 * does <em>not</em> stop gradients from flowing into the teacher's logits: that is the step's job.
 *
 * <pre>{@code
 * DistillationStepExercise.check((teacher, trainer, images, labels) -> step(teacher, trainer, images, labels));
 * }</pre>
 */
public final class DistillationStepExercise {

    /** \(T\) of the loss in this exercise. */
    public static final float TEMPERATURE = 4f;
    /** \(\alpha\) of the loss in this exercise (weight of the soft term). */
    public static final float ALPHA = 0.7f;

    private static final int FEATURES = 16;
    private static final int CLASSES = 4;
    private static final int BATCH = 8;
    private static final float LEARNING_RATE = 0.5f;

    private DistillationStepExercise() {}

    /** The learner's training step. */
    @FunctionalInterface
    public interface Step {
        /**
         * One step of distillation on one batch.
         *
         * @param teacher the frozen teacher: {@code teacher.logits(images)} gives {@code [batch, classes]}
         * @param student a DJL trainer for the student: {@code student.forward(new NDList(images))},
         *     {@code student.newGradientCollector()}, {@code student.step()}
         * @param images {@code [batch, features]}
         * @param labels {@code [batch]} int32 class indices
         * @return the loss of this batch (a scalar NDArray), computed before the update
         */
        NDArray step(Classifier teacher, Trainer student, NDArray images, NDArray labels);
    }

    /**
     * The KD loss of exercise 2 with \(T\) = {@link #TEMPERATURE} and \(\alpha\) = {@link #ALPHA}, written plainly:
     * \( \alpha T^2 \frac{1}{N}\sum_n \sum_i p_{t,i} (\log p_{t,i} - \log p_{s,i}) + (1 - \alpha)\, \mathrm{CE} \).
     * Gradients flow into <em>both</em> arguments.
     *
     * @param studentLogits {@code [batch, classes]}
     * @param teacherLogits {@code [batch, classes]}
     * @param labels {@code [batch]} int32
     * @return a scalar
     */
    public static NDArray kdLoss(NDArray studentLogits, NDArray teacherLogits, NDArray labels) {
        NDArray logPt = SoftTargets.logSoftmax(teacherLogits, TEMPERATURE);
        NDArray logPs = SoftTargets.logSoftmax(studentLogits, TEMPERATURE);
        NDArray soft = logPt.exp().mul(logPt.sub(logPs)).sum(new int[] {-1}).mean();
        soft = soft.mul(Scalar.of(soft, TEMPERATURE * TEMPERATURE));      // Scalar: see its javadoc
        NDArray hard = DistillationLoss.hardTerm(studentLogits, labels);
        return soft.mul(Scalar.of(soft, ALPHA)).add(hard.mul(Scalar.of(hard, 1 - ALPHA)));
    }

    /**
     * Runs {@code step} once on a small teacher (16-32-4 MLP) and student (16-8-4 MLP) and compares it with the
     * reference step on an identical copy of the student: the teacher must get no gradient and keep its weights, the
     * student must move exactly as the reference moves, and the returned loss must be the loss before the update.
     * Prints ✓ or the mistake found; never throws.
     */
    public static CheckResult check(Step step) {
        return Check.run("distillation step", () -> {
            Device device = ai.djl.engine.Engine.getInstance().defaultDevice();
            try (Classifier teacher = Classifier.create(Mlp.builder().inputs(FEATURES).hidden(32).classes(CLASSES).build(), 7, device);
                 Classifier learner = Classifier.create(Mlp.builder().inputs(FEATURES).hidden(8).classes(CLASSES).build(), 11, device);
                 Classifier twin = Classifier.create(Mlp.builder().inputs(FEATURES).hidden(8).classes(CLASSES).build(), 11, device);
                 NDManager data = NDManager.newBaseManager(device)) {
                copyWeights(learner, twin);
                Random random = new Random(5);
                float[] pixels = new float[BATCH * FEATURES];
                for (int i = 0; i < pixels.length; i++) {
                    pixels[i] = random.nextFloat() * 2;
                }
                int[] y = new int[BATCH];
                for (int i = 0; i < BATCH; i++) {
                    y[i] = random.nextInt(CLASSES);
                }
                NDArray images = data.create(pixels, new Shape(BATCH, FEATURES));
                NDArray labels = data.create(y);

                float[] before = weights(learner);
                String teacherBefore = teacher.fingerprint();
                double referenceLoss;
                float[] expected;
                try (Trainer trainer = newTrainer(twin); NDManager batch = data.newSubManager()) {
                    referenceLoss = referenceStep(teacher, trainer, owned(batch, images), owned(batch, labels));
                    expected = weights(twin);
                }
                clearGradients(teacher);

                double loss;
                try (Trainer trainer = newTrainer(learner); NDManager batch = data.newSubManager()) {
                    NDArray x = owned(batch, images);
                    NDArray yy = owned(batch, labels);
                    NDArray out = Check.call("your step", () -> step.step(teacher, trainer, x, yy));
                    Check.require(out.getShape().size() == 1, "your step returned an array of shape " + out.getShape()
                            + ": return the batch's loss, one number.");
                    loss = out.toType(DataType.FLOAT64, false).toDoubleArray()[0];
                }
                float[] after = weights(learner);

                Check.require(!teacherHasGradient(teacher), "the teacher's parameters received gradients: teacher "
                        + "gradients were not stopped. Compute the teacher's logits before (outside) the "
                        + "GradientCollector's try block, or call stopGradient() on them: only the student learns.");
                Check.require(teacherBefore.equals(teacher.fingerprint()), "the teacher's weights changed: the teacher "
                        + "is frozen. Only the student's trainer may take a step.");
                Check.require(Check.maxDiff(after, before) > 0, "the student's weights did not change: inside the "
                        + "collector's try block call collector.backward(loss), then (after it) student.step().");
                double scale = 1e-4;
                if (Check.maxDiff(after, expected) > scale) {
                    Check.require(Check.close(loss, referenceLoss, 1e-3), "the student's update differs from the "
                            + "reference, and so does your loss (" + Check.fmt(loss) + ", expected " + Check.fmt(referenceLoss)
                            + "): call kdLoss(studentLogits, teacherLogits, labels) in that order, with the teacher's "
                            + "logits from teacher.logits(images) and the student's from student.forward(...).");
                    throw Check.wrong("the loss is right but the student's update differs from the reference: "
                            + "backward the loss once, then take exactly one student.step().");
                }
                Check.require(Check.close(loss, referenceLoss, 1e-4), "the update is right but the returned loss is "
                        + Check.fmt(loss) + ", expected " + Check.fmt(referenceLoss) + ": return the loss computed in "
                        + "this step (before the update).");
                return "the teacher stays frozen (no gradients, same weights) and the student takes exactly the "
                        + "reference step (loss " + Check.fmt(referenceLoss) + ").";
            }
        });
    }

    /** The reference: frozen teacher, student forward + {@link DistillationLoss} + backward inside the collector, one step. */
    private static double referenceStep(Classifier teacher, Trainer trainer, NDArray images, NDArray labels) {
        NDArray teacherLogits = teacher.logits(images).stopGradient();
        NDArray loss;
        try (ai.djl.training.GradientCollector collector = trainer.newGradientCollector()) {
            NDArray studentLogits = trainer.forward(new NDList(images)).singletonOrThrow();
            loss = new DistillationLoss(TEMPERATURE, ALPHA).evaluate(new NDList(labels, teacherLogits),
                    new NDList(studentLogits));
            collector.backward(loss);
        }
        trainer.step();
        return loss.getFloat();
    }

    private static Trainer newTrainer(Classifier student) {
        DefaultTrainingConfig config = new DefaultTrainingConfig(new DistillationLoss(TEMPERATURE, ALPHA))
                .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(LEARNING_RATE)).build())
                .optDevices(new Device[] {student.device()});
        return student.model().newTrainer(config);
    }

    private static NDArray owned(NDManager manager, NDArray a) {
        NDArray copy = a.duplicate();
        copy.attach(manager);
        return copy;
    }

    /** Copies weights value by value (loading a parameter file would replace the arrays and drop their gradients). */
    private static void copyWeights(Classifier from, Classifier to) {
        var source = from.block().getParameters();
        var target = to.block().getParameters();
        for (int i = 0; i < source.size(); i++) {
            target.get(i).getValue().getArray().set(source.get(i).getValue().getArray().toFloatArray());
        }
    }

    private static float[] weights(Classifier c) {
        List<float[]> parts = new ArrayList<>();
        int total = 0;
        for (Pair<String, Parameter> p : c.block().getParameters()) {
            float[] v = p.getValue().getArray().toFloatArray();
            parts.add(v);
            total += v.length;
        }
        float[] all = new float[total];
        int at = 0;
        for (float[] v : parts) {
            System.arraycopy(v, 0, all, at, v.length);
            at += v.length;
        }
        return all;
    }

    private static void clearGradients(Classifier c) {
        for (Pair<String, Parameter> p : c.block().getParameters()) {
            NDArray a = p.getValue().getArray();
            if (a.hasGradient()) {
                NDArray g = a.getGradient();
                g.subi(g);
            }
        }
    }

    private static boolean teacherHasGradient(Classifier c) {
        for (Pair<String, Parameter> p : c.block().getParameters()) {
            NDArray a = p.getValue().getArray();
            if (a.hasGradient() && a.getGradient().abs().sum().getFloat() > 0) {
                return true;
            }
        }
        return false;
    }
}
