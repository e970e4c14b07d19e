package org.distill4j.interpretability;

import java.util.ArrayList;
import java.util.List;

/**
 * An image cut into square, non-overlapping patches: the interpretable features of {@link KernelShap} and
 * {@link Lime}, and the pooling blocks of {@link SurrogateTree}.
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
        return of(height, width, patch, "patch");
    }

    /** {@link #of(int, int, int)}, the message naming the setting as the caller's builder does ("pool"). */
    static PatchGrid of(int height, int width, int patch, String setting) {
        Settings.checkImageSize(height, width);
        if (patch < 1 || height % patch != 0 || width % patch != 0) {
            throw new IllegalArgumentException("a " + patch + "×" + patch + " " + setting + " does not tile " + height
                    + "×" + width + " images; choose a " + setting + " size that divides both sides: "
                    + commonDivisors(height, width) + ".");
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

    /** {@link #spread} of each row: {@code [N][count()]} per-patch values to {@code [N][pixels()]} maps. */
    float[][] spread(float[][] perPatch) {
        float[][] maps = new float[perPatch.length][];
        for (int i = 0; i < maps.length; i++) {
            maps[i] = spread(perPatch[i]);
        }
        return maps;
    }

    private static void checkLength(int got, int expected, String what) {
        if (got != expected) {
            throw new IllegalArgumentException("the " + what + " must have " + expected + " values, got " + got + ".");
        }
    }
}
