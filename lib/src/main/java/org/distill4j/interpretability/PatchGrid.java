package org.distill4j.interpretability;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;

/**
 * An image cut into square, non-overlapping patches: the interpretable features of {@link KernelShap} and
 * {@link Lime}.
 *
 * <p>A 28×28 image with {@code patch = 4} has a 7×7 grid of \(M = 49\) patches, numbered row by row from the top
 * left; with {@code patch = 7}, a 4×4 grid of \(M = 16\). A <i>coalition</i> \(z \in \{0, 1\}^M\) says which patches
 * are "on": the image \(h_x(z)\) keeps the pixels of the patches that are on and puts the baseline's pixels (black,
 * or the mean image) where they are off:
 * \[ h_x(z)_j = \begin{cases} x_j & z_{P(j)} = 1 \\ b_j & z_{P(j)} = 0 \end{cases} \]
 * where \(P(j)\) is the patch of pixel \(j\).
 *
 * <p>{@link #sum} turns any pixel map (Integrated Gradients', say) into per-patch values, and {@link #spread} turns
 * per-patch values back into a pixel map, so that explanations over patches and over pixels can be compared.
 *
 * <pre>{@code
 * PatchGrid grid = PatchGrid.of(28, 28, 4);      // 49 patches
 * float[] perPatch = grid.sum(igMap);            // [49]: IG's attribution of each patch
 * float[] map = grid.spread(shap.patchValues()[0]);   // [784]: each patch's value shared by its 16 pixels
 * }</pre>
 */
public final class PatchGrid {

    private final int height;
    private final int width;
    private final int patch;
    private final int[] patchOfPixel;

    private PatchGrid(int height, int width, int patch) {
        this.height = height;
        this.width = width;
        this.patch = patch;
        this.patchOfPixel = new int[height * width];
        int columns = width / patch;
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                patchOfPixel[r * width + c] = (r / patch) * columns + c / patch;
            }
        }
    }

    /**
     * The grid of {@code patch × patch} squares over {@code height × width} images.
     *
     * @throws IllegalArgumentException if a size is below 1 or the patch does not divide both sides (the message
     *     lists the sizes that do)
     */
    public static PatchGrid of(int height, int width, int patch) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + height + "×" + width + ".");
        }
        if (patch < 1 || height % patch != 0 || width % patch != 0) {
            throw new IllegalArgumentException("a " + patch + "×" + patch + " patch does not tile " + height + "×" + width
                    + " images; choose a patch size that divides both sides: " + commonDivisors(height, width) + ".");
        }
        return new PatchGrid(height, width, patch);
    }

    private static List<Integer> commonDivisors(int a, int b) {
        List<Integer> divisors = new ArrayList<>();
        for (int d = 1; d <= Math.min(a, b); d++) {
            if (a % d == 0 && b % d == 0) {
                divisors.add(d);
            }
        }
        return divisors;
    }

    /** Side of a patch, in pixels. */
    public int patch() {
        return patch;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Pixels per image, {@code height · width}: the number of features the images must have. */
    public int pixels() {
        return height * width;
    }

    /** \(M\), the number of patches: {@code (height / patch) · (width / patch)}. */
    public int count() {
        return (height / patch) * (width / patch);
    }

    /** Patches per row of the grid. */
    public int columns() {
        return width / patch;
    }

    /** \(P(j)\): the patch that row-major pixel {@code j} lies in. */
    public int patchOf(int pixel) {
        return patchOfPixel[pixel];
    }

    /**
     * Per-patch sums of a pixel map: entry \(i\) is \(\sum_{j : P(j) = i} m_j\).
     *
     * @param map {@code [pixels()]}, e.g. an Integrated Gradients map
     * @return {@code [count()]}
     * @throws IllegalArgumentException if the map does not have {@code pixels()} values
     */
    public float[] sum(float[] map) {
        checkLength(map.length, pixels(), "map");
        double[] sums = new double[count()];
        for (int j = 0; j < map.length; j++) {
            sums[patchOfPixel[j]] += map[j];
        }
        float[] out = new float[sums.length];
        for (int i = 0; i < sums.length; i++) {
            out[i] = (float) sums[i];
        }
        return out;
    }

    /**
     * A pixel map from per-patch values: each patch's value is shared equally by its {@code patch²} pixels, so
     * {@link #sum} of the result gives the values back and the map adds up to what the patch values add up to.
     *
     * @param perPatch {@code [count()]}
     * @return {@code [pixels()]}
     * @throws IllegalArgumentException if there is not one value per patch
     */
    public float[] spread(float[] perPatch) {
        checkLength(perPatch.length, count(), "per-patch values");
        float area = patch * patch;
        float[] map = new float[pixels()];
        for (int j = 0; j < map.length; j++) {
            map[j] = perPatch[patchOfPixel[j]] / area;
        }
        return map;
    }

    private static void checkLength(int got, int expected, String what) {
        if (got != expected) {
            throw new IllegalArgumentException("the " + what + " must have " + expected + " values, got " + got + ".");
        }
    }

    /**
     * \(f_{c_i}(h_{x_i}(z_k))\): the target logit of every image with every coalition, images in the outer loop.
     * Rows go through the model {@code batchSize} at a time; nothing else is evaluated.
     *
     * @param images float32 {@code [N, pixels()]}, checked by the caller
     * @param baseline {@code [pixels()]}
     * @param coalitions {@code [K][count()]}
     * @return {@code [N][K]}
     */
    double[][] targetScores(Block model, NDArray images, float[] baseline, boolean[][] coalitions, int[] targets,
            int batchSize) {
        int n = targets.length;
        int k = coalitions.length;
        int features = pixels();
        float[] pixels = images.toFloatArray();
        double[][] scores = new double[n][k];
        long rows = (long) n * k;
        for (long start = 0; start < rows; start += batchSize) {
            int count = (int) Math.min(batchSize, rows - start);
            float[] batch = new float[count * features];
            for (int r = 0; r < count; r++) {
                int image = (int) ((start + r) / k);
                boolean[] z = coalitions[(int) ((start + r) % k)];
                int offset = image * features;
                int out = r * features;
                for (int j = 0; j < features; j++) {
                    batch[out + j] = z[patchOfPixel[j]] ? pixels[offset + j] : baseline[j];
                }
            }
            try (NDManager sub = images.getManager().newSubManager()) {
                NDArray x = sub.create(batch, new Shape(count, features));
                NDArray logits = InputGradients.logits(model, sub, x);
                int classes = (int) logits.getShape().get(1);
                float[] all = logits.toFloatArray();
                for (int r = 0; r < count; r++) {
                    int image = (int) ((start + r) / k);
                    int target = targets[image];
                    if (target < 0 || target >= classes) {
                        throw new IllegalArgumentException("target class " + target + " for image " + image
                                + " is outside 0.." + (classes - 1) + " (the model has " + classes + " outputs).");
                    }
                    scores[image][(int) ((start + r) % k)] = all[r * classes + target];
                }
            }
        }
        return scores;
    }

    /** The baseline image: {@code image} if given (length checked), else {@code value} everywhere. */
    float[] baseline(float[] image, float value) {
        if (image == null) {
            float[] b = new float[pixels()];
            java.util.Arrays.fill(b, value);
            return b;
        }
        if (image.length != pixels()) {
            throw new IllegalArgumentException("the baseline image has " + image.length + " pixels but the images have "
                    + pixels() + "; pass one value per pixel, e.g. the mean training image.");
        }
        return image;
    }

    /** Checks that the images have {@code pixels()} features, with a message that says how to fix it. */
    void checkWidth(NDArray images) {
        long features = images.getShape().get(1);
        if (features != pixels()) {
            throw new IllegalArgumentException("images have " + features + " features but the patches were set up for "
                    + height + "×" + width + " = " + pixels() + " pixels; set imageSize(height, width).");
        }
    }
}
