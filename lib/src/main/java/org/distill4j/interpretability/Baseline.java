package org.distill4j.interpretability;

import java.util.Arrays;

/**
 * The reference image an attribution is measured from: \(x'\) of {@link IntegratedGradients}, \(b\) of
 * {@link KernelShap} and {@link Lime} (the pixels of patches that are off). Either a constant, \((v, \dots, v)\), of
 * which 0 is black for pixels in [0, 1], or a whole image such as the mean training image.
 */
final class Baseline {

    /** The default of every method: all pixels 0. */
    static final Baseline BLACK = new Baseline(null, 0f);

    private final float[] image;
    private final float value;

    private Baseline(float[] image, float value) {
        this.image = image;
        this.value = value;
    }

    /**
     * \((v, \dots, v)\).
     *
     * @throws IllegalArgumentException if {@code value} is not finite
     */
    static Baseline constant(float value) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException("the baseline value must be finite, got " + value + ".");
        }
        return new Baseline(null, value);
    }

    /**
     * A copy of {@code image}, one value per pixel (checked against the images in {@link #pixels}).
     *
     * @throws IllegalArgumentException if it is null or empty
     */
    static Baseline image(float[] image) {
        if (image == null || image.length == 0) {
            throw new IllegalArgumentException("the baseline image must have one value per pixel.");
        }
        return new Baseline(image.clone(), 0f);
    }

    /**
     * The baseline's {@code pixels} values: the constant everywhere, or the image.
     *
     * @throws IllegalArgumentException if the image has another number of pixels
     */
    float[] pixels(int pixels) {
        if (image == null) {
            float[] b = new float[pixels];
            Arrays.fill(b, value);
            return b;
        }
        if (image.length != pixels) {
            throw new IllegalArgumentException("the baseline image has " + image.length + " pixels but the images have "
                    + pixels + "; pass one value per pixel, e.g. the mean training image.");
        }
        return image;
    }
}
