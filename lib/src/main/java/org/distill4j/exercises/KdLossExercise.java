package org.distill4j.exercises;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.distill4j.distillation.DistillationLoss;

/**
 * Exercise 2: the knowledge-distillation loss of Hinton et al. (2015),
 * \( L = \alpha\, T^2\, \frac{1}{N}\sum_n \mathrm{KL}(p^T_{t,n} \| p^T_{s,n}) + (1-\alpha)\, \frac{1}{N}\sum_n
 * -\log p_{s,n,y_n} \), on NDArrays. The reference is {@link DistillationLoss}.
 *
 * <pre>{@code
 * KdLossExercise.check((student, teacher, labels, T, alpha) -> kdLoss(student, teacher, labels, T, alpha));
 * }</pre>
 */
public final class KdLossExercise {

    private KdLossExercise() {}

    /** The learner's loss. */
    @FunctionalInterface
    public interface KdLoss {
        /**
         * @param studentLogits {@code [batch, classes]} \(z_s\)
         * @param teacherLogits {@code [batch, classes]} \(z_t\)
         * @param labels {@code [batch]} int32 class indices \(y\)
         * @param temperature \(T\)
         * @param alpha \(\alpha\), the weight of the soft term
         * @return a scalar NDArray (shape {@code []}), differentiable with respect to {@code studentLogits}
         */
        NDArray apply(NDArray studentLogits, NDArray teacherLogits, NDArray labels, float temperature, float alpha);
    }

    private static final int BATCH = 4;
    private static final int CLASSES = 3;
    private static final float[] STUDENT = {1f, 2f, 0.5f, 0f, 0f, 0f, -1f, 0.5f, 2f, 3f, -2f, 0f};
    private static final float[] TEACHER = {3f, 1f, 0.2f, 0.5f, -0.5f, 2f, -2f, 1f, 3f, 4f, 0f, -1f};
    private static final int[] LABELS = {0, 2, 2, 0};

    /**
     * Checks {@code loss} against {@link DistillationLoss}: the soft term alone (α = 1) at T = 1 and T = 4, the hard
     * term alone (α = 0), the mixture (α = 0.7), logits of ±100, and the gradient with respect to the student's logits.
     * Prints ✓ or the mistake found; never throws.
     */
    public static CheckResult check(KdLoss loss) {
        return Check.run("KD loss", () -> {
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray s = manager.create(STUDENT, new Shape(BATCH, CLASSES));
                NDArray t = manager.create(TEACHER, new Shape(BATCH, CLASSES));
                NDArray y = manager.create(LABELS);
                softTerm(loss, manager, s, t, y, 1f);
                softTerm(loss, manager, s, t, y, 4f);
                hardTerm(loss, manager, s, t, y, 4f);
                mixture(loss, manager, s, t, y, 4f, 0.7f);
                large(loss, manager, y);
                gradient(loss, manager, s, t, y, 4f, 0.7f);
            }
            return "matches DistillationLoss for T = 1 and 4, α = 0, 0.7 and 1, logits of ±100, and its gradient.";
        });
    }

    private static double reference(NDManager m, NDArray s, NDArray t, NDArray y, float temperature, float alpha) {
        return new DistillationLoss(temperature, alpha).evaluate(new NDList(y, t), new NDList(s)).getFloat();
    }

    private static String call(float temperature, float alpha) {
        return "your loss (T = " + Check.fmt(temperature) + ", α = " + Check.fmt(alpha) + ")";
    }

    /** The learner's loss as a number; checks it is a finite scalar. */
    private static double value(KdLoss loss, NDManager m, NDArray s, NDArray t, NDArray y, float temperature, float alpha) {
        String what = call(temperature, alpha);
        try (NDManager scratch = m.newSubManager()) {
            NDArray sc = s.duplicate();
            NDArray tc = t.duplicate();
            NDArray yc = y.duplicate();
            sc.attach(scratch);
            tc.attach(scratch);
            yc.attach(scratch);
            NDArray out = Check.call(what, () -> loss.apply(sc, tc, yc, temperature, alpha));
            Shape shape = out.getShape();
            Check.require(shape.size() == 1, what + " has shape " + shape + ": return one number for the whole batch."
                    + (shape.dimension() == 1 && shape.get(0) == BATCH
                    ? " One loss per example [batch] came back: take the mean over the batch (.mean())." : ""));
            double v = out.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray()[0];
            return v;
        }
    }

    private static void softTerm(KdLoss loss, NDManager m, NDArray s, NDArray t, NDArray y, float temperature) {
        double v = value(loss, m, s, t, y, temperature, 1f);
        double ref = reference(m, s, t, y, temperature, 1f);
        if (Check.close(v, ref, 1e-4)) {
            return;
        }
        String what = call(temperature, 1f) + " = " + Check.fmt(v) + ", expected " + Check.fmt(ref) + " (the soft term alone)";
        Check.require(Double.isFinite(v), what + ": not finite. Work with log-softmax (SoftTargets.logSoftmax), not "
                + "log(softmax(...)).");
        double t2 = temperature * temperature;
        double reversed = klMean(s, t, temperature) * t2; // KL(p_s || p_t)
        double kl = ref / t2;
        double teacherEntropy = entropyMean(t, temperature);
        if (temperature > 1) {
            Check.require(!Check.close(v, ref / t2, 1e-4), what + ": the soft term is 1/T² too small: did you forget "
                    + "the T² factor?");
            Check.require(!Check.close(v, ref / temperature, 1e-4), what + ": the soft term is T times too small: "
                    + "multiply the KL by T², not by T.");
            Check.require(!Check.close(v, reversed / t2, 1e-4), what + ": KL is reversed (and the T² factor is missing):"
                    + " the teacher's distribution goes first, KL(p_t || p_s) = Σ p_t (log p_t - log p_s).");
            Check.require(!Check.close(v, t2 * klSoftened(s, t, 1f, temperature), 1e-4)
                            && !Check.close(v, t2 * klSoftened(s, t, temperature, 1f), 1e-4),
                    what + ": only one of the two distributions is softened: divide both the teacher's and the student's "
                            + "logits by T.");
            Check.require(!Check.close(v, t2 * klSoftened(s, t, 1f, 1f), 1e-4), what + ": the temperature is not used "
                    + "inside the softmaxes: divide both the teacher's and the student's logits by T.");
        }
        Check.require(!Check.close(v, reversed, 1e-4), what + ": KL is reversed: the teacher's distribution goes first, "
                + "KL(p_t || p_s) = Σ p_t (log p_t - log p_s).");
        Check.require(!Check.close(v, ref * BATCH, 1e-4), what + ": " + BATCH + " times too large for a batch of "
                + BATCH + ": take the mean over the batch, not the sum.");
        Check.require(!Check.close(v, t2 * (kl + teacherEntropy), 1e-4), what + ": you computed the cross-entropy "
                + "-Σ p_t log p_s, which is the KL plus the teacher's entropy. Same gradient, but the exercise asks for the "
                + "KL, which is 0 when the student matches the teacher: add Σ p_t log p_t.");
        Check.require(!Check.close(v, -ref, 1e-4), what + ": the sign is flipped: KL(p_t || p_s) = Σ p_t (log p_t - log p_s)"
                + " is never negative.");
        Check.require(!Check.close(v, reference(m, s, t, y, temperature, 0f), 1e-4), what + ": with α = 1 your loss "
                + "is the hard term: α and 1 - α are swapped; α weighs the soft (teacher) term, 1 - α the hard (label) term.");
        throw Check.wrong(what + ". The soft term is α · T² · mean over the batch of KL(softmax(z_t / T) || softmax(z_s / T)).");
    }

    private static void hardTerm(KdLoss loss, NDManager m, NDArray s, NDArray t, NDArray y, float temperature) {
        double v = value(loss, m, s, t, y, temperature, 0f);
        double ref = reference(m, s, t, y, temperature, 0f);
        if (Check.close(v, ref, 1e-4)) {
            return;
        }
        String what = call(temperature, 0f) + " = " + Check.fmt(v) + ", expected " + Check.fmt(ref) + " (the hard term alone)";
        Check.require(Double.isFinite(v), what + ": not finite. Use log-softmax for the cross-entropy.");
        Check.require(!Check.close(v, hardAt(s, y, temperature), 1e-4), what + ": the hard term uses T: the "
                + "cross-entropy with the true labels is computed at T = 1, softmax(z_s).");
        Check.require(!Check.close(v, ref * BATCH, 1e-4), what + ": " + BATCH + " times too large for a batch of "
                + BATCH + ": take the mean over the batch, not the sum.");
        Check.require(!Check.close(v, reference(m, s, t, y, temperature, 1f), 1e-4), what + ": with α = 0 your loss is "
                + "the soft term: α and 1 - α are swapped; α weighs the soft (teacher) term, 1 - α the hard (label) term.");
        throw Check.wrong(what + ". The hard term is the mean over the batch of -log softmax(z_s)[y].");
    }

    private static void mixture(KdLoss loss, NDManager m, NDArray s, NDArray t, NDArray y, float temperature, float alpha) {
        double v = value(loss, m, s, t, y, temperature, alpha);
        double ref = reference(m, s, t, y, temperature, alpha);
        if (Check.close(v, ref, 1e-4)) {
            return;
        }
        double soft = reference(m, s, t, y, temperature, 1f);
        double hard = reference(m, s, t, y, temperature, 0f);
        String what = call(temperature, alpha) + " = " + Check.fmt(v) + ", expected " + Check.fmt(ref);
        Check.require(!Check.close(v, (1 - alpha) * soft + alpha * hard, 1e-4), what + ": α and 1 - α are swapped: α "
                + "weighs the soft (teacher) term, 1 - α the hard (label) term.");
        Check.require(!Check.close(v, soft + hard, 1e-4), what + ": the two terms are added without their weights: "
                + "α · soft + (1 - α) · hard.");
        throw Check.wrong(what + ": each term is right on its own, so look at how you combine them: α · soft + (1 - α) · hard.");
    }

    private static void large(KdLoss loss, NDManager m, NDArray y) {
        NDArray s = m.create(new float[] {100f, 0f, -100f, 0f, 100f, -100f, -100f, 0f, 100f, 100f, -100f, 0f},
                new Shape(BATCH, CLASSES));
        NDArray t = m.create(new float[] {100f, -100f, 0f, -100f, 100f, 0f, 0f, -100f, 100f, 100f, 0f, -100f},
                new Shape(BATCH, CLASSES));
        double v = value(loss, m, s, t, y, 1f, 0.5f);
        double ref = reference(m, s, t, y, 1f, 0.5f);
        Check.require(Double.isFinite(v), "your loss is " + v + " for logits of ±100 (expected " + Check.fmt(ref)
                + "): softmax(z) underflows to exactly 0 and log(0) = -∞. Use log-softmax (SoftTargets.logSoftmax), which "
                + "never takes the log of 0.");
        Check.require(Check.close(v, ref, 1e-3), "your loss is " + Check.fmt(v) + " for logits of ±100, expected "
                + Check.fmt(ref) + ": clipping or adding an epsilon inside the log changes the value; use log-softmax.");
    }

    private static void gradient(KdLoss loss, NDManager m, NDArray s, NDArray t, NDArray y, float temperature, float alpha) {
        float[] expected = gradientOf(m, s, (sc) -> new DistillationLoss(temperature, alpha)
                .evaluate(new NDList(y, t), new NDList(sc)));
        String what = call(temperature, alpha);
        float[] got;
        try {
            got = gradientOf(m, s, (sc) -> {
                NDArray tc = t.duplicate();
                NDArray yc = y.duplicate();
                return Check.call(what, () -> loss.apply(sc, tc, yc, temperature, alpha));
            });
        } catch (Check.Mistake e) {
            throw e;
        } catch (Throwable e) {
            throw Check.wrong(what + " cannot be differentiated with respect to the student's logits (" + Check.describe(e)
                    + "): keep every step in NDArray operations; toFloatArray() or creating new arrays cuts the graph.");
        }
        Check.require(Check.maxDiff(got, expected) < 1e-4, "the gradient of " + what + " with respect to the student's "
                + "logits is " + Check.show(got) + ", expected " + Check.show(expected) + ": the value is right but the "
                + "gradient is not. Did you detach (stopGradient) the student's logits instead of the teacher's?");
    }

    private static float[] gradientOf(NDManager m, NDArray s, java.util.function.Function<NDArray, NDArray> f) {
        try (NDManager scratch = m.newSubManager()) {
            NDArray sc = s.duplicate();
            sc.attach(scratch);
            sc.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(f.apply(sc));
            }
            return sc.getGradient().toFloatArray();
        }
    }

    /** Mean KL(p_s || p_t) at temperature T: the reversed direction. */
    private static double klMean(NDArray s, NDArray t, float temperature) {
        return DistillationLoss.klDivergence(s, t, temperature).mean().getFloat();
    }

    /** Mean KL(softmax(z_t / teacherT) || softmax(z_s / studentT)): one side softened, or neither. */
    private static double klSoftened(NDArray s, NDArray t, float teacherT, float studentT) {
        NDArray tp = t.div(teacherT);
        NDArray sp = s.div(studentT);
        return DistillationLoss.klDivergence(tp, sp, 1f).mean().getFloat();
    }

    private static double entropyMean(NDArray t, float temperature) {
        return org.distill4j.distillation.SoftTargets.entropy(org.distill4j.distillation.SoftTargets.softmax(t, temperature))
                .mean().getFloat();
    }

    private static double hardAt(NDArray s, NDArray y, float temperature) {
        return DistillationLoss.hardTerm(s.div(temperature), y).getFloat();
    }
}
