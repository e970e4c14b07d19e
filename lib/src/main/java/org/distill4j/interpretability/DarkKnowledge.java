package org.distill4j.interpretability;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.distill4j.distillation.SoftTargets;

/**
 * The teacher's "dark knowledge" made visible: which wrong classes it thinks an image resembles (Hinton, Vinyals and
 * Dean, 2015, "Distilling the Knowledge in a Neural Network", §1–2).
 *
 * <p>Average the teacher's soft labels \(q(x) = \operatorname{softmax}(z(x)/T)\) over the images of each true class:
 * \[ S_{c,k} = \frac{1}{|\{i : y_i = c\}|} \sum_{i : y_i = c} q_k(x_i). \]
 * Row \(c\) is a probability distribution (it sums to 1). Its diagonal says how sure the teacher is about class
 * \(c\); the off-diagonal mass says which classes the teacher confuses it with: on Fashion-MNIST a shirt's soft
 * label gives more weight to "T-shirt/top" than to "Bag". These similarities are what the student learns from the
 * soft targets and never sees in hard labels. Raising \(T\) moves mass off the diagonal, making them easier to read.
 * \(S\) is not symmetric: a pullover may look like a coat more often than a coat looks like a pullover.
 */
public final class DarkKnowledge {

    private DarkKnowledge() {}

    /**
     * The class-similarity matrix \(S\) at temperature \(T\).
     *
     * @param teacherLogits {@code [N, C]} the teacher's logits (not probabilities)
     * @param labels {@code [N]} true classes in {@code [0, C)}
     * @param temperature \(T > 0\); Hinton et al. used 1 to 20
     * @return {@code [C][C]} with row {@code c} = mean soft label of the images of class {@code c}
     * @throws IllegalArgumentException if the logits are not 2-D, the label count differs from N, a label is out of
     *     range, a class has no image (its row would be undefined), or \(T\) is not positive
     */
    public static float[][] classSimilarity(NDArray teacherLogits, int[] labels, float temperature) {
        SoftTargets.checkTemperature(temperature);
        if (teacherLogits.getShape().dimension() != 2) {
            throw new IllegalArgumentException("teacher logits must be [N, classes], got shape " + teacherLogits.getShape()
                    + ".");
        }
        int n = (int) teacherLogits.getShape().get(0);
        int classes = (int) teacherLogits.getShape().get(1);
        if (labels.length != n) {
            throw new IllegalArgumentException(n + " rows of logits but " + labels.length + " labels.");
        }
        float[] q;
        try (NDManager sub = teacherLogits.getManager().newSubManager()) {
            NDArray logits = teacherLogits.duplicate();
            logits.attach(sub);
            q = SoftTargets.softmax(logits, temperature).toFloatArray();
        }
        double[][] sum = new double[classes][classes];
        int[] count = new int[classes];
        for (int i = 0; i < n; i++) {
            int c = labels[i];
            if (c < 0 || c >= classes) {
                throw new IllegalArgumentException("label " + c + " of image " + i + " is outside 0.." + (classes - 1) + ".");
            }
            count[c]++;
            for (int k = 0; k < classes; k++) {
                sum[c][k] += q[i * classes + k];
            }
        }
        float[][] similarity = new float[classes][classes];
        for (int c = 0; c < classes; c++) {
            if (count[c] == 0) {
                throw new IllegalArgumentException("class " + c + " has no image among the " + n + " given, so its mean soft"
                        + " label is undefined; use a sample that contains every class.");
            }
            for (int k = 0; k < classes; k++) {
                similarity[c][k] = (float) (sum[c][k] / count[c]);
            }
        }
        return similarity;
    }

    /**
     * For every class, the {@code k} other classes with the largest mean soft-label mass: the teacher's most
     * confusable neighbours.
     *
     * @param similarity {@code [C][C]} from {@link #classSimilarity}
     * @param classNames {@code C} names, e.g. {@code dataset.classNames()}
     * @param k neighbours per class, {@code 1 <= k <= C - 1}
     * @return one entry per class, in class order
     * @throws IllegalArgumentException if the matrix is not square, the names do not match it, or k is out of range
     */
    public static List<Neighbours> mostConfusable(float[][] similarity, List<String> classNames, int k) {
        int classes = similarity.length;
        if (classNames.size() != classes) {
            throw new IllegalArgumentException(classes + " classes in the matrix but " + classNames.size() + " names.");
        }
        if (k < 1 || k > classes - 1) {
            throw new IllegalArgumentException("k must be between 1 and " + (classes - 1) + ", got " + k + ".");
        }
        List<Neighbours> result = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            if (similarity[c].length != classes) {
                throw new IllegalArgumentException("the similarity matrix must be square; row " + c + " has "
                        + similarity[c].length + " entries.");
            }
            final int row = c;
            int[] nearest = IntStream.range(0, classes).filter(j -> j != row).boxed()
                    .sorted(Comparator.<Integer>comparingDouble(j -> -similarity[row][j]).thenComparingInt(j -> j))
                    .limit(k).mapToInt(Integer::intValue).toArray();
            List<String> names = new ArrayList<>();
            List<Float> mass = new ArrayList<>();
            for (int j : nearest) {
                names.add(classNames.get(j));
                mass.add(similarity[row][j]);
            }
            result.add(new Neighbours(classNames.get(c), similarity[c][c], List.copyOf(names), List.copyOf(mass)));
        }
        return result;
    }

    /**
     * A class and the classes its images' soft labels point to.
     *
     * @param className the true class
     * @param self \(S_{c,c}\), mean probability the teacher gives the right class
     * @param neighbours the most confusable classes, most similar first
     * @param mass \(S_{c,k}\) for each neighbour
     */
    public record Neighbours(String className, float self, List<String> neighbours, List<Float> mass) {
        /** E.g. {@code Shirt (0.62) → T-shirt/top 0.14, Pullover 0.09}. */
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(String.format("%s (%.2f) →", className, self));
            for (int j = 0; j < neighbours.size(); j++) {
                s.append(String.format("%s %s %.2f", j == 0 ? "" : ",", neighbours.get(j), mass.get(j)));
            }
            return s.toString();
        }
    }
}
