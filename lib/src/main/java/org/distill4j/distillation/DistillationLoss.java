package org.distill4j.distillation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;

/**
 * The knowledge-distillation loss of Hinton, Vinyals and Dean (2015, §2), as a DJL {@link Loss}:
 *
 * <p>\( L = \alpha \, T^2 \, \mathrm{KL}\big(\mathrm{softmax}(z_t / T) \,\|\, \mathrm{softmax}(z_s / T)\big)
 * + (1 - \alpha) \, \mathrm{CE}\big(y, \mathrm{softmax}(z_s)\big) \)
 *
 * <p>where \(z_s\) are the student's logits, \(z_t\) the teacher's, \(y\) the hard labels, \(T\) the temperature and
 * \(\alpha\) the weight of the soft term. Both terms are averaged over the batch. The KL divergence
 * \( \mathrm{KL}(p_t \| p_s) = \sum_i p_{t,i} (\log p_{t,i} - \log p_{s,i}) \) is computed from log-softmax, so no
 * logarithm of 0 is ever taken.
 *
 * <p><b>Why \(T^2\)?</b> The gradient of the KL term with respect to a student logit is
 * \( (p_{s,i}^T - p_{t,i}^T) / T \): it shrinks like \(1/T\) (and, for large \(T\), like \(1/T^2\)). Multiplying by
 * \(T^2\) keeps the soft term's gradients on the same scale as the hard term's as \(T\) changes, so \(\alpha\) means
 * the same thing at every temperature (Hinton et al., 2015, end of §2).
 *
 * <p><b>Which way does α point?</b> Here α weighs the <em>soft</em> (teacher) term: α = 0 is ordinary supervised
 * training, α = 1 is pure distillation. Some tutorials weight the other way: the Keras distillation example multiplies
 * the <em>student</em> (hard) loss by its {@code alpha}. Read a paper's α before copying it.
 *
 * <p><b>Inputs to {@link #evaluate}</b>: labels are {@code NDList(hardLabels [batch], teacherLogits [batch,
 * classes])}, predictions are {@code NDList(studentLogits [batch, classes])}. When α = 0 the teacher's logits may be
 * left out. Mismatched batch sizes or class counts throw an {@link IllegalArgumentException} that names both shapes.
 */
public final class DistillationLoss extends Loss {

    private final float temperature;
    private final float alpha;

    /**
     * @param temperature \(T > 0\): softens both distributions in the soft term (Hinton et al. used 1 to 20)
     * @param alpha \(\alpha \in [0, 1]\): the weight of the soft term
     * @throws IllegalArgumentException if \(T \le 0\), \(T\) is not finite, or α is outside [0, 1]
     */
    public DistillationLoss(float temperature, float alpha) {
        this("DistillationLoss", temperature, alpha);
    }

    /** As {@link #DistillationLoss(float, float)}, with a name for DJL's training listeners. */
    public DistillationLoss(String name, float temperature, float alpha) {
        super(name);
        SoftTargets.checkTemperature(temperature);
        checkAlpha(alpha);
        this.temperature = temperature;
        this.alpha = alpha;
    }

    public float temperature() {
        return temperature;
    }

    public float alpha() {
        return alpha;
    }

    /**
     * \( L = \alpha \cdot \mathrm{softTerm} + (1 - \alpha) \cdot \mathrm{hardTerm} \).
     *
     * @param labels {@code (hardLabels [batch], teacherLogits [batch, classes])}; the teacher may be left out when α = 0
     * @param predictions {@code (studentLogits [batch, classes])}
     * @return the scalar loss, averaged over the batch
     * @throws IllegalArgumentException if the lists have the wrong length or the shapes disagree
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        if (predictions.size() != 1) {
            throw new IllegalArgumentException("DistillationLoss: predictions must be NDList(studentLogits [batch, classes]),"
                    + " got " + predictions.size() + " arrays");
        }
        NDArray student = predictions.head();
        if (labels.size() == 1 && alpha == 0) {
            return hardTerm(student, labels.head());
        }
        if (labels.size() != 2) {
            throw new IllegalArgumentException("DistillationLoss: labels must be NDList(hardLabels [batch], teacherLogits "
                    + "[batch, classes]), got " + labels.size() + " arrays"
                    + (labels.size() == 1 ? " (no teacher logits, but α = " + alpha + " weighs the soft term)" : ""));
        }
        NDArray hard = labels.get(0);
        NDArray teacher = labels.get(1);
        checkLogits(student, teacher);
        checkLabels(student, hard);
        if (alpha == 0) {
            return hardTerm(student, hard);
        }
        if (alpha == 1) {
            return softTerm(student, teacher, temperature);
        }
        NDArray soft = softTerm(student, teacher, temperature);
        NDArray weightedSoft = soft.mul(SoftTargets.constant(soft, alpha));
        NDArray cross = hardTerm(student, hard);
        return weightedSoft.add(cross.mul(SoftTargets.constant(cross, 1 - alpha)));
    }

    /**
     * The soft term: \( T^2 \cdot \frac{1}{N} \sum_n \mathrm{KL}\big(\mathrm{softmax}(z_{t,n}/T) \,\|\,
     * \mathrm{softmax}(z_{s,n}/T)\big) \). No gradient flows into the teacher's logits.
     *
     * <p>Its gradient with respect to a student logit of example \(n\) is \( (p^T_{s,n,i} - p^T_{t,n,i}) \cdot T / N \).
     *
     * @param studentLogits {@code [batch, classes]}
     * @param teacherLogits {@code [batch, classes]}
     * @param temperature \(T > 0\)
     * @return a scalar
     * @throws IllegalArgumentException on mismatched shapes or a bad temperature
     */
    public static NDArray softTerm(NDArray studentLogits, NDArray teacherLogits, float temperature) {
        checkLogits(studentLogits, teacherLogits);
        NDArray meanKl = klDivergence(teacherLogits, studentLogits, temperature).mean();
        return meanKl.mul(SoftTargets.constant(meanKl, temperature * temperature)); // see SoftTargets.constant
    }

    /**
     * The hard term: the cross-entropy with the true labels at \(T = 1\),
     * \( \frac{1}{N} \sum_n -\log \mathrm{softmax}(z_{s,n})_{y_n} \).
     *
     * @param studentLogits {@code [batch, classes]}
     * @param labels {@code [batch]} integer class indices in {@code [0, classes)}
     * @return a scalar
     * @throws IllegalArgumentException on mismatched shapes
     */
    public static NDArray hardTerm(NDArray studentLogits, NDArray labels) {
        checkLabels(studentLogits, labels);
        NDArray logp = SoftTargets.logSoftmax(studentLogits, 1f);
        NDArray oneHot = labels.oneHot((int) studentLogits.getShape().get(1)).toType(logp.getDataType(), false);
        return logp.mul(oneHot).sum(new int[] {-1}).mean().neg();
    }

    /**
     * Per-example \( \mathrm{KL}(p \| q) = \sum_i p_i (\log p_i - \log q_i) \) with \(p = \mathrm{softmax}(z_p / T)\)
     * (the target, e.g. the teacher) and \(q = \mathrm{softmax}(z_q / T)\) (e.g. the student); in nats, ≥ 0.
     *
     * @param targetLogits {@code [batch, classes]}: \(z_p\); detached, so no gradient flows into it
     * @param logits {@code [batch, classes]}: \(z_q\)
     * @return {@code [batch]}
     */
    public static NDArray klDivergence(NDArray targetLogits, NDArray logits, float temperature) {
        checkLogits(logits, targetLogits);
        NDArray logP = SoftTargets.logSoftmax(targetLogits.stopGradient(), temperature);
        NDArray logQ = SoftTargets.logSoftmax(logits, temperature);
        return logP.exp().mul(logP.sub(logQ)).sum(new int[] {-1});
    }

    static void checkAlpha(float alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha
                    + ": it weighs the soft (teacher) term, 1 - alpha the hard (label) term.");
        }
    }

    private static void checkLogits(NDArray student, NDArray teacher) {
        Shape s = student.getShape();
        Shape t = teacher.getShape();
        if (s.dimension() != 2) {
            throw new IllegalArgumentException("student logits must be [batch, classes], got shape " + s);
        }
        if (t.dimension() != 2) {
            throw new IllegalArgumentException("teacher logits must be [batch, classes], got shape " + t);
        }
        if (s.get(1) != t.get(1)) {
            throw new IllegalArgumentException("class counts differ: the teacher's logits have " + t.get(1)
                    + " classes but the student's have " + s.get(1) + " (shapes " + t + " and " + s + ")");
        }
        if (s.get(0) != t.get(0)) {
            throw new IllegalArgumentException("batch sizes differ: " + t.get(0) + " teacher rows but " + s.get(0)
                    + " student rows (shapes " + t + " and " + s + "); compute both on the same batch");
        }
    }

    private static void checkLabels(NDArray student, NDArray labels) {
        Shape s = student.getShape();
        if (s.dimension() != 2) {
            throw new IllegalArgumentException("student logits must be [batch, classes], got shape " + s);
        }
        if (labels.getShape().dimension() != 1 || labels.getShape().get(0) != s.get(0)) {
            throw new IllegalArgumentException("hard labels must be [batch] = [" + s.get(0) + "] class indices, got shape "
                    + labels.getShape() + " for student logits " + s);
        }
        if (!labels.getDataType().isInteger()) {
            throw new IllegalArgumentException("hard labels must be integer class indices, got " + labels.getDataType()
                    + " (soft labels go in the teacher-logits slot)");
        }
    }
}
