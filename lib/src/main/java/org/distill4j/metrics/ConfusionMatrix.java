package org.distill4j.metrics;

import ai.djl.ndarray.NDArray;

/**
 * Counts of (true class, predicted class) pairs: entry {@code [actual][predicted]}. The diagonal holds the correct
 * predictions; a large off-diagonal entry names two classes the model confuses (on Fashion-MNIST, typically shirts and
 * T-shirts) — the similarity structure a teacher's soft targets pass to a student.
 */
public final class ConfusionMatrix {

    private final int[][] counts;

    private ConfusionMatrix(int[][] counts) {
        this.counts = counts;
    }

    /**
     * @param logits {@code [batch, classes]} (only the arg max of each row matters)
     * @param labels {@code [batch]} integer class indices
     * @throws IllegalArgumentException if the shapes disagree or a label is out of range
     */
    public static ConfusionMatrix of(NDArray logits, NDArray labels) {
        float[][] z = HostCopy.rows(logits, "logits");
        int classes = (int) logits.getShape().get(1);
        int[] y = HostCopy.labels(labels, z.length, classes);
        int[] predicted = new int[z.length];
        for (int n = 0; n < z.length; n++) {
            predicted[n] = HostCopy.argMax(z[n]);
        }
        return of(y, predicted, classes);
    }

    /**
     * @param actual true class of each example
     * @param predicted predicted class of each example
     * @param classes number of classes
     * @throws IllegalArgumentException if the arrays differ in length or hold a class outside [0, classes)
     */
    public static ConfusionMatrix of(int[] actual, int[] predicted, int classes) {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("confusion matrix: " + actual.length + " labels but " + predicted.length
                    + " predictions");
        }
        int[][] counts = new int[classes][classes];
        for (int n = 0; n < actual.length; n++) {
            if (actual[n] < 0 || actual[n] >= classes || predicted[n] < 0 || predicted[n] >= classes) {
                throw new IllegalArgumentException("confusion matrix: class " + actual[n] + " or " + predicted[n]
                        + " at row " + n + " is outside 0.." + (classes - 1));
            }
            counts[actual[n]][predicted[n]]++;
        }
        return new ConfusionMatrix(counts);
    }

    public int classes() {
        return counts.length;
    }

    /** A copy of the counts, {@code [actual][predicted]}. */
    public int[][] counts() {
        int[][] copy = new int[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    public int total() {
        int t = 0;
        for (int[] row : counts) {
            for (int c : row) {
                t += c;
            }
        }
        return t;
    }

    /** The trace over the total: the same number as {@link Accuracy#of}. */
    public double accuracy() {
        int correct = 0;
        for (int i = 0; i < counts.length; i++) {
            correct += counts[i][i];
        }
        return correct / (double) total();
    }

    /** Of the examples of class {@code c}, the fraction predicted as {@code c} (NaN if there are none). */
    public double recall(int c) {
        int row = 0;
        for (int v : counts[c]) {
            row += v;
        }
        return counts[c][c] / (double) row;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int[] row : counts) {
            for (int c : row) {
                sb.append(String.format("%6d", c));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
