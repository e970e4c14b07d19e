package org.distill4j.display;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

import javax.imageio.ImageIO;

/**
 * A greyscale picture from a row-major array of numbers, encoded as PNG and scaled up (nearest neighbour, so
 * pixels stay sharp) to about 170 screen pixels on its longer side.
 *
 * <p>Grey levels: values in [0, 1] map to 0–255 (as images are fed to the networks); values in [0, 255] are used
 * as they are; anything else is stretched from its minimum (black) to its maximum (white).
 */
public final class GreyImage {

    /** Longer side, in screen pixels, that small images are scaled up to (28 × 6 = 168). */
    static final int TARGET_PIXELS = 168;

    private GreyImage() {}

    /**
     * Encodes the picture as PNG.
     *
     * @param values row-major, {@code height × width} finite values
     * @param height rows, {@code >= 1}
     * @param width  columns, {@code >= 1}
     * @return the PNG bytes
     * @throws IllegalArgumentException if the length is not {@code height × width} or a value is not finite
     */
    public static byte[] png(double[] values, int height, int width) {
        if (height < 1 || width < 1 || values.length != (long) height * width) {
            throw new IllegalArgumentException("an image of " + height + " × " + width + " needs " + height * width
                    + " values, got " + values.length);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("an image needs finite values, found " + v);
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double offset;
        double scale;
        if (min >= 0 && max <= 1) {
            offset = 0;
            scale = 255;
        } else if (min >= 0 && max <= 255) {
            offset = 0;
            scale = 1;
        } else {
            offset = min;
            scale = max > min ? 255 / (max - min) : 0;
        }
        int factor = scaleFactor(height, width);
        BufferedImage image = new BufferedImage(width * factor, height * factor, BufferedImage.TYPE_BYTE_GRAY);
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                int grey = (int) Math.round((values[r * width + c] - offset) * scale);
                grey = Math.max(0, Math.min(255, grey));
                int rgb = grey << 16 | grey << 8 | grey;
                for (int dy = 0; dy < factor; dy++) {
                    for (int dx = 0; dx < factor; dx++) {
                        image.setRGB(c * factor + dx, r * factor + dy, rgb);
                    }
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the image as PNG", e);
        }
        return out.toByteArray();
    }

    /** {@link #png} as base64, as Jupyter's {@code image/png} output wants it. */
    public static String pngBase64(double[] values, int height, int width) {
        return Base64.getEncoder().encodeToString(png(values, height, width));
    }

    /** How many screen pixels each image pixel becomes: 6 for 28 × 28, 1 for images of 168 pixels or more. */
    static int scaleFactor(int height, int width) {
        return Math.max(1, TARGET_PIXELS / Math.max(height, width));
    }
}
