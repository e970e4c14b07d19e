package org.distill4j.plots;

import static org.distill4j.plots.PlotlyLayout.round;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The image family: greyscale images in square panels with exact pixel sizes (so every image keeps square pixels) —
 * one image, an image with its saliency map, a grid of titled images. Package-private: learners call {@link Plots}.
 */
final class ImagePanels {

    /** Colour scale of images: 0 is black, 1 is white, as the network sees the pixels. */
    private static final List<List<Object>> GREYS = List.of(List.of(0, "#000000"), List.of(1, "#ffffff"));
    /** Colour scale of a saliency overlay: transparent to opaque orange-red, so the image shows through. */
    private static final List<List<Object>> OVERLAY = List.of(List.of(0, "rgba(255,69,0,0)"),
            List.of(1, "rgba(255,69,0,0.9)"));
    private static final int MAX_PANELS = 100;

    private ImagePanels() {}

    /** A panel: its title and the traces drawn on its axes (image, then overlays). */
    private record Panel(String title, List<PlotlyTrace> traces) {}

    /** See {@link Plots#image}. */
    static PlotlyFigure image(float[] pixels, String title) {
        return panels(List.of(new Panel("", List.of(picture(FigureInputs.square("pixels", pixels))))), 1, 300, title);
    }

    /** See {@link Plots#imageWithSaliency}. */
    static PlotlyFigure withSaliency(float[] image, float[] saliency, String title) {
        double[][] picture = FigureInputs.square("image", image);
        double[][] map = FigureInputs.square("saliency", saliency);
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
        PlotlyTrace saliencyTrace = PlotlyTrace.heatmap(map, null, null, min < 0 ? "RdBu" : "Hot");
        if (min < 0) {
            saliencyTrace.with("zmid", 0).with("zmin", -maxAbs).with("zmax", maxAbs);
        }
        saliencyTrace.with("showscale", false)
                .with("hovertemplate", "row %{y}, column %{x}: saliency %{z:.3g}<extra></extra>");
        PlotlyTrace overlay = PlotlyTrace.heatmap(magnitude, null, null, OVERLAY)
                .with("zmin", 0).with("zmax", maxAbs > 0 ? maxAbs : 1).with("showscale", false)
                .with("hovertemplate", "row %{y}, column %{x}: |saliency| %{z:.3g}<extra></extra>");
        List<Panel> panels = List.of(
                new Panel("image", List.of(picture(picture))),
                new Panel("saliency", List.of(saliencyTrace)),
                new Panel("overlay", List.of(picture(picture), overlay)));
        return panels(panels, 3, 220, title);
    }

    /** See {@link Plots#imageGrid(List, List, int)}. */
    static PlotlyFigure grid(List<float[]> images, List<String> titles, int columns, String title) {
        if (images == null || images.isEmpty() || images.size() > MAX_PANELS) {
            throw new IllegalArgumentException("an image grid shows 1 to " + MAX_PANELS + " images, got "
                    + (images == null ? "null" : images.size()));
        }
        FigureInputs.requireLength("titles", titles == null ? -1 : titles.size(), images.size(), "one per image");
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be >= 1, got " + columns);
        }
        List<Panel> panels = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            panels.add(new Panel(titles.get(i), List.of(picture(FigureInputs.square("image " + i, images.get(i))))));
        }
        return panels(panels, Math.min(columns, images.size()), 110, title);
    }

    /** See {@link Plots#imageGrid(List, List, List, int)}. */
    static PlotlyFigure predictions(List<float[]> images, List<String> trueLabels, List<String> predictedLabels,
                                    int columns) {
        int n = images == null ? 0 : images.size();
        FigureInputs.requireLength("trueLabels", trueLabels == null ? -1 : trueLabels.size(), n, "one per image");
        FigureInputs.requireLength("predictedLabels", predictedLabels == null ? -1 : predictedLabels.size(), n,
                "one per image");
        List<String> titles = new ArrayList<>();
        int correct = 0;
        for (int i = 0; i < n; i++) {
            String truth = PlotlyLayout.plotlyText(trueLabels.get(i));
            String predicted = PlotlyLayout.plotlyText(predictedLabels.get(i));
            if (trueLabels.get(i).equals(predictedLabels.get(i))) {
                titles.add(truth);
                correct++;
            } else {
                titles.add("<span style=\"color:#c0392b\">true " + truth + "<br>predicted " + predicted + "</span>");
            }
        }
        return grid(images, titles, columns, correct + " of " + n + " predicted correctly");
    }

    /** A greyscale image: [0, 1] from black to white, other ranges from their minimum to their maximum. */
    private static PlotlyTrace picture(double[][] z) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : z) {
            for (double v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        boolean unit = min >= 0 && max <= 1;
        return PlotlyTrace.heatmap(z, null, null, GREYS)
                .with("zmin", unit ? 0 : min)
                .with("zmax", unit ? 1 : (max > min ? max : min + 1))
                .with("showscale", false)
                .with("hovertemplate", "row %{y}, column %{x}: %{z:.2f}<extra></extra>");
    }

    /**
     * Lays out square panels in a grid with exact pixel sizes: panel {@code k} draws on axes {@code x<k>, y<k>}, and
     * its title is an annotation just above it.
     */
    private static PlotlyFigure panels(List<Panel> panels, int columns, int panelPixels, String title) {
        int rows = (panels.size() + columns - 1) / columns;
        boolean panelTitles = panels.stream().anyMatch(p -> !p.title().isEmpty());
        int titleHeight = panelTitles ? (panels.stream().anyMatch(p -> p.title().contains("<br>")) ? 34 : 20) : 0;
        int gap = 10;
        int plotWidth = columns * panelPixels + (columns - 1) * gap;
        int plotHeight = rows * (panelPixels + titleHeight) + (rows - 1) * gap;
        int top = title.isEmpty() ? 10 : 50;
        Map<String, Object> layout = new LinkedHashMap<>();
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
            Map<String, Object> yaxis = PlotlyLayout.reversed(hiddenAxis(y0, y1));
            yaxis.put("anchor", "x" + suffix);
            yaxis.put("scaleanchor", "x" + suffix);
            layout.put("xaxis" + suffix, xaxis);
            layout.put("yaxis" + suffix, yaxis);
            for (PlotlyTrace t : panels.get(k).traces()) {
                traces.add(t.onAxes(suffix));
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
}
