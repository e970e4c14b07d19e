package org.distill4j.plots;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tech.tablesaw.plotly.components.HoverLabel;
import tech.tablesaw.plotly.traces.Trace;

/**
 * One trace of a {@link PlotlyFigure}: its attributes exactly as plotly.js names them ({@code type}, {@code name},
 * {@code x}, {@code y}, {@code z}, {@code colorscale}, …), so what you read here is what the plotly.js reference
 * documents (<a href="https://plotly.com/javascript/reference/">plotly.com/javascript/reference</a>).
 *
 * <p>It implements tablesaw's {@link Trace}, so it also fits wherever tablesaw-jsplot expects a trace.
 * The figure families make traces through the typed factories {@link #scatter}, {@link #bar}, {@link #histogram}
 * and {@link #heatmap}: numbers are kept as {@code double[]} (or {@code double[][]} for {@code z}) and written to
 * JSON as numbers ({@code NaN} as {@code null}, a gap); labels are kept as {@code List<String>}.
 */
public final class PlotlyTrace implements Trace {

    private final Map<String, Object> attributes;

    private PlotlyTrace(Map<String, Object> attributes) {
        this.attributes = new LinkedHashMap<>(attributes);
    }

    private static PlotlyTrace of(String type, String name) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("type", type);
        if (name != null) {
            a.put("name", name);
        }
        return new PlotlyTrace(a);
    }

    /**
     * A line through the points {@code (x[i], y[i])}.
     *
     * @param mode {@code "lines"}, {@code "markers"} or {@code "lines+markers"}
     * @throws IllegalArgumentException if {@code x} and {@code y} differ in length or are empty
     */
    static PlotlyTrace scatter(String name, double[] x, double[] y, String mode) {
        if (x == null || y == null || x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException("line '" + name + "': x and y must have the same, non-zero length; got "
                    + (x == null ? "null" : x.length) + " and " + (y == null ? "null" : y.length));
        }
        return of("scatter", name).with("mode", mode).with("x", x.clone()).with("y", y.clone());
    }

    /** One bar per category: height {@code y[i]} over {@code categories.get(i)}. */
    static PlotlyTrace bar(String name, List<String> categories, double[] y) {
        return of("bar", name).with("x", List.copyOf(categories)).with("y", y.clone());
    }

    /** The distribution of {@code values}, binned by plotly.js. */
    static PlotlyTrace histogram(String name, double[] values) {
        return of("histogram", name).with("x", values.clone());
    }

    /**
     * A matrix of coloured cells, {@code z[row][column]}; {@code x} and {@code y} label the columns and rows ({@code null}
     * for pixel indices).
     */
    static PlotlyTrace heatmap(double[][] z, List<String> x, List<String> y, Object colorscale) {
        PlotlyTrace t = of("heatmap", null).with("z", z);
        if (x != null) {
            t.with("x", List.copyOf(x));
        }
        if (y != null) {
            t.with("y", List.copyOf(y));
        }
        return t.with("colorscale", colorscale).with("xgap", x != null ? 1 : 0).with("ygap", y != null ? 1 : 0);
    }

    /** Sets one plotly.js attribute while a figure family builds the trace; returns this trace. */
    PlotlyTrace with(String attribute, Object value) {
        attributes.put(attribute, value);
        return this;
    }

    /** A copy drawn on the axes {@code x<suffix>}, {@code y<suffix>} (a panel of an image grid). */
    PlotlyTrace onAxes(String suffix) {
        return new PlotlyTrace(attributes).with("xaxis", "x" + suffix).with("yaxis", "y" + suffix);
    }

    /** The plotly.js trace type: {@code "scatter"}, {@code "bar"}, {@code "histogram"} or {@code "heatmap"}. */
    public String type() {
        return (String) attributes.get("type");
    }

    /** The legend name, or {@code ""} when the trace has none (heatmaps, image panels). */
    @Override
    public String name() {
        Object name = attributes.get("name");
        return name == null ? "" : name.toString();
    }

    /** One attribute by its plotly.js name, or {@code null} when it is not set. */
    public Object get(String attribute) {
        return attributes.get(attribute);
    }

    /**
     * A numeric attribute such as {@code "x"} or {@code "y"} as a copy of its values.
     *
     * @throws IllegalArgumentException if the attribute is missing or not a list of numbers (e.g. class names)
     */
    public double[] numbers(String attribute) {
        Object value = attributes.get(attribute);
        if (value instanceof double[] a) {
            return a.clone();
        }
        throw new IllegalArgumentException("attribute '" + attribute + "' of trace '" + name() + "' is "
                + (value == null ? "not set" : "not a list of numbers: " + Json.write(value)));
    }

    /**
     * A text attribute such as the class names on {@code "x"}.
     *
     * @throws IllegalArgumentException if the attribute is missing or not a list of strings
     */
    @SuppressWarnings("unchecked")
    public List<String> labels(String attribute) {
        Object value = attributes.get(attribute);
        if (value instanceof List<?> list && list.stream().allMatch(o -> o instanceof String)) {
            return (List<String>) list;
        }
        throw new IllegalArgumentException("attribute '" + attribute + "' of trace '" + name() + "' is "
                + (value == null ? "not set" : "not a list of strings: " + Json.write(value)));
    }

    /**
     * The matrix of a heatmap ({@code "z"}), row by row as drawn from top to bottom; {@code NaN} marks a blank cell.
     *
     * @throws IllegalArgumentException if this trace has no matrix
     */
    public double[][] matrix() {
        if (attributes.get("z") instanceof double[][] z) {
            double[][] copy = new double[z.length][];
            for (int r = 0; r < z.length; r++) {
                copy[r] = z[r].clone();
            }
            return copy;
        }
        throw new IllegalArgumentException("trace '" + name() + "' of type " + type() + " has no matrix z");
    }

    /** All attributes, read-only, in the order they are written to plotly.js. */
    public Map<String, Object> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    /** This trace as a JSON object, as plotly.js receives it. */
    public String toJson() {
        return Json.write(attributes);
    }

    /** tablesaw-jsplot's form: {@code var trace<i> = {...};}. */
    @Override
    public String asJavascript(int i) {
        return "var trace" + i + " = " + toJson() + ";";
    }

    /** Always {@code null}: hover text is set through plotly.js attributes ({@code hovertemplate}). */
    @Override
    public HoverLabel hoverLabel() {
        return null;
    }

    /** Whether the trace has a legend entry: unless {@code showlegend} is {@code false}. */
    @Override
    public boolean showLegend() {
        return !Boolean.FALSE.equals(attributes.get("showlegend"));
    }

    /** {@code scatter "teacher": 20 points}. */
    @Override
    public String toString() {
        Object y = attributes.get("y");
        Object z = attributes.get("z");
        String size = z instanceof double[][] m ? m.length + "×" + (m.length == 0 ? 0 : m[0].length) + " cells"
                : y instanceof double[] a ? a.length + " points"
                : attributes.get("x") instanceof double[] a ? a.length + " values" : "";
        return type() + (name().isEmpty() ? "" : " \"" + name() + "\"") + (size.isEmpty() ? "" : ": " + size);
    }
}
