package org.distill4j.distillation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;

/**
 * A control for distillation that needs no teacher: label smoothing (Szegedy et al., 2016, "Rethinking the Inception
 * Architecture", §7). The target for an image of class \(y\) over \(C\) classes is
 *
 * <p>\( q_i = (1 - \varepsilon)\,[i = y] + \varepsilon / C \),
 *
 * <p>and the loss is the cross-entropy \( L = -\frac{1}{N} \sum_n \sum_i q_{n,i} \log \mathrm{softmax}(z_{s,n})_i \).
 * Its targets are soft like a teacher's, but every wrong class gets the same share: no "dark knowledge" about which
 * wrong classes look alike. Match its {@link #targetEntropy entropy} to the teacher's soft targets (with {@link
 * #epsilonForEntropy}) and a gain of distillation over it is due to the teacher's <em>relative</em> wrong-class
 * probabilities, not to softness as such.
 */
public final class LabelSmoothing implements Objective {

    private final float epsilon;

    /**
     * @param epsilon \(\varepsilon \in [0, 1]\): the probability mass spread evenly over all classes (0: plain labels)
     * @throws IllegalArgumentException outside [0, 1]
     */
    public LabelSmoothing(float epsilon) {
        if (!(epsilon >= 0 && epsilon <= 1)) {
            throw new IllegalArgumentException("label smoothing ε must be in [0, 1], got " + epsilon
                    + " (0 keeps the labels one-hot; 0.1 is common)");
        }
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return "label smoothing(ε=" + epsilon + ")";
    }

    @Override
    public boolean needsTeacherLogits(Recipe recipe) {
        return false;
    }

    /** The smoothed targets \(q\) for some labels: {@code [N, classes]}, each row summing to 1. */
    public NDArray targets(NDArray labels, int classes) {
        NDArray oneHot = labels.oneHot(classes).toType(DataType.FLOAT32, false);
        return oneHot.mul(1 - epsilon).add(epsilon / classes);
    }

    @Override
    public NDArray loss(Batch batch, NDList outputs, Recipe recipe) {
        NDArray z = outputs.head();
        if (epsilon == 0) {
            return DistillationLoss.hardTerm(z, batch.labels());
        }
        int classes = (int) z.getShape().get(1);
        NDArray logp = SoftTargets.logSoftmax(z, 1f);
        NDArray oneHot = batch.labels().oneHot(classes).toType(logp.getDataType(), false);
        NDArray picked = logp.mul(oneHot).sum(new int[] {-1}); // log p_y per image
        NDArray uniform = logp.mean(new int[] {-1});            // (1/C) Σ_i log p_i per image
        NDArray perImage = picked.mul(Scalar.of(picked, 1 - epsilon))
                .add(uniform.mul(Scalar.of(uniform, epsilon)));
        return perImage.mean().neg();
    }

    /** The entropy of the smoothed target in nats: the same for every image. */
    public static double targetEntropy(double epsilon, int classes) {
        double top = 1 - epsilon + epsilon / classes;
        double other = epsilon / classes;
        return -xlogx(top) - (classes - 1) * xlogx(other);
    }

    /**
     * The ε whose smoothed targets have this entropy (the entropy grows with ε from 0 to \(\log C\)), found by
     * bisection to 1e-7.
     *
     * @param entropy in nats, in [0, log C]: e.g. the mean entropy of a teacher's soft targets at the chosen T
     * @throws IllegalArgumentException outside [0, log C]
     */
    public static float epsilonForEntropy(double entropy, int classes) {
        if (!(entropy >= 0 && entropy <= Math.log(classes) + 1e-9)) {
            throw new IllegalArgumentException("entropy must be in [0, log " + classes + " = " + Math.log(classes)
                    + "] nats, got " + entropy);
        }
        double lo = 0;
        double hi = 1;
        while (hi - lo > 1e-7) {
            double mid = (lo + hi) / 2;
            if (targetEntropy(mid, classes) < entropy) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (float) ((lo + hi) / 2);
    }

    private static double xlogx(double x) {
        return x <= 0 ? 0 : x * Math.log(x);
    }

    @Override
    public String toString() {
        return name();
    }
}
