package org.distill4j.plots;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The layout pieces every figure family shares, as plotly.js attributes: a titled layout, axes, category axes, and
 * the way numbers and text are written for plotly.js. Package-private: learners meet figures through {@link Plots}.
 */
final class PlotlyLayout {

    private PlotlyLayout() {}

    /** A layout with a title (none if empty) and a top margin that leaves room for it. */
    static Map<String, Object> titled(String title) {
        Map<String, Object> layout = new LinkedHashMap<>();
        if (title != null && !title.isEmpty()) {
            layout.put("title", Map.of("text", title));
        }
        layout.put("margin", Map.of("t", 60, "r", 20));
        return layout;
    }

    /** {@link #titled} with axis titles, a height in CSS pixels and a legend: the layout of line and bar charts. */
    static Map<String, Object> chart(String title, Map<String, Object> xaxis, Map<String, Object> yaxis, int height) {
        Map<String, Object> layout = titled(title);
        layout.put("xaxis", xaxis);
        layout.put("yaxis", yaxis);
        layout.put("height", height);
        layout.put("showlegend", true);
        return layout;
    }

    static Map<String, Object> axis(String title) {
        Map<String, Object> axis = new LinkedHashMap<>();
        if (!title.isEmpty()) {
            axis.put("title", Map.of("text", title));
        }
        return axis;
    }

    /** An axis with one tick per category, in the order given. */
    static Map<String, Object> categoryAxis(String title) {
        Map<String, Object> axis = axis(title);
        axis.put("type", "category");
        axis.put("tickmode", "linear");
        axis.put("dtick", 1);
        return axis;
    }

    /** Draws the first row at the top, as a matrix is printed. */
    static Map<String, Object> reversed(Map<String, Object> axis) {
        axis.put("autorange", "reversed");
        return axis;
    }

    /** A float as the double it prints as ({@code 0.1f} → {@code 0.1}, not {@code 0.10000000149011612}). */
    static double exact(float f) {
        return Float.isFinite(f) ? Double.parseDouble(Float.toString(f)) : f;
    }

    static double[] doubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = exact(values[i]);
        }
        return out;
    }

    static double[] unbox(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Escapes text for plotly.js, which reads {@code <…>} as markup in titles and annotations. */
    static String plotlyText(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Rounds a paper coordinate to 6 decimals, so the JSON stays short. */
    static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
