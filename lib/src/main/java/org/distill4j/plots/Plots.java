package org.distill4j.plots;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.plotly.components.Figure;

/**
 * The figures of the course, each one line in a notebook: training curves, soft labels, heatmaps (confusion matrix,
 * "dark knowledge"), images with saliency, image grids, reliability diagrams and hyper-parameter sweeps.
 *
 * <p>Every helper takes plain Java data ({@code float[]}, {@code List<String>}, tablesaw {@link Table}s) and returns a
 * {@link PlotlyFigure}, a tablesaw {@link Figure} drawn by plotly.js. A cell that ends with one shows it (see
 * {@code org.distill4j.display.CourseDisplay}); {@link #save} writes it as a standalone HTML page that opens offline.
 * Bad input fails at once with an {@link IllegalArgumentException} that says which argument and why, rather than
 * with a blank figure in the browser.
 *
 * <p>Maps give one series (legend entry) per key, in the map's iteration order: pass a {@link LinkedHashMap}
 * (or {@code Map.of} with a single entry) when the order matters.
 */
public final class Plots {

    /** Colour scale of images: 0 is black, 1 is white, as the network sees the pixels. */
    private static final List<List<Object>> GREYS = List.of(List.of(0, "#000000"), List.of(1, "#ffffff"));
    /** Colour scale of counts: white to dark blue. */
    private static final List<List<Object>> BLUES = List.of(List.of(0, "#f7fbff"), List.of(0.5, "#6baed6"),
            List.of(1, "#08306b"));
    /** Colour scale of a saliency overlay: transparent to opaque orange-red, so the image shows through. */
    private static final List<List<Object>> OVERLAY = List.of(List.of(0, "rgba(255,69,0,0)"),
            List.of(1, "rgba(255,69,0,0.9)"));
    private static final int MAX_PANELS = 100;
    private static final int MAX_TEXT_CELLS = 400;

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
        requireNonEmpty("histories", histories);
        List<PlotlyTrace> traces = new ArrayList<>();
        histories.forEach((run, history) -> traces.add(
                line(run, numeric(history, "epoch", run), numeric(history, column, run))));
        Map<String, Object> layout = layout(column + " per epoch");
        layout.put("xaxis", axis("epoch"));
        layout.put("yaxis", axis(column));
        layout.put("hovermode", "x unified");
        layout.put("height", 420);
        layout.put("showlegend", true);
        return new PlotlyFigure(traces, layout);
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
        if (columns == null || columns.length == 0) {
            throw new IllegalArgumentException("name at least one metric column to plot, e.g. "
                    + "trainingCurves(history, \"train_accuracy\", \"test_accuracy\")");
        }
        String run = history.name() == null || history.name().isBlank() ? "history" : history.name();
        double[] epochs = numeric(history, "epoch", run);
        List<PlotlyTrace> traces = new ArrayList<>();
        for (String column : columns) {
            traces.add(line(column, epochs, numeric(history, column, run)));
        }
        Map<String, Object> layout = layout(run.equals("history") ? String.join(", ", columns) + " per epoch"
                : run + ": " + String.join(", ", columns) + " per epoch");
        layout.put("xaxis", axis("epoch"));
        layout.put("yaxis", axis(columns.length == 1 ? columns[0] : "value"));
        layout.put("hovermode", "x unified");
        layout.put("height", 420);
        layout.put("showlegend", true);
        return new PlotlyFigure(traces, layout);
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
        requireLabels("classNames", classNames);
        requireNonEmpty("probabilitiesBySeries", probabilitiesBySeries);
        List<PlotlyTrace> traces = new ArrayList<>();
        probabilitiesBySeries.forEach((series, p) -> {
            requireLength("probabilities of series '" + series + "'", p == null ? -1 : p.length, classNames.size(),
                    "one per class name");
            double[] y = doubles(p);
            for (int c = 0; c < y.length; c++) {
                if (!(y[c] >= -1e-6 && y[c] <= 1 + 1e-6)) {
                    throw new IllegalArgumentException("probabilities must be in [0, 1], but series '" + series
                            + "' has " + y[c] + " for class '" + classNames.get(c)
                            + "': are these logits? Apply a softmax first (SoftTargets.softmax).");
                }
            }
            Map<String, Object> bar = trace("bar", series);
            bar.put("x", List.copyOf(classNames));
            bar.put("y", y);
            bar.put("hovertemplate", "%{x}: %{y:.3f}<extra>" + series + "</extra>");
            traces.add(new PlotlyTrace(bar));
        });
        Map<String, Object> layout = layout("Soft labels");
        layout.put("barmode", "group");
        layout.put("xaxis", axis("class"));
        Map<String, Object> yaxis = axis("probability");
        yaxis.put("range", List.of(0, 1));
        layout.put("yaxis", yaxis);
        layout.put("height", 400);
        layout.put("showlegend", true);
        return new PlotlyFigure(traces, layout);
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
        double[][] z = matrix("values", values, yLabels, xLabels);
        Map<String, Object> trace = heatmapTrace(z, xLabels, yLabels, "Viridis", "%{z:.2f}");
        Map<String, Object> layout = layout(title);
        layout.put("xaxis", categoryAxis(""));
        layout.put("yaxis", reversed(categoryAxis("")));
        layout.put("height", heatmapHeight(yLabels.size()));
        return new PlotlyFigure(List.of(new PlotlyTrace(trace)), layout);
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
        requireLabels("classNames", classNames);
        int n = classNames.size();
        requireLength("counts (rows = true classes)", counts == null ? -1 : counts.length, n, "one row per class");
        double[][] z = new double[n][n];
        long total = 0;
        long correct = 0;
        for (int t = 0; t < n; t++) {
            requireLength("row " + t + " of counts", counts[t] == null ? -1 : counts[t].length, n,
                    "one column per class");
            for (int p = 0; p < n; p++) {
                if (counts[t][p] < 0) {
                    throw new IllegalArgumentException("counts must be >= 0, but counts[" + t + "][" + p + "] is "
                            + counts[t][p]);
                }
                z[t][p] = counts[t][p];
                total += counts[t][p];
                if (t == p) {
                    correct += counts[t][p];
                }
            }
        }
        Map<String, Object> trace = heatmapTrace(z, classNames, classNames, BLUES, "%{z}");
        double most = 0;
        for (double[] row : z) {
            for (double v : row) {
                most = Math.max(most, v);
            }
        }
        trace.put("zmin", 0); // plotly.js honours zmin only together with zmax
        trace.put("zmax", most > 0 ? most : 1);
        trace.put("hovertemplate", "true %{y}, predicted %{x}: %{z} examples<extra></extra>");
        String accuracy = total == 0 ? "no examples" : String.format("accuracy %.1f %%", 100.0 * correct / total);
        Map<String, Object> layout = layout("Confusion matrix (" + accuracy + ")");
        layout.put("xaxis", categoryAxis("predicted class"));
        layout.put("yaxis", reversed(categoryAxis("true class")));
        layout.put("height", heatmapHeight(n));
        return new PlotlyFigure(List.of(new PlotlyTrace(trace)), layout);
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
        requireLabels("classNames", classNames);
        double[][] z = matrix("similarity", similarity, classNames, classNames);
        for (int i = 0; i < z.length; i++) {
            z[i][i] = Double.NaN;
        }
        Map<String, Object> trace = heatmapTrace(z, classNames, classNames, "Viridis", "%{z:.3f}");
        trace.put("hovertemplate", "examples of %{y}: mean probability of %{x} = %{z:.4f}<extra></extra>");
        Map<String, Object> layout = layout("Dark knowledge: the teacher's mean soft prediction per class "
                + "(diagonal hidden)");
        layout.put("xaxis", categoryAxis("probability given to class"));
        layout.put("yaxis", reversed(categoryAxis("examples of class")));
        layout.put("height", heatmapHeight(classNames.size()));
        return new PlotlyFigure(List.of(new PlotlyTrace(trace)), layout);
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
        double[][] z = square("pixels", pixels);
        return panels(List.of(new Panel("", List.of(imageTrace(z)))), 1, 300, title);
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
        double[][] picture = square("image", image);
        double[][] map = square("saliency", saliency);
        if (image.length != saliency.length) {
            throw new IllegalArgumentException("image and saliency must have the same number of pixels; got "
                    + image.length + " and " + saliency.length);
        }
        double min = Double.POSITIVE_INFINITY;
        double maxAbs = 0;
        double[][] magnitude = new double[map.length][map.length];
        for (int r = 0; r < map.length; r++) {
            for (int c = 0; c < map.length; c++) {
                min = Math.min(min, map[r][c]);
                magnitude[r][c] = Math.abs(map[r][c]);
                maxAbs = Math.max(maxAbs, magnitude[r][c]);
            }
        }
        Map<String, Object> saliencyTrace = heatmapTrace(map, null, null, min < 0 ? "RdBu" : "Hot", null);
        if (min < 0) {
            saliencyTrace.put("zmid", 0);
            saliencyTrace.put("zmin", -maxAbs);
            saliencyTrace.put("zmax", maxAbs);
        }
        saliencyTrace.put("showscale", false);
        saliencyTrace.put("hovertemplate", "row %{y}, column %{x}: saliency %{z:.3g}<extra></extra>");
        Map<String, Object> overlay = heatmapTrace(magnitude, null, null, OVERLAY, null);
        overlay.put("zmin", 0);
        overlay.put("zmax", maxAbs > 0 ? maxAbs : 1);
        overlay.put("showscale", false);
        overlay.put("hovertemplate", "row %{y}, column %{x}: |saliency| %{z:.3g}<extra></extra>");
        List<Panel> panels = List.of(
                new Panel("image", List.of(imageTrace(picture))),
                new Panel("saliency", List.of(saliencyTrace)),
                new Panel("overlay", List.of(imageTrace(picture), overlay)));
        return panels(panels, 3, 220, title);
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
        return grid(images, titles, columns, "");
    }

    private static PlotlyFigure grid(List<float[]> images, List<String> titles, int columns, String title) {
        if (images == null || images.isEmpty() || images.size() > MAX_PANELS) {
            throw new IllegalArgumentException("an image grid shows 1 to " + MAX_PANELS + " images, got "
                    + (images == null ? "null" : images.size()));
        }
        requireLength("titles", titles == null ? -1 : titles.size(), images.size(), "one per image");
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be >= 1, got " + columns);
        }
        List<Panel> panels = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            panels.add(new Panel(titles.get(i), List.of(imageTrace(square("image " + i, images.get(i))))));
        }
        return panels(panels, Math.min(columns, images.size()), 110, title);
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
        int n = images == null ? 0 : images.size();
        requireLength("trueLabels", trueLabels == null ? -1 : trueLabels.size(), n, "one per image");
        requireLength("predictedLabels", predictedLabels == null ? -1 : predictedLabels.size(), n, "one per image");
        List<String> titles = new ArrayList<>();
        int correct = 0;
        for (int i = 0; i < n; i++) {
            String truth = plotlyText(trueLabels.get(i));
            String predicted = plotlyText(predictedLabels.get(i));
            if (trueLabels.get(i).equals(predictedLabels.get(i))) {
                titles.add(truth);
                correct++;
            } else {
                titles.add("<span style=\"color:#c0392b\">true " + truth + "<br>predicted " + predicted + "</span>");
            }
        }
        return grid(images, titles, columns, correct + " of " + n + " predicted correctly");
    }

    // ------------------------------------------------------------------------------------------------- calibration

    /**
     * Reliability diagram (Guo et al., 2017, §2): accuracy against confidence, one line per model, with the diagonal
     * of perfect calibration. A line below the diagonal is over-confident. Each point is a non-empty bin, placed at
     * its mean confidence; its size grows with the bin's count; the legend gives each model's expected calibration
     * error (ECE).
     *
     * @param binsByModel model name → its bins (see {@link ReliabilityBins})
     * @return a figure with one {@code scatter} trace per model (named "model (ECE x.x %)", {@code x} = mean
     *         confidence, {@code y} = accuracy of the non-empty bins) and a last trace "perfect calibration"
     * @throws IllegalArgumentException if {@code binsByModel} is empty
     */
    public static PlotlyFigure reliabilityDiagram(Map<String, ReliabilityBins> binsByModel) {
        requireNonEmpty("binsByModel", binsByModel);
        List<PlotlyTrace> traces = new ArrayList<>();
        binsByModel.forEach((model, bins) -> {
            if (bins == null) {
                throw new IllegalArgumentException("the bins of model '" + model + "' are null");
            }
            long maxCount = 1;
            for (long c : bins.count()) {
                maxCount = Math.max(maxCount, c);
            }
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> sizes = new ArrayList<>();
            List<List<Object>> custom = new ArrayList<>();
            for (int b = 0; b < bins.size(); b++) {
                if (bins.count()[b] > 0) {
                    x.add(bins.meanConfidence()[b]);
                    y.add(bins.accuracy()[b]);
                    sizes.add(6 + 14 * Math.sqrt((double) bins.count()[b] / maxCount));
                    custom.add(List.of(bins.lower()[b], bins.upper()[b], bins.count()[b]));
                }
            }
            double ece = bins.expectedCalibrationError();
            String name = model + (Double.isNaN(ece) ? " (no predictions)" : String.format(" (ECE %.1f %%)", 100 * ece));
            Map<String, Object> trace = trace("scatter", name);
            trace.put("mode", "lines+markers");
            trace.put("x", unbox(x));
            trace.put("y", unbox(y));
            trace.put("marker", Map.of("size", unbox(sizes)));
            trace.put("customdata", custom);
            trace.put("hovertemplate", "confidence in [%{customdata[0]:.2f}, %{customdata[1]:.2f}): "
                    + "%{customdata[2]} predictions<br>mean confidence %{x:.3f}, accuracy %{y:.3f}<extra>"
                    + plotlyText(model) + "</extra>");
            traces.add(new PlotlyTrace(trace));
        });
        Map<String, Object> diagonal = trace("scatter", "perfect calibration");
        diagonal.put("mode", "lines");
        diagonal.put("x", new double[] {0, 1});
        diagonal.put("y", new double[] {0, 1});
        diagonal.put("line", Map.of("dash", "dash", "color", "#888888", "width", 1));
        diagonal.put("hoverinfo", "skip");
        traces.add(new PlotlyTrace(diagonal));
        Map<String, Object> layout = layout("Reliability diagram");
        Map<String, Object> xaxis = axis("confidence (mean top-class probability in the bin)");
        xaxis.put("range", List.of(0, 1.02));
        Map<String, Object> yaxis = axis("accuracy in the bin");
        yaxis.put("range", List.of(0, 1.02));
        layout.put("xaxis", xaxis);
        layout.put("yaxis", yaxis);
        layout.put("height", 480);
        return new PlotlyFigure(traces, layout);
    }

    // ------------------------------------------------------------------------------------------------------- sweeps

    /**
     * A hyper-parameter sweep as lines: a metric against the temperature T, one line per α. When the temperatures
     * span a factor of 10 or more the T axis is logarithmic.
     *
     * @param metric       the metric's name, for the y axis and title, e.g. {@code "test_acc"}
     * @param temperatures the temperatures, in increasing order, all {@code > 0}
     * @param alphas       the α values
     * @param values       {@code values[a][t]}: the metric for {@code alphas[a]} at {@code temperatures[t]};
     *                     {@code NaN} for a run that is missing (a gap)
     * @return a figure with one {@code scatter} trace per α, named {@code "α = 0.5"}
     * @throws IllegalArgumentException if the shape of {@code values} is not {@code [alphas][temperatures]}, if a
     *                                  list is empty, or if temperatures are not positive and increasing
     */
    public static PlotlyFigure sweep(String metric, double[] temperatures, double[] alphas, double[][] values) {
        checkSweep(temperatures, alphas, values);
        List<PlotlyTrace> traces = new ArrayList<>();
        for (int a = 0; a < alphas.length; a++) {
            traces.add(line("α = " + label(alphas[a]), temperatures.clone(), values[a].clone()));
        }
        Map<String, Object> layout = layout(metric + " against temperature, one line per α");
        Map<String, Object> xaxis = axis("temperature T");
        if (temperatures[temperatures.length - 1] / temperatures[0] >= 10) {
            xaxis.put("type", "log");
        }
        layout.put("xaxis", xaxis);
        layout.put("yaxis", axis(metric));
        layout.put("height", 420);
        layout.put("showlegend", true);
        return new PlotlyFigure(traces, layout);
    }

    /**
     * A hyper-parameter sweep as a heatmap: one cell per (α, T) run, coloured and labelled by the metric.
     *
     * @param metric       the metric's name, for the title and colour bar
     * @param temperatures the temperatures (columns), positive and increasing
     * @param alphas       the α values (rows, first at the top)
     * @param values       {@code values[a][t]}, {@code NaN} for a missing run (blank cell)
     * @return a figure with one {@code heatmap} trace ({@code x} = "T" labels, {@code y} = α labels)
     * @throws IllegalArgumentException as {@link #sweep}
     */
    public static PlotlyFigure sweepHeatmap(String metric, double[] temperatures, double[] alphas,
                                            double[][] values) {
        checkSweep(temperatures, alphas, values);
        List<String> x = new ArrayList<>();
        for (double t : temperatures) {
            x.add(label(t));
        }
        List<String> y = new ArrayList<>();
        for (double a : alphas) {
            y.add(label(a));
        }
        double[][] z = new double[alphas.length][];
        for (int a = 0; a < alphas.length; a++) {
            z[a] = values[a].clone();
        }
        Map<String, Object> trace = heatmapTrace(z, x, y, "Viridis", "%{z:.3f}");
        trace.put("colorbar", Map.of("title", Map.of("text", metric)));
        trace.put("hovertemplate", "T = %{x}, α = %{y}: " + plotlyText(metric) + " %{z:.4f}<extra></extra>");
        Map<String, Object> layout = layout(metric + " for each temperature T and α");
        layout.put("xaxis", categoryAxis("temperature T"));
        layout.put("yaxis", reversed(categoryAxis("α")));
        layout.put("height", Math.max(300, 120 + 40 * alphas.length));
        return new PlotlyFigure(List.of(new PlotlyTrace(trace)), layout);
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

    // ------------------------------------------------------------------------------------------------------ helpers

    /** A float as the double it prints as ({@code 0.1f} → {@code 0.1}, not {@code 0.10000000149011612}). */
    static double exact(float f) {
        return Float.isFinite(f) ? Double.parseDouble(Float.toString(f)) : f;
    }

    private static double[] doubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = exact(values[i]);
        }
        return out;
    }

    private static double[] unbox(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** {@code 4} for 4.0, {@code 0.5} for 0.5: numbers as a learner writes them. */
    static String label(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** Escapes text for plotly.js, which reads {@code <…>} as markup in titles and annotations. */
    static String plotlyText(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Map<String, Object> trace(String type, String name) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("type", type);
        if (name != null) {
            t.put("name", name);
        }
        return t;
    }

    private static PlotlyTrace line(String name, double[] x, double[] y) {
        Map<String, Object> t = trace("scatter", name);
        t.put("mode", "lines+markers");
        t.put("x", x);
        t.put("y", y);
        return new PlotlyTrace(t);
    }

    private static Map<String, Object> layout(String title) {
        Map<String, Object> layout = new LinkedHashMap<>();
        if (title != null && !title.isEmpty()) {
            layout.put("title", Map.of("text", title));
        }
        layout.put("margin", Map.of("t", 60, "r", 20));
        return layout;
    }

    private static Map<String, Object> axis(String title) {
        Map<String, Object> axis = new LinkedHashMap<>();
        if (!title.isEmpty()) {
            axis.put("title", Map.of("text", title));
        }
        return axis;
    }

    private static Map<String, Object> categoryAxis(String title) {
        Map<String, Object> axis = axis(title);
        axis.put("type", "category");
        axis.put("tickmode", "linear");
        axis.put("dtick", 1);
        return axis;
    }

    private static Map<String, Object> reversed(Map<String, Object> axis) {
        axis.put("autorange", "reversed");
        return axis;
    }

    private static int heatmapHeight(int rows) {
        return Math.max(360, Math.min(900, 160 + 36 * rows));
    }

    private static Map<String, Object> heatmapTrace(double[][] z, List<String> x, List<String> y, Object colorscale,
                                                    String texttemplate) {
        Map<String, Object> t = trace("heatmap", null);
        t.put("z", z);
        if (x != null) {
            t.put("x", List.copyOf(x));
        }
        if (y != null) {
            t.put("y", List.copyOf(y));
        }
        t.put("colorscale", colorscale);
        if (texttemplate != null && z.length * (long) z[0].length <= MAX_TEXT_CELLS) {
            t.put("texttemplate", texttemplate);
        }
        t.put("xgap", x != null ? 1 : 0);
        t.put("ygap", y != null ? 1 : 0);
        return t;
    }

    private static Map<String, Object> imageTrace(double[][] z) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : z) {
            for (double v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        boolean unit = min >= 0 && max <= 1;
        Map<String, Object> t = heatmapTrace(z, null, null, GREYS, null);
        t.put("zmin", unit ? 0 : min);
        t.put("zmax", unit ? 1 : (max > min ? max : min + 1));
        t.put("showscale", false);
        t.put("hovertemplate", "row %{y}, column %{x}: %{z:.2f}<extra></extra>");
        return t;
    }

    /** A panel of an image figure: its title and the traces drawn on its axes (image, then overlays). */
    private record Panel(String title, List<Map<String, Object>> traces) {}

    /**
     * Lays out square panels in a grid with exact pixel sizes, so every image keeps square pixels: panel {@code k}
     * draws on axes {@code x<k>, y<k>}, and its title is an annotation just above it.
     */
    private static PlotlyFigure panels(List<Panel> panels, int columns, int panelPixels, String title) {
        int rows = (panels.size() + columns - 1) / columns;
        boolean panelTitles = panels.stream().anyMatch(p -> !p.title().isEmpty());
        int titleHeight = panelTitles ? (panels.stream().anyMatch(p -> p.title().contains("<br>")) ? 34 : 20) : 0;
        int gap = 10;
        int plotWidth = columns * panelPixels + (columns - 1) * gap;
        int plotHeight = rows * (panelPixels + titleHeight) + (rows - 1) * gap;
        int top = title.isEmpty() ? 10 : 50;
        Map<String, Object> layout = layout("");
        if (!title.isEmpty()) {
            layout.put("title", Map.of("text", title, "x", 0.01, "xanchor", "left"));
        }
        layout.put("margin", Map.of("l", 10, "r", 10, "t", top, "b", 10));
        layout.put("width", plotWidth + 20);
        layout.put("height", plotHeight + top + 10);
        layout.put("showlegend", false);
        List<Map<String, Object>> annotations = new ArrayList<>();
        List<PlotlyTrace> traces = new ArrayList<>();
        for (int k = 0; k < panels.size(); k++) {
            int row = k / columns;
            int column = k % columns;
            double x0 = (double) column * (panelPixels + gap) / plotWidth;
            double x1 = x0 + (double) panelPixels / plotWidth;
            double y1 = 1 - (double) (row * (panelPixels + titleHeight + gap) + titleHeight) / plotHeight;
            double y0 = y1 - (double) panelPixels / plotHeight;
            String suffix = k == 0 ? "" : Integer.toString(k + 1);
            Map<String, Object> xaxis = hiddenAxis(x0, x1);
            xaxis.put("anchor", "y" + suffix);
            Map<String, Object> yaxis = reversed(hiddenAxis(y0, y1));
            yaxis.put("anchor", "x" + suffix);
            yaxis.put("scaleanchor", "x" + suffix);
            layout.put("xaxis" + suffix, xaxis);
            layout.put("yaxis" + suffix, yaxis);
            for (Map<String, Object> t : panels.get(k).traces()) {
                Map<String, Object> placed = new LinkedHashMap<>(t);
                placed.put("xaxis", "x" + suffix);
                placed.put("yaxis", "y" + suffix);
                traces.add(new PlotlyTrace(placed));
            }
            if (!panels.get(k).title().isEmpty()) {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("text", panels.get(k).title());
                a.put("x", round((x0 + x1) / 2));
                a.put("y", round(y1));
                a.put("xref", "paper");
                a.put("yref", "paper");
                a.put("xanchor", "center");
                a.put("yanchor", "bottom");
                a.put("showarrow", false);
                a.put("font", Map.of("size", 11));
                annotations.add(a);
            }
        }
        if (!annotations.isEmpty()) {
            layout.put("annotations", annotations);
        }
        return new PlotlyFigure(traces, layout);
    }

    private static Map<String, Object> hiddenAxis(double from, double to) {
        Map<String, Object> axis = new LinkedHashMap<>();
        axis.put("domain", List.of(round(from), round(to)));
        axis.put("showticklabels", false);
        axis.put("ticks", "");
        axis.put("showgrid", false);
        axis.put("zeroline", false);
        axis.put("constrain", "domain");
        return axis;
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    // --------------------------------------------------------------------------------------------------- validation

    private static double[] numeric(Table history, String column, String run) {
        if (history == null) {
            throw new IllegalArgumentException("the history of '" + run + "' is null");
        }
        if (!history.containsColumn(column)) {
            throw new IllegalArgumentException("the history of '" + run + "' has no column '" + column
                    + "'; its columns are " + history.columnNames());
        }
        Column<?> c = history.column(column);
        if (!(c instanceof NumericColumn<?> n)) {
            throw new IllegalArgumentException("column '" + column + "' of the history of '" + run
                    + "' holds " + c.type().name() + ", not numbers");
        }
        return n.asDoubleArray();
    }

    private static void requireNonEmpty(String what, Map<?, ?> map) {
        if (map == null || map.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty: give at least one series (name → data)");
        }
    }

    private static void requireLabels(String what, List<String> labels) {
        if (labels == null || labels.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty: give one label per class/row/column");
        }
        Set<String> seen = new HashSet<>();
        for (String label : labels) {
            if (label == null) {
                throw new IllegalArgumentException(what + " contains null");
            }
            if (!seen.add(label)) {
                throw new IllegalArgumentException(what + " must be distinct, but '" + label + "' appears twice");
            }
        }
    }

    private static void requireLength(String what, int actual, int expected, String rule) {
        if (actual != expected) {
            throw new IllegalArgumentException(what + " must have length " + expected + " (" + rule + "), got "
                    + (actual < 0 ? "null" : Integer.toString(actual)));
        }
    }

    private static double[][] matrix(String what, float[][] values, List<String> rowLabels,
                                     List<String> columnLabels) {
        requireLabels("row labels", rowLabels);
        requireLabels("column labels", columnLabels);
        requireLength(what + " (rows)", values == null ? -1 : values.length, rowLabels.size(), "one row per row label");
        double[][] z = new double[values.length][];
        for (int r = 0; r < values.length; r++) {
            requireLength("row " + r + " of " + what, values[r] == null ? -1 : values[r].length, columnLabels.size(),
                    "one value per column label");
            z[r] = doubles(values[r]);
        }
        return z;
    }

    private static double[][] square(String what, float[] pixels) {
        if (pixels == null || pixels.length == 0) {
            throw new IllegalArgumentException(what + " is empty: give side × side pixels, e.g. 784 for 28×28");
        }
        int side = (int) Math.round(Math.sqrt(pixels.length));
        if (side * side != pixels.length) {
            throw new IllegalArgumentException(what + " has " + pixels.length + " values, which is not a square "
                    + "number: give side × side pixels in row-major order, e.g. 784 for 28×28");
        }
        double[][] z = new double[side][side];
        for (int i = 0; i < pixels.length; i++) {
            if (!Float.isFinite(pixels[i])) {
                throw new IllegalArgumentException(what + " has a non-finite value " + pixels[i] + " at row "
                        + i / side + ", column " + i % side);
            }
            z[i / side][i % side] = exact(pixels[i]);
        }
        return z;
    }

    private static void checkSweep(double[] temperatures, double[] alphas, double[][] values) {
        if (temperatures == null || temperatures.length == 0 || alphas == null || alphas.length == 0) {
            throw new IllegalArgumentException("a sweep needs at least one temperature and one α");
        }
        for (int t = 0; t < temperatures.length; t++) {
            if (!(temperatures[t] > 0) || (t > 0 && !(temperatures[t] > temperatures[t - 1]))) {
                throw new IllegalArgumentException("temperatures must be positive and increasing, got "
                        + java.util.Arrays.toString(temperatures));
            }
        }
        requireLength("values (rows = α)", values == null ? -1 : values.length, alphas.length, "one row per α");
        for (int a = 0; a < alphas.length; a++) {
            requireLength("values[" + a + "] (α = " + label(alphas[a]) + ")", values[a] == null ? -1 : values[a].length,
                    temperatures.length, "one value per temperature");
        }
    }
}
