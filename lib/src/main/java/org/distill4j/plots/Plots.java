package org.distill4j.plots;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.distill4j.metrics.Calibration;

import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * The figures of the course, each one line in a notebook: training curves and other line charts, soft labels and
 * other bar charts, histograms, heatmaps (confusion matrix, "dark knowledge"), images with saliency, image grids
 * and reliability diagrams. Type {@code Plots.} to see them all.
 *
 * <p>Every helper takes plain Java data ({@code float[]}, {@code List<String>}, tablesaw {@link Table}s) and returns a
 * {@link PlotlyFigure}, the course's one figure type: a tablesaw {@link Figure} drawn by plotly.js whose traces a test
 * can read back. Behind this class, one class per figure family makes them: {@link LineChart} (lines against a
 * number), bar charts and histograms, heatmaps, image panels and reliability diagrams. A cell that ends with one shows
 * it (see {@code org.distill4j.display.CourseDisplay}); {@link #save} writes it as a standalone HTML page that opens offline.
 * Bad input fails at once with an {@link IllegalArgumentException} that says which argument and why, rather than
 * with a blank figure in the browser.
 *
 * <p>Maps give one series (legend entry) per key, in the map's iteration order: pass a {@link LinkedHashMap}
 * (or {@code Map.of} with a single entry) when the order matters.
 */
public final class Plots {

    private Plots() {}

    // ---------------------------------------------------------------------------------------------- training curves

    /**
     * Training curves: one metric of several runs against the epoch, one line per run — e.g. the test accuracy of
     * the teacher, of a student trained from scratch and of a distilled student.
     *
     * <p>{@code Plots.trainingCurves("test_accuracy", Map.of("teacher", teacherHistory))}
     *
     * @param column    the metric column to plot, e.g. {@code "loss"}, {@code "test_accuracy"}, {@code "agreement"}
     * @param histories run name (legend entry) → its history: one row per epoch, with a numeric column
     *                  {@code "epoch"} and a numeric column {@code column}; missing values leave a gap
     * @return a figure with one {@code scatter} trace per run ({@code x} = epoch, {@code y} = the metric)
     * @throws IllegalArgumentException if {@code histories} is empty, or a history lacks {@code "epoch"} or
     *                                  {@code column} or has them as text (the message lists the columns it has)
     */
    public static PlotlyFigure trainingCurves(String column, Map<String, Table> histories) {
        return LineChart.trainingCurves(column, histories);
    }

    /**
     * Training curves of one run: several metrics of its history against the epoch, one line per metric — e.g.
     * {@code Plots.trainingCurves(history, "train_accuracy", "test_accuracy")} to see a gap open (over-fitting).
     *
     * @param history one row per epoch, with a numeric column {@code "epoch"} and each of {@code columns}
     * @param columns the metric columns to plot (at least one); put metrics of similar scale together
     * @return a figure with one {@code scatter} trace per column, named after it
     * @throws IllegalArgumentException if no column is given, or a column is missing or not numeric
     */
    public static PlotlyFigure trainingCurves(Table history, String... columns) {
        return LineChart.trainingCurves(history, columns);
    }

    /**
     * An empty line chart, to which {@link LineChart#line}, {@link LineChart#reference}, {@link LineChart#logX()} and
     * {@link LineChart#logY()} add: a quantity against a number that is not an epoch (entropy against the
     * temperature, a gradient's size against the temperature).
     *
     * <p>{@code Plots.lineChart("Mean entropy", "temperature T", "nats").line("teacher", Ts, H).logX()}
     *
     * @param title  the figure title
     * @param xTitle the x axis title, with units
     * @param yTitle the y axis title, with units
     * @return a chart with no lines yet, 700 × 400 pixels, linear axes
     */
    public static LineChart lineChart(String title, String xTitle, String yTitle) {
        return LineChart.of(title, xTitle, yTitle);
    }

    /**
     * One line per group of a table's rows, in the order the groups first appear — e.g. test accuracy against the
     * transfer-set size, one line for the scratch and one for the distilled student (a "long" table).
     *
     * @param title       the figure title
     * @param table       one row per point
     * @param xColumn     a numeric column: the x axis (and its title)
     * @param yColumn     a numeric column: the y axis (and its title); missing values leave a gap
     * @param groupColumn a column of any type: one line (legend entry) per distinct value
     * @return a figure with one {@code scatter} trace per group, its rows in table order
     * @throws IllegalArgumentException if a column is missing, {@code xColumn} or {@code yColumn} is not numeric, or
     *                                  the table has no rows
     */
    public static PlotlyFigure lines(String title, Table table, String xColumn, String yColumn, String groupColumn) {
        return LineChart.fromTable(title, table, xColumn, yColumn, groupColumn);
    }

    // -------------------------------------------------------------------------------------------------- soft labels

    /**
     * Soft labels: one example's class probabilities as grouped bars, one group per class and one bar colour per
     * series — typically the teacher's softmax at several temperatures, to see the wrong classes gain mass as T grows.
     *
     * <p>{@code Plots.softLabels(classNames, Map.of("T = 1", p1, "T = 4", p4))} (use a LinkedHashMap to fix the order)
     *
     * @param classNames            the class names, shown on the x axis
     * @param probabilitiesBySeries series name → probabilities {@code [classes]} in [0, 1], in class order
     * @return a figure with one {@code bar} trace per series ({@code x} = class names, {@code y} = probabilities)
     * @throws IllegalArgumentException if there are no classes or series, if a series' length differs from the
     *                                  number of classes, or if a value lies outside [0, 1] (logits, not probabilities)
     */
    public static PlotlyFigure softLabels(List<String> classNames, Map<String, float[]> probabilitiesBySeries) {
        return BarChart.softLabels(classNames, probabilitiesBySeries);
    }

    /**
     * Bars of a table's numeric columns over its categories: one bar per row, grouped side by side when several
     * columns are given — e.g. Spearman ρ of two students per class.
     *
     * @param title          the figure title
     * @param table          one row per category
     * @param categoryColumn a column of any type: the bar labels along the x axis
     * @param valueColumns   one or more numeric columns: one bar series (legend entry) each
     * @return a figure with one {@code bar} trace per value column, {@code barmode} "group"
     * @throws IllegalArgumentException if no value column is given, or a column is missing or not numeric
     */
    public static PlotlyFigure bars(String title, Table table, String categoryColumn, String... valueColumns) {
        return BarChart.fromTable(title, table, categoryColumn, valueColumns);
    }

    /**
     * Paired differences with their confidence intervals, one row per comparison, and a dotted line at 0 — e.g. the
     * distilled student minus each control, over the same seeds. An interval that crosses the line is a difference
     * these runs cannot tell from none.
     *
     * @param title        the figure title
     * @param unit         the unit of the scaled values, e.g. {@code "points"}
     * @param scale        multiplies every value (100 shows accuracies given as fractions in points)
     * @param byComparison one {@link org.distill4j.metrics.PairedDifference} per row, drawn top to bottom in order
     * @return a figure with one {@code scatter} trace of markers with horizontal error bars, and the zero line
     * @throws IllegalArgumentException if there is nothing to draw or {@code scale} is not a positive number
     */
    public static PlotlyFigure differences(String title, String unit, double scale,
            Map<String, org.distill4j.metrics.PairedDifference> byComparison) {
        return IntervalChart.differences(title, unit, scale, byComparison);
    }

    /**
     * The distribution of a table's numeric column, binned by plotly.js — e.g. the entropy of each test prediction.
     *
     * @param title  the figure title
     * @param table  one row per value
     * @param column a numeric column; its name titles the x axis, the y axis counts rows
     * @return a figure with one {@code histogram} trace
     * @throws IllegalArgumentException if the column is missing or not numeric
     */
    public static PlotlyFigure histogram(String title, Table table, String column) {
        return BarChart.histogram(title, table, column);
    }

    // ----------------------------------------------------------------------------------------------------- heatmaps

    /**
     * A heatmap of a matrix, drawn as printed: row 0 at the top. Cells show their value when the matrix is small
     * (at most 400 cells); hovering shows it always.
     *
     * @param title   the figure title
     * @param values  the matrix {@code [rows][columns]}, rectangular; {@code NaN} leaves a cell blank
     * @param xLabels one label per column (distinct), shown along the bottom
     * @param yLabels one label per row (distinct), shown down the left side
     * @return a figure with one {@code heatmap} trace ({@code z} = values, {@code x} = xLabels, {@code y} = yLabels)
     * @throws IllegalArgumentException if the matrix is empty or ragged, if the label counts do not match its
     *                                  shape, or if labels repeat
     */
    public static PlotlyFigure heatmap(String title, float[][] values, List<String> xLabels, List<String> yLabels) {
        return Heatmaps.heatmap(title, values, xLabels, yLabels);
    }

    /**
     * A confusion matrix: how many examples of each true class (row) were predicted as each class (column). The
     * diagonal holds the correct predictions; the title gives the accuracy, trace / total.
     *
     * @param counts     {@code counts[true][predicted]}, square, non-negative
     * @param classNames the class names, one per row and column
     * @return a figure with one {@code heatmap} trace ({@code z} = counts, rows = true class, columns = predicted)
     * @throws IllegalArgumentException if {@code counts} is not square with one row per class, or has a negative count
     */
    public static PlotlyFigure confusionMatrix(int[][] counts, List<String> classNames) {
        return Heatmaps.confusionMatrix(counts, classNames);
    }

    /**
     * The "dark knowledge" matrix (Hinton, Vinyals and Dean, 2015, §1): row {@code i} is the teacher's mean soft
     * prediction over examples of class {@code i}, so cell {@code (i, j)} says how much class {@code j} looks like
     * class {@code i} to the teacher. The diagonal — the confident, correct part — is left blank so the colour scale
     * shows the small off-diagonal probabilities, which are what a student learns from soft targets.
     *
     * @param similarity {@code [classes][classes]}, e.g. mean probabilities at temperature T
     * @param classNames the class names, one per row and column
     * @return a figure with one {@code heatmap} trace whose diagonal cells are {@code NaN} (blank)
     * @throws IllegalArgumentException if the matrix is not square with one row per class
     */
    public static PlotlyFigure classSimilarity(float[][] similarity, List<String> classNames) {
        return Heatmaps.classSimilarity(similarity, classNames);
    }

    // ------------------------------------------------------------------------------------------------------- images

    /**
     * One greyscale image, e.g. a 28×28 Fashion-MNIST item: 0 is black, 1 is white (values outside [0, 1] are
     * shown from their minimum, black, to their maximum, white). Hovering shows row, column and value.
     *
     * @param pixels row-major pixels, {@code side × side} of them (784 for 28×28)
     * @param title  the figure title, e.g. the class name
     * @return a figure with one {@code heatmap} trace ({@code z} = the image rows, top row first)
     * @throws IllegalArgumentException if the number of pixels is not a square or a pixel is not finite
     */
    public static PlotlyFigure image(float[] pixels, String title) {
        return ImagePanels.image(pixels, title);
    }

    /**
     * An image and a saliency map over it, side by side in three panels: the image, the saliency map, and the
     * saliency laid over the image (transparent where the saliency is 0, orange-red where it is largest).
     *
     * <p>A saliency map with only non-negative values (e.g. gradient magnitudes) is drawn from black to white
     * through red and yellow; one with negative values (e.g. integrated gradients) on a red–blue scale centred on 0,
     * red for evidence for the class. The overlay shows the magnitude.
     *
     * @param image    row-major pixels, {@code side × side}
     * @param saliency one value per pixel, same length as {@code image}
     * @param title    the figure title, e.g. "Sandal: where the teacher looks"
     * @return a figure with four {@code heatmap} traces: image, saliency, and (third panel) image + |saliency|
     * @throws IllegalArgumentException if either array is not a square of finite values or their lengths differ
     */
    public static PlotlyFigure imageWithSaliency(float[] image, float[] saliency, String title) {
        return ImagePanels.withSaliency(image, saliency, title);
    }

    /**
     * A grid of images, each with its own title above it, filled row by row — e.g. test examples titled with their
     * true and predicted labels. For that case see {@link #imageGrid(List, List, List, int)}.
     *
     * @param images  1 to 100 images, each row-major with {@code side × side} pixels (sides may differ)
     * @param titles  one title per image (plotly.js text: {@code <br>} breaks a line)
     * @param columns images per row, {@code >= 1}
     * @return a figure with one {@code heatmap} trace per image, panel titles as layout annotations
     * @throws IllegalArgumentException if there are no images or more than 100, if the counts of images and titles
     *                                  differ, if {@code columns < 1}, or if an image is not a square of finite values
     */
    public static PlotlyFigure imageGrid(List<float[]> images, List<String> titles, int columns) {
        return ImagePanels.grid(images, titles, columns, "");
    }

    /**
     * A grid of images titled with their true and predicted labels: a correct prediction shows its class, a wrong
     * one shows "true X" and "predicted Y" in red.
     *
     * @param images          1 to 100 images, each row-major with {@code side × side} pixels
     * @param trueLabels      the true class name of each image
     * @param predictedLabels the predicted class name of each image
     * @param columns         images per row, {@code >= 1}
     * @return as {@link #imageGrid(List, List, int)}, with the title "n of m predicted correctly"
     * @throws IllegalArgumentException as {@link #imageGrid(List, List, int)}, or if the label lists' lengths differ
     *                                  from the number of images
     */
    public static PlotlyFigure imageGrid(List<float[]> images, List<String> trueLabels, List<String> predictedLabels,
                                         int columns) {
        return ImagePanels.predictions(images, trueLabels, predictedLabels, columns);
    }

    // ------------------------------------------------------------------------------------------------- calibration

    /**
     * Reliability diagram (Guo et al., 2017, §2): accuracy against confidence, one line per model, with the diagonal
     * of perfect calibration. A line below the diagonal is over-confident. Each point is a non-empty bin, placed at
     * its mean confidence; its size grows with the bin's count; the legend gives each model's expected calibration
     * error (ECE).
     *
     * <pre>{@code
     * Map<String, Calibration.Reliability> byModel = new LinkedHashMap<>();
     * byModel.put("teacher", Calibration.reliability(teacherLogits, labels));
     * Plots.reliabilityDiagram(byModel)
     * }</pre>
     *
     * @param byModel model name → its bins from {@link Calibration#reliability}, in legend order
     * @return a figure with one {@code scatter} trace per model (named "model (ECE x.x %)", {@code x} = mean
     *         confidence, {@code y} = accuracy of the non-empty bins) and a last trace "perfect calibration"
     * @throws IllegalArgumentException if {@code byModel} is empty or a model's bins are null
     */
    public static PlotlyFigure reliabilityDiagram(Map<String, Calibration.Reliability> byModel) {
        return ReliabilityDiagram.of(byModel);
    }

    // ------------------------------------------------------------------------------------------------ save and show

    /**
     * Writes {@code figure} as a standalone HTML page with plotly.js inlined (about 4.6 MB), so it opens in any
     * browser without internet. Parent directories are created.
     *
     * @param figure any tablesaw figure (those of this class, or tablesaw-jsplot's own)
     * @param path   where to write, e.g. {@code Path.of("figures/soft-labels.html")}; replaced if it exists
     * @return {@code path}
     * @throws UncheckedIOException if the file cannot be written
     */
    public static Path save(Figure figure, Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(path, FigureHtml.standalonePage(figure), StandardCharsets.UTF_8);
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the figure to " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads plotly.js into the notebook page again: a cell ending in {@code Plots.reloadPlotly()} outputs the library
     * (once, 4.6 MB), and every figure waiting for it draws. Use it when figures say "plotly.js is not loaded" — for
     * example after the output that carried the library was cleared and the page reloaded.
     *
     * @return an output that the notebook shows as one line and that carries plotly.js
     */
    public static PlotlyJs.Embed reloadPlotly() {
        return new PlotlyJs.Embed();
    }
}
