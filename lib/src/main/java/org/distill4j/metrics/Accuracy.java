package org.distill4j.metrics;

import ai.djl.ndarray.NDArray;

/**
 * Top-1 accuracy: the fraction of examples whose highest-scoring class is the true label,
 * \( \frac{1}{N} \sum_n [\arg\max_i z_{n,i} = y_n] \).
 */
public final class Accuracy {

    private Accuracy() {}

    /**
     * @param logits {@code [batch, classes]} logits or probabilities (only the arg max matters)
     * @param labels {@code [batch]} integer class indices
     * @return a fraction in [0, 1]
     * @throws IllegalArgumentException if the shapes disagree or a label is out of range
     */
    public static double of(NDArray logits, NDArray labels) {
        float[][] z = HostCopy.rows(logits, "logits");
        int[] y = HostCopy.labels(labels, z.length, z.length == 0 ? 0 : z[0].length);
        if (z.length == 0) {
            return Double.NaN;
        }
        int correct = 0;
        for (int n = 0; n < z.length; n++) {
            if (HostCopy.argMax(z[n]) == y[n]) {
                correct++;
            }
        }
        return correct / (double) z.length;
    }

    /** The predicted class of each row, \( \arg\max_i z_{n,i} \) (ties go to the lowest index). */
    public static int[] predictions(NDArray logits) {
        float[][] z = HostCopy.rows(logits, "logits");
        int[] out = new int[z.length];
        for (int n = 0; n < z.length; n++) {
            out[n] = HostCopy.argMax(z[n]);
        }
        return out;
    }
}
