package org.distill4j.display;

import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplayRenderer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Shows a DJL {@link NDArray} that looks like a greyscale image as a picture ({@code image/png}, scaled up, see
 * {@link GreyImage}); every other array as DJL prints it ({@code text/plain}).
 *
 * <p>"Looks like an image": shape {@code [height, width]} or {@code [1, height, width]} (one channel), both sides
 * between 8 and 1024, neither more than 4 times the other (so a {@code [128, 784]} batch of flattened images stays
 * text), numeric and finite. A 10 × 10 confusion matrix would qualify: show that with {@code Plots.confusionMatrix}.
 */
public final class NDArrayRenderer implements DisplayRenderer {

    static final int MIN_SIDE = 8;
    static final int MAX_SIDE = 1024;
    static final int MAX_ASPECT = 4;

    @Override
    public Class<?> rendererClass() {
        return NDArray.class;
    }

    @Override
    public boolean canRender(String mime) {
        return Mime.of(mime) != Mime.OTHER;
    }

    /**
     * A picture and a one-line description when the array looks like an image and {@code mime} allows a picture;
     * otherwise DJL's text form. Reading the values does not create NDArrays (nothing to close).
     */
    @Override
    public DisplayData render(String mime, Object o) {
        NDArray array = (NDArray) o;
        Mime m = Mime.of(mime);
        int[] hw = imageSides(array.getShape(), array.getDataType());
        double[] values = hw == null || m == Mime.TEXT ? null : values(array);
        if (values == null) {
            String text = array.toString();
            DisplayData data = DisplayData.fromText(text);
            if (m == Mime.HTML) {
                data.putHTML("<pre>" + TableHtml.escape(text) + "</pre>");
            }
            return data;
        }
        int factor = GreyImage.scaleFactor(hw[0], hw[1]);
        String png = GreyImage.pngBase64(values, hw[0], hw[1]);
        DisplayData data = DisplayData.fromText("ND: " + array.getShape() + " " + array.getDevice() + " "
                + array.getDataType() + ", shown as a " + hw[0] * factor + " × " + hw[1] * factor
                + " greyscale picture");
        if (m == Mime.HTML) {
            data.putHTML("<img alt=\"" + array.getShape() + "\" style=\"image-rendering:pixelated\" "
                    + "src=\"data:image/png;base64," + png + "\">");
        } else {
            data.putData("image/png", png);
        }
        return data;
    }

    /** {@code {height, width}} if an array of this shape and type looks like an image, else {@code null}. */
    static int[] imageSides(Shape shape, DataType type) {
        if (!(type.isFloating() || type.isInteger()) || type == DataType.FLOAT16 || type == DataType.BFLOAT16) {
            return null;
        }
        int[] hw;
        if (shape.dimension() == 2) {
            hw = new int[] {(int) shape.get(0), (int) shape.get(1)};
        } else if (shape.dimension() == 3 && shape.get(0) == 1) {
            hw = new int[] {(int) shape.get(1), (int) shape.get(2)};
        } else {
            return null;
        }
        int small = Math.min(hw[0], hw[1]);
        int large = Math.max(hw[0], hw[1]);
        if (small < MIN_SIDE || large > MAX_SIDE || large > MAX_ASPECT * small) {
            return null;
        }
        return hw;
    }

    /** The values as doubles, or {@code null} if one is not finite (such an array is shown as text). */
    private static double[] values(NDArray array) {
        Number[] numbers = array.toArray();
        double[] values = new double[numbers.length];
        for (int i = 0; i < numbers.length; i++) {
            values[i] = numbers[i].doubleValue();
            if (!Double.isFinite(values[i])) {
                return null;
            }
        }
        return values;
    }
}
