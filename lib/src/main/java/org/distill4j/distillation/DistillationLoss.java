package org.distill4j.distillation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
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
 * <p><b>Precision.</b> For large \(T\) the KL divergence is of order \(1/T^2\) while the log-probabilities it is made
 * of are of order 1, so in float32 most of its digits cancel (at \(T = 1000\) the result would be several percent
 * off). The soft term is therefore computed in float64 and returned in the logits' type: it stays within \(10^{-6}\)
 * (relative) of an exact reference up to \(T = 1000\) and within \(10^{-4}\) up to {@link #MAX_TEMPERATURE}; a larger
 * \(T\) is an {@link IllegalArgumentException}, never a silently wrong number.
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
 * left out. Hard labels are integer class indices, or float class indices holding whole numbers (as DJL's own datasets
 * produce); a label such as 2.5 is rejected. An empty batch (0 rows), mismatched batch sizes or class counts throw an
 * {@link IllegalArgumentException} that names the shapes.
 */
public final class DistillationLoss extends Loss {

    /**
     * The largest temperature the loss accepts, \(10^4\): up to here the float64 soft term is accurate to better than
     * \(10^{-4}\) (relative); beyond it, cancellation in float64 too makes the value meaningless. Hinton et al. used 1 to
     * 20, and at \(T = 10^4\) both distributions are uniform to within \(10^{-3}\) for logits of size 10.
     */
    public static final float MAX_TEMPERATURE = 10_000f;

    private final float temperature;
    private final float alpha;

    /**
     * @param temperature \(T > 0\): softens both distributions in the soft term (Hinton et al. used 1 to 20)
     * @param alpha \(\alpha \in [0, 1]\): the weight of the soft term
     * @throws IllegalArgumentException if \(T \le 0\), \(T\) is not finite or above {@link #MAX_TEMPERATURE}, or α is
     *     outside [0, 1]
     */
    public DistillationLoss(float temperature, float alpha) {
        super("DistillationLoss");
        checkTemperature(temperature);
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
        NDArray weightedSoft = soft.mul(Scalar.of(soft, alpha));
        NDArray cross = hardTerm(student, hard);
        return weightedSoft.add(cross.mul(Scalar.of(cross, 1 - alpha)));
    }

    /**
     * The soft term: \( T^2 \cdot \frac{1}{N} \sum_n \mathrm{KL}\big(\mathrm{softmax}(z_{t,n}/T) \,\|\,
     * \mathrm{softmax}(z_{s,n}/T)\big) \). No gradient flows into the teacher's logits.
     *
     * <p>Its gradient with respect to a student logit of example \(n\) is \( (p^T_{s,n,i} - p^T_{t,n,i}) \cdot T / N \).
     *
     * <p>Computed in float64 (see the class comment on precision) and returned in the student logits' type; the
     * gradient flows back through the conversion.
     *
     * @param studentLogits {@code [batch, classes]}
     * @param teacherLogits {@code [batch, classes]}
     * @param temperature \(0 < T \le\) {@link #MAX_TEMPERATURE}
     * @return a scalar
     * @throws IllegalArgumentException on mismatched shapes, an empty batch or a bad temperature
     */
    public static NDArray softTerm(NDArray studentLogits, NDArray teacherLogits, float temperature) {
        checkLogits(studentLogits, teacherLogits);
        checkTemperature(temperature);
        NDArray student = toFloat64(studentLogits);
        NDArray teacher = teacherLogits.toType(DataType.FLOAT64, false); // no gradient into the teacher: toType cuts it
        NDArray meanKl = klDivergence(teacher, student, temperature).mean();
        NDArray soft = meanKl.mul(Scalar.of(meanKl, temperature * temperature)); // see Scalar
        return scalarOfType(soft, studentLogits.getDataType());
    }

    /**
     * {@code x} in float64, <em>keeping</em> its gradient. DJL's {@code toType} cuts the autograd graph (DJL 0.35.1,
     * PyTorch: the result has no gradient), so the conversion is left to PyTorch's type promotion instead: a float32
     * array times a float64 one of shape [1, 1] (all ones, allocated natively) is float64, and differentiable.
     */
    private static NDArray toFloat64(NDArray x) {
        if (x.getDataType() == DataType.FLOAT64) {
            return x;
        }
        return x.mul(x.getManager().ones(new Shape(1, 1), DataType.FLOAT64));
    }

    /**
     * A float64 scalar converted back to {@code type}, keeping its gradient: added to a zero of shape [1] and that
     * type, a 0-dimensional operand does not promote, so the sum has {@code type}; {@code sum()} makes it a scalar again.
     */
    private static NDArray scalarOfType(NDArray scalar, DataType type) {
        if (type == scalar.getDataType()) {
            return scalar;
        }
        return scalar.getManager().zeros(new Shape(1), type).add(scalar).sum();
    }

    /**
     * The hard term: the cross-entropy with the true labels at \(T = 1\),
     * \( \frac{1}{N} \sum_n -\log \mathrm{softmax}(z_{s,n})_{y_n} \).
     *
     * @param studentLogits {@code [batch, classes]}
     * @param labels {@code [batch]} class indices in {@code [0, classes)}: integers, or floats holding whole numbers
     * @return a scalar
     * @throws IllegalArgumentException on mismatched shapes, an empty batch, or float labels that are not whole numbers
     */
    public static NDArray hardTerm(NDArray studentLogits, NDArray labels) {
        checkLabels(studentLogits, labels);
        return negativeLogLikelihood(SoftTargets.logSoftmax(studentLogits, 1f), labels);
    }

    /**
     * \( -\frac{1}{N} \sum_n \log p_{n, y_n} \): each row's log-probability at its label (a gather, no one-hot
     * product), averaged and negated. The one cross-entropy of the library: {@link #hardTerm} and the supervised
     * objective both end here, each after its own log-softmax.
     *
     * @param logProbabilities {@code [N, classes]}
     * @param labels {@code [N]} class indices, integers or floats holding whole numbers (not checked here)
     */
    static NDArray negativeLogLikelihood(NDArray logProbabilities, NDArray labels) {
        NDArray column = labels.toType(DataType.INT64, false).expandDims(1);
        return logProbabilities.gather(column, 1).mean().neg();
    }

    /**
     * Per-example \( \mathrm{KL}(p \| q) = \sum_i p_i (\log p_i - \log q_i) \) with \(p = \mathrm{softmax}(z_p / T)\)
     * (the target, e.g. the teacher) and \(q = \mathrm{softmax}(z_q / T)\) (e.g. the student); in nats, ≥ 0.
     *
     * @param targetLogits {@code [batch, classes]}: \(z_p\); detached, so no gradient flows into it
     * @param logits {@code [batch, classes]}: \(z_q\)
     * @return {@code [batch]}, in the logits' type (float32 loses most digits for \(T \gtrsim 100\): {@link #softTerm}
     *     works in float64)
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

    /**
     * Throws a learner-readable error unless \(0 < T \le\) {@link #MAX_TEMPERATURE}.
     */
    static void checkTemperature(float temperature) {
        SoftTargets.checkTemperature(temperature);
        if (temperature > MAX_TEMPERATURE) {
            throw new IllegalArgumentException("temperature " + temperature + " is above the largest the distillation loss "
                    + "supports, T = " + (int) MAX_TEMPERATURE + ": the KL divergence shrinks like 1/T² and would be lost to "
                    + "rounding. Use a smaller T (Hinton et al. used 1 to 20; T = 100 is already nearly uniform).");
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
        checkNotEmpty(s);
    }

    /** A mean over 0 rows is 0/0 = NaN: refuse it with a message rather than return NaN. */
    private static void checkNotEmpty(Shape student) {
        if (student.get(0) == 0 || student.get(1) == 0) {
            throw new IllegalArgumentException("empty batch: the logits have shape " + student + ", and a loss averaged "
                    + "over 0 rows (or 0 classes) is undefined. Check the batch size and that the dataset is not empty.");
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
        checkNotEmpty(s);
        if (!labels.getDataType().isInteger() && !holdsWholeNumbers(labels)) {
            throw new IllegalArgumentException("hard labels must be integer class indices, got " + labels.getDataType()
                    + " values that are not whole numbers (soft labels go in the teacher-logits slot)");
        }
    }

    /**
     * True when a float array holds only whole numbers (class indices stored as floats, as in DJL's datasets). One
     * device-side comparison and one scalar back to the host.
     */
    private static boolean holdsWholeNumbers(NDArray labels) {
        if (!labels.getDataType().isFloating()) {
            return false;
        }
        try (NDArray floor = labels.floor(); NDArray same = floor.eq(labels); NDArray all = same.all()) {
            return all.getBoolean();
        }
    }
}
