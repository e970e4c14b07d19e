package org.distill4j.metrics;

import ai.djl.ndarray.NDArray;
import org.distill4j.distillation.SoftTargets;

/**
 * How closely a student imitates its teacher (its <em>fidelity</em>; Stanton et al., 2021, "Does knowledge
 * distillation really work?"), measured on the same inputs:
 *
 * <ul>
 *   <li>{@link #top1}: the fraction of examples where both predict the same class, right or wrong;
 *   <li>{@link #meanKl}: \( \frac{1}{N} \sum_n \mathrm{KL}(p_{t,n} \| p_{s,n}) \) in nats, 0 only when the student's
 *       probabilities equal the teacher's.
 * </ul>
 */
public final class Agreement {

    private Agreement() {}

    /**
     * @param studentLogits {@code [batch, classes]}
     * @param teacherLogits {@code [batch, classes]}
     * @return the fraction of rows with the same arg max, in [0, 1]
     * @throws IllegalArgumentException if the shapes differ
     */
    public static double top1(NDArray studentLogits, NDArray teacherLogits) {
        float[][] s = HostCopy.rows(studentLogits, "student logits");
        float[][] t = HostCopy.rows(teacherLogits, "teacher logits");
        HostCopy.checkSameShape(s, t, "agreement");
        int same = 0;
        for (int n = 0; n < s.length; n++) {
            if (HostCopy.argMax(s[n]) == HostCopy.argMax(t[n])) {
                same++;
            }
        }
        return same / (double) s.length;
    }

    /** {@link #meanKl(NDArray, NDArray, double)} at \(T = 1\). */
    public static double meanKl(NDArray studentLogits, NDArray teacherLogits) {
        return meanKl(studentLogits, teacherLogits, 1);
    }

    /**
     * Mean \( \mathrm{KL}\big(\mathrm{softmax}(z_t/T) \,\|\, \mathrm{softmax}(z_s/T)\big) \) over the rows, in nats.
     *
     * @param studentLogits {@code [batch, classes]}
     * @param teacherLogits {@code [batch, classes]}
     * @param temperature \(T > 0\)
     * @throws IllegalArgumentException if the shapes differ or \(T\) is not a positive, finite number (checked as a
     *     float, by {@link SoftTargets#checkTemperature})
     */
    public static double meanKl(NDArray studentLogits, NDArray teacherLogits, double temperature) {
        SoftTargets.checkTemperature((float) temperature);
        float[][] s = HostCopy.rows(studentLogits, "student logits");
        float[][] t = HostCopy.rows(teacherLogits, "teacher logits");
        HostCopy.checkSameShape(s, t, "KL to teacher");
        double total = 0;
        for (int n = 0; n < s.length; n++) {
            total += SoftmaxRows.kl(t[n], s[n], temperature);
        }
        return total / s.length;
    }
}
