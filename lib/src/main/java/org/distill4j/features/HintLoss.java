package org.distill4j.features;

import org.distill4j.distillation.Scalar;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import org.distill4j.distillation.DistillationLoss;

/**
 * The knowledge-distillation loss plus a FitNets <em>hint</em> term (Romero et al., 2015, "FitNets: Hints for Thin
 * Deep Nets", §2.2, <a href="https://arxiv.org/abs/1412.6550">arXiv:1412.6550</a>):
 *
 * <p>\( L = L_{KD}(y, z_t, z_s) + \beta \cdot \frac{1}{N D} \sum_{n=1}^{N} \big\| u_t(x_n) - r\big(v_s(x_n)\big)
 * \big\|^2 \)
 *
 * <p>where \(L_{KD}\) is the {@link DistillationLoss} (temperature \(T\), weight \(\alpha\)), \(u_t(x)\) the
 * teacher's <em>hint</em> layer (\(D\) units), \(v_s(x)\) the student's <em>guided</em> layer and \(r\) a learned
 * linear <em>regressor</em> that maps the student's (narrower) layer to the teacher's width. The hint term is a mean
 * squared error, averaged over examples and units, so \(\beta\) does not depend on the width \(D\). FitNets halves
 * the squared norm and trains the hint in a first stage of its own; here it is added to the KD loss and trained in one
 * stage. With \(\beta = 0\) this is exactly the {@code DistillationLoss}.
 *
 * <p><b>Inputs to {@link #evaluate}</b>: labels are {@code NDList(hardLabels [N], teacherLogits [N, classes],
 * teacherHint [N, D])}, predictions are {@code NDList(studentLogits [N, classes], regressedGuided [N, D])}. No
 * gradient flows into the teacher's logits or hint.
 */
public final class HintLoss extends Loss {

    private final DistillationLoss distillation;
    private final float hintWeight;

    /**
     * @param temperature \(T > 0\) of the soft term
     * @param alpha \(\alpha \in [0, 1]\), the weight of the soft term within \(L_{KD}\)
     * @param hintWeight \(\beta \ge 0\), the weight of the hint term
     * @throws IllegalArgumentException on a bad temperature, α or β
     */
    public HintLoss(float temperature, float alpha, float hintWeight) {
        super("HintLoss");
        checkHintWeight(hintWeight);
        this.distillation = new DistillationLoss(temperature, alpha);
        this.hintWeight = hintWeight;
    }

    /**
     * \( L_{KD} + \beta \cdot \mathrm{hintTerm} \), a scalar.
     *
     * @throws IllegalArgumentException if the lists have the wrong length or the shapes disagree
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        if (labels.size() != 3 || predictions.size() != 2) {
            throw new IllegalArgumentException("HintLoss: labels must be (hardLabels, teacherLogits, teacherHint) and "
                    + "predictions (studentLogits, regressedGuided); got " + labels.size() + " and " + predictions.size()
                    + " arrays");
        }
        NDArray kd = distillation.evaluate(new NDList(labels.get(0), labels.get(1)), new NDList(predictions.get(0)));
        if (hintWeight == 0) {
            return kd;
        }
        NDArray hint = hintTerm(predictions.get(1), labels.get(2));
        return kd.add(hint.mul(Scalar.of(hint, hintWeight)));
    }

    /**
     * The hint term: \( \frac{1}{N D} \sum_{n, d} \big(r_{n,d} - u_{n,d}\big)^2 \), the mean squared difference.
     *
     * @param regressed the regressor's output \(r(v_s(x))\), {@code [N, D]}
     * @param teacherHint the teacher's hint layer \(u_t(x)\), {@code [N, D]}; detached (no gradient flows into it)
     * @return a scalar
     * @throws IllegalArgumentException if the shapes differ
     */
    public static NDArray hintTerm(NDArray regressed, NDArray teacherHint) {
        if (!regressed.getShape().equals(teacherHint.getShape())) {
            throw new IllegalArgumentException("the regressed student layer has shape " + regressed.getShape()
                    + " but the teacher's hint layer has shape " + teacherHint.getShape()
                    + ": the regressor must map the student's layer to the teacher's width");
        }
        NDArray diff = regressed.sub(teacherHint.stopGradient());
        return diff.mul(diff).mean();
    }

    static void checkHintWeight(float hintWeight) {
        if (!(hintWeight >= 0) || Float.isInfinite(hintWeight)) {
            throw new IllegalArgumentException("hintWeight must be a finite number ≥ 0, got " + hintWeight
                    + " (0 turns the hint off: plain knowledge distillation)");
        }
    }
}
