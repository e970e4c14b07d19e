package org.distill4j.interpretability;

import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Numbers that say how alike two attribution maps are: do teacher and student look at the same pixels?
 *
 * <p>Two maps rarely agree in scale (a teacher's logits are larger than a student's), so both measures use only the
 * order of the pixels:
 * <ul>
 *   <li>{@link #spearman Spearman rank correlation}: the Pearson correlation of the ranks, in [−1, 1];</li>
 *   <li>{@link #topKOverlap top-k overlap}: the share of the k most important pixels (by absolute value) the maps
 *       have in common, in [0, 1].</li>
 * </ul>
 * Adebayo et al. (2018, "Sanity Checks for Saliency Maps") used both to compare maps; see {@link SanityCheck}.
 */
public final class AttributionComparison {

    /** Ranks with ties sharing their average rank; NaN is rejected before ranking (see {@link #averageRanks}). */
    private static final NaturalRanking AVERAGE_RANKS = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE);

    private AttributionComparison() {}

    /** A similarity of two maps of equal length, such as {@code AttributionComparison::spearman}. */
    @FunctionalInterface
    public interface Measure {
        double between(float[] a, float[] b);
    }

    /**
     * Spearman's rank correlation \( \rho = \dfrac{\operatorname{cov}(R_a, R_b)}{\sigma_{R_a} \sigma_{R_b}} \), where
     * \(R_a\) ranks the values of {@code a} from 1 (smallest) to n. Tied values share the average of the ranks they
     * span (values 5, 7, 7, 9 get ranks 1, 2.5, 2.5, 4), which is why this is computed as a Pearson correlation of
     * ranks rather than with the shortcut \(1 - 6 \sum d_i^2 / (n(n^2-1))\), exact only without ties.
     *
     * <p>The values are ranked as given: for signed maps (Integrated Gradients) a strongly negative pixel ranks low.
     * Pass absolute values to compare importance regardless of sign.
     *
     * @param a a map, e.g. {@code [784]}
     * @param b a map of the same length
     * @return \(\rho \in [-1, 1]\); 1 when the orders agree, −1 when reversed; NaN when either map is constant (its
     *     ranks have no spread)
     * @throws IllegalArgumentException if the lengths differ or are below 2
     */
    public static double spearman(float[] a, float[] b) {
        checkSameLength(a, b);
        if (a.length < 2) {
            throw new IllegalArgumentException("Spearman correlation needs at least 2 values, got " + a.length + ".");
        }
        checkNoNaN(a);
        checkNoNaN(b);
        return new SpearmansCorrelation(AVERAGE_RANKS).correlation(doubles(a), doubles(b));
    }

    /**
     * Ranks 1..n of the values, ties sharing their average rank (commons-math's {@link NaturalRanking} with
     * {@link TiesStrategy#AVERAGE}).
     *
     * @param values any floats (NaN is not allowed)
     * @return {@code [n]} ranks
     * @throws IllegalArgumentException if a value is NaN
     */
    public static double[] averageRanks(float[] values) {
        checkNoNaN(values);
        return AVERAGE_RANKS.rank(doubles(values));
    }

    private static void checkNoNaN(float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (Float.isNaN(values[i])) {
                throw new IllegalArgumentException("value " + i + " is NaN: a map with NaN cannot be ranked.");
            }
        }
    }

    private static double[] doubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /**
     * Top-k overlap \( |\operatorname{top}_k(|a|) \cap \operatorname{top}_k(|b|)| / k \): of the k pixels with the
     * largest absolute attribution in each map, the fraction they share. Ties at the k-th place are broken towards
     * the lower pixel index. Two unrelated maps of n pixels share about \(k/n\) on average.
     *
     * @param a a map
     * @param b a map of the same length
     * @param k how many pixels count as "most important", {@code 1 <= k <= length}
     * @return a fraction in [0, 1]; 1 when the same k pixels matter most in both
     * @throws IllegalArgumentException if the lengths differ or k is out of range
     */
    public static double topKOverlap(float[] a, float[] b, int k) {
        checkSameLength(a, b);
        boolean[] inA = new boolean[a.length];   // topK checks k
        for (int i : topK(a, k)) {
            inA[i] = true;
        }
        int shared = 0;
        for (int i : topK(b, k)) {
            if (inA[i]) {
                shared++;
            }
        }
        return shared / (double) k;
    }

    /**
     * Indices of the k largest absolute values, most important first (ties: lower index first).
     *
     * @throws IllegalArgumentException if k is out of range
     */
    public static int[] topK(float[] map, int k) {
        if (k < 1 || k > map.length) {
            throw new IllegalArgumentException("k must be between 1 and the map length " + map.length + ", got " + k + ".");
        }
        return IntStream.range(0, map.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -Math.abs(map[i])).thenComparingInt(i -> i))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    /**
     * The measure applied image by image: {@code result[i] = measure(a[i], b[i])}.
     *
     * @param a {@code [N][features]} maps, e.g. the teacher's
     * @param b {@code [N][features]} maps of the same images, e.g. the student's
     * @throws IllegalArgumentException if the numbers of maps differ
     */
    public static double[] perImage(float[][] a, float[][] b, Measure measure) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("need maps of the same images: " + a.length + " vs " + b.length + " maps.");
        }
        double[] result = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            result[i] = measure.between(a[i], b[i]);
        }
        return result;
    }

    /**
     * Teacher-vs-student agreement averaged per class: entry {@code c} is the mean of {@code measure(a[i], b[i])}
     * over the images {@code i} with {@code labels[i] == c}. Images whose measure is NaN (a constant map) are left
     * out of the mean.
     *
     * <pre>{@code
     * double[] agreement = AttributionComparison.meanByClass(teacherMaps, studentMaps, labels, 10,
     *         AttributionComparison::spearman);
     * }</pre>
     *
     * @param labels {@code [N]} class of each image (true label or the teacher's prediction)
     * @param classes number of classes C
     * @return {@code [C]} mean agreement; NaN for a class with no (non-NaN) image
     * @throws IllegalArgumentException if the numbers of maps and labels differ or a label is outside 0..C−1
     */
    public static double[] meanByClass(float[][] a, float[][] b, int[] labels, int classes, Measure measure) {
        if (labels.length != a.length) {
            throw new IllegalArgumentException(a.length + " maps but " + labels.length + " labels.");
        }
        double[] values = perImage(a, b, measure);
        double[] sum = new double[classes];
        int[] count = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " of image " + i + " is outside 0.."
                        + (classes - 1) + ".");
            }
            if (!Double.isNaN(values[i])) {
                sum[labels[i]] += values[i];
                count[labels[i]]++;
            }
        }
        double[] mean = new double[classes];
        for (int c = 0; c < classes; c++) {
            mean[c] = count[c] == 0 ? Double.NaN : sum[c] / count[c];
        }
        return mean;
    }

    /** Mean of the non-NaN values (NaN if there are none). */
    public static double mean(double[] values) {
        double sum = 0;
        int count = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** \(|m_j|\) for every pixel: importance regardless of sign, for ranking signed maps. */
    public static float[] absolute(float[] map) {
        float[] out = new float[map.length];
        for (int j = 0; j < map.length; j++) {
            out[j] = Math.abs(map[j]);
        }
        return out;
    }

    private static void checkSameLength(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("maps must have the same number of pixels, got " + a.length + " and "
                    + b.length + ".");
        }
    }
}
