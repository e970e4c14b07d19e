package org.distill4j.plots;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.traces.Trace;

/**
 * The one figure type of the course: a tablesaw {@link Figure} whose traces ({@link PlotlyTrace}) and layout are kept
 * as plotly.js attributes, so every figure family behind {@link Plots} can use what plotly.js offers and a test (or a
 * curious learner) can read back what will be drawn.
 *
 * <p>Why not tablesaw-jsplot's own traces and {@code Layout}: in 0.44.4 the heatmap trace has no colour scale, no
 * colour range and no cell text, and names itself {@code trace0} whatever its position; the layout has no annotations
 * and a single x axis (so no panels with titles, as an image grid needs); and the numbers of {@code ScatterTrace} are
 * written as strings. This class keeps tablesaw's {@code Figure} type — the notebook renderer, {@code Plots.save} and
 * tablesaw's {@code Plot.show} all take it — and writes plotly.js JSON itself, numbers as numbers.
 *
 * <p>Titles are plotly.js text: {@code <br>} breaks a line, {@code <b>…</b>} is bold.
 *
 * <p>Read it with {@link #traces()} and {@link #layout(String)}; tablesaw's {@code getLayout()} is {@code null} here
 * and {@code setLayout}/{@code setTraces} have no effect on what is drawn.
 */
public class PlotlyFigure extends Figure {

    private final List<PlotlyTrace> traces;
    private final Map<String, Object> layout;
    private final Map<String, Object> config;

    PlotlyFigure(List<PlotlyTrace> traces, Map<String, Object> layout) {
        super(traces.toArray(new Trace[0]));
        this.traces = new ArrayList<>(traces);
        this.layout = new LinkedHashMap<>(layout);
        this.config = new LinkedHashMap<>();
        config.put("responsive", true);
        config.put("displaylogo", false);
    }

    /** The traces in drawing order (later ones are drawn on top), read-only. */
    public List<PlotlyTrace> traces() {
        return Collections.unmodifiableList(traces);
    }

    /** The traces as tablesaw's array, in drawing order. */
    @Override
    public Trace[] getTraces() {
        return traces.toArray(new Trace[0]);
    }

    /** Adds a trace on top of the others (a family that grows its figure, as {@link LineChart} does). */
    void add(PlotlyTrace trace) {
        traces.add(trace);
    }

    /** Sets one layout attribute (a family that changes its figure, as {@link LineChart#logX()} does). */
    void putLayout(String attribute, Object value) {
        layout.put(attribute, value);
    }

    /**
     * The trace called {@code name} (its legend entry).
     *
     * @throws IllegalArgumentException if no trace has that name; the message lists the names there are
     */
    public PlotlyTrace trace(String name) {
        for (PlotlyTrace t : traces) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        List<String> names = new ArrayList<>();
        traces.forEach(t -> names.add(t.name()));
        throw new IllegalArgumentException("no trace named '" + name + "'; the traces are " + names);
    }

    /** The layout as plotly.js attributes ({@code title}, {@code xaxis}, {@code annotations}, …), read-only. */
    public Map<String, Object> layout() {
        return Collections.unmodifiableMap(layout);
    }

    /**
     * One layout value by its dotted plotly.js path, e.g. {@code "xaxis.title.text"} or {@code "height"}.
     *
     * @return the value, or {@code null} if any part of the path is not set
     */
    public Object layout(String dottedPath) {
        Object node = layout;
        for (String key : dottedPath.split("\\.")) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(key);
        }
        return node;
    }

    /** The figure's title, or {@code ""} if it has none. */
    public String title() {
        Object text = layout("title.text");
        return text == null ? "" : text.toString();
    }

    /** Replaces the title (plotly.js text: {@code <br>} breaks a line) and returns this figure. */
    public PlotlyFigure title(String title) {
        Map<String, Object> t = new LinkedHashMap<>();
        if (layout.get("title") instanceof Map<?, ?> old) {
            old.forEach((k, v) -> t.put(String.valueOf(k), v));
        }
        t.put("text", title);
        layout.put("title", t);
        if (layout.get("margin") instanceof Map<?, ?> margin && margin.get("t") instanceof Integer top && top < 50) {
            Map<String, Object> m = new LinkedHashMap<>();
            margin.forEach((k, v) -> m.put(String.valueOf(k), v));
            m.put("t", 50);
            layout.put("margin", m);
            if (layout.get("height") instanceof Integer h) {
                layout.put("height", h + 50 - top);
            }
        }
        return this;
    }

    /**
     * Sets the height in CSS pixels and returns this figure.
     *
     * @throws IllegalArgumentException unless {@code 50 <= pixels <= 5000}
     */
    public PlotlyFigure height(int pixels) {
        layout.put("height", checkPixels("height", pixels));
        return this;
    }

    /**
     * Sets the width in CSS pixels (by default most figures take the width of the notebook) and returns this figure.
     *
     * @throws IllegalArgumentException unless {@code 50 <= pixels <= 5000}
     */
    public PlotlyFigure width(int pixels) {
        layout.put("width", checkPixels("width", pixels));
        return this;
    }

    private static int checkPixels(String what, int pixels) {
        if (pixels < 50 || pixels > 5000) {
            throw new IllegalArgumentException(what + " must be between 50 and 5000 pixels, got " + pixels);
        }
        return pixels;
    }

    /** {@code {"data": [...], "layout": {...}, "config": {...}}}: the argument of {@code Plotly.newPlot}. */
    public String toJson() {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("data", traces.stream().map(PlotlyTrace::attributes).toList());
        all.put("layout", layout);
        all.put("config", config);
        return Json.write(all);
    }

    /**
     * A {@code <script>} that draws this figure into the element with id {@code divName}, with the global
     * {@code Plotly} — the same contract as tablesaw's {@link Figure#asJavascript(String)}.
     */
    @Override
    public String asJavascript(String divName) {
        return "<script>\n"
                + "var target_" + divName + " = document.getElementById('" + divName + "');\n"
                + "Plotly.newPlot(target_" + divName + ", " + toJson() + ");\n"
                + "</script>";
    }

    /**
     * A short text description, the fallback a notebook shows where it cannot run JavaScript, e.g.
     * <pre>Figure "test_accuracy per epoch" (3 traces)
     *   scatter "teacher": 20 points</pre>
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("Figure");
        if (!title().isEmpty()) {
            out.append(" \"").append(title().replace("<br>", " ")).append('"');
        }
        out.append(" (").append(traces.size()).append(traces.size() == 1 ? " trace)" : " traces)");
        for (PlotlyTrace t : traces) {
            out.append("\n  ").append(t);
        }
        return out.toString();
    }
}
