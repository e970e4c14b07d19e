package org.distill4j.display;

import org.distill4j.plots.FigureHtml;
import org.distill4j.plots.PlotlyJs;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * How the course's objects look in a notebook. The course's kernel finds this class through Java's
 * {@link java.util.ServiceLoader} ({@code META-INF/services/org.dflib.jjava.jupyter.Extension}) and lets it
 * {@linkplain #register register} one render function per type with the kernel's {@link Renderer}. A cell ending in
 * <ul>
 *   <li>a tablesaw {@code Figure} shows the interactive plot (see {@link FigureHtml} for how plotly.js reaches the
 *       page offline);</li>
 *   <li>a tablesaw {@code Table} shows an HTML table of 20 rows and "… N more rows", a {@link TableView} as many rows
 *       as it says ({@link TableHtml});</li>
 *   <li>a DJL {@code NDArray} shaped like a greyscale image shows the picture ({@link GreyImage}), any other array
 *       its text;</li>
 *   <li>{@code Plots.reloadPlotly()} loads plotly.js into the page.</li>
 * </ul>
 * Each also has a {@code text/plain} form, for front ends and exports without HTML (a console, a screen reader,
 * nbconvert's text exports).
 */
public final class CourseDisplay implements Extension {

    /** An image's shorter side must be at least this many pixels ... */
    static final int MIN_SIDE = 8;
    /** ... its longer side at most this many ... */
    static final int MAX_SIDE = 1024;
    /** ... and the longer at most this many times the shorter (a {@code [128, 784]} batch stays text). */
    static final int MAX_ASPECT = 4;

    private static final MIMEType PNG = MIMEType.parse("image/png");

    @Override
    public void install(BaseKernel kernel) {
        register(kernel.getRenderer());
    }

    /** Registers the course's render functions with {@code renderer}. */
    public static void register(Renderer renderer) {
        renderer.createRegistration(Figure.class).preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_PLAIN).register((figure, context) ->
                htmlAndText(context, () -> FigureHtml.forNotebook(figure), FigureHtml.description(figure)));
        renderer.createRegistration(Table.class).preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_PLAIN).register((table, context) ->
                htmlAndText(context, () -> TableHtml.html(table, TableHtml.DEFAULT_MAX_ROWS),
                        TableHtml.text(table, TableHtml.DEFAULT_MAX_ROWS)));
        renderer.createRegistration(TableView.class).preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_PLAIN).register((view, context) ->
                htmlAndText(context, () -> TableHtml.html(view.table(), view.maxRows()), view.toString()));
        renderer.createRegistration(PlotlyJs.Embed.class).preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_PLAIN).register((embed, context) ->
                htmlAndText(context, () -> FigureHtml.forNotebook(embed), embed.toString()));
        renderer.createRegistration(NDArray.class).preferring(PNG).supporting(MIMEType.TEXT_PLAIN).register(CourseDisplay::array);
    }

    private static void htmlAndText(RenderContext context, java.util.function.Supplier<Object> html, String text) {
        context.renderIfRequested(MIMEType.TEXT_HTML, html);
        context.getOutputContainer().putText(text);
    }

    /**
     * An array that looks like a greyscale image — shape {@code [height, width]} or {@code [1, height, width]}, sides
     * between {@value #MIN_SIDE} and {@value #MAX_SIDE}, aspect at most {@value #MAX_ASPECT}, numeric, finite — as a
     * picture (scaled up) and a one-line description; any other array as DJL prints it. Reading the values creates no
     * NDArray (nothing to close).
     */
    static void array(NDArray array, RenderContext context) {
        int[] hw = imageSides(array.getShape(), array.getDataType());
        double[] values = hw == null ? null : finiteValues(array);
        if (values == null) {
            context.getOutputContainer().putText(array.toString());
            return;
        }
        int factor = GreyImage.scaleFactor(hw[0], hw[1]);
        context.renderIfRequested(PNG, () -> GreyImage.pngBase64(values, hw[0], hw[1]));
        context.getOutputContainer().putText("ND: " + array.getShape() + " " + array.getDevice() + " "
                + array.getDataType() + ", shown as a " + hw[0] * factor + " × " + hw[1] * factor + " greyscale picture");
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
    private static double[] finiteValues(NDArray array) {
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
