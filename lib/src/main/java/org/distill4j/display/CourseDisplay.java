package org.distill4j.display;

import java.util.ArrayList;
import java.util.List;

import org.rapaio.jupyter.kernel.display.DisplayRenderer;
import org.rapaio.jupyter.kernel.display.DisplayTransformer;
import org.rapaio.jupyter.kernel.display.spi.DisplayProvider;

/**
 * How the course's objects look in a notebook run by the Java kernel (rapaio-jupyter-kernel): found by Java's
 * {@link java.util.ServiceLoader} through {@code META-INF/services/org.rapaio.jupyter.kernel.display.spi.DisplayProvider}
 * once this library is on the kernel's classpath ({@code RJK_CLASSPATH} or {@code %jar}).
 *
 * <p>A cell ending in
 * <ul>
 *   <li>a tablesaw {@code Figure} shows the interactive plot ({@link FigureRenderer});</li>
 *   <li>a tablesaw {@code Table} shows an HTML table of 20 rows and "… N more rows" ({@link TableRenderer}), a
 *       {@link TableView} as many rows as it says;</li>
 *   <li>a DJL {@code NDArray} shaped like a greyscale image shows the picture, any other array its text
 *       ({@link NDArrayRenderer});</li>
 *   <li>{@code Plots.reloadPlotly()} loads plotly.js into the page ({@link PlotlyEmbedRenderer}).</li>
 * </ul>
 * Each also gives a {@code text/plain} form, for front ends and exports without HTML.
 */
public final class CourseDisplay implements DisplayProvider {

    /** The renderers; the NDArray one only if DJL is on the classpath, so a kernel without DJL still gets the rest. */
    @Override
    public List<DisplayRenderer> getDisplayRenderers() {
        List<DisplayRenderer> renderers = new ArrayList<>();
        renderers.add(new FigureRenderer());
        renderers.add(new TableRenderer());
        renderers.add(new TableRenderer.ViewRenderer());
        renderers.add(new PlotlyEmbedRenderer());
        try {
            Class.forName("ai.djl.ndarray.NDArray", false, CourseDisplay.class.getClassLoader());
            renderers.add(new NDArrayRenderer());
        } catch (ClassNotFoundException | LinkageError e) {
            // DJL is not on the kernel's classpath: arrays cannot appear in a cell anyway.
        }
        return renderers;
    }

    /** None: every type above has its own renderer. */
    @Override
    public List<DisplayTransformer> getDisplayTransformers() {
        return List.of();
    }
}
