package org.distill4j.plots;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.traces.Trace;

/**
 * The HTML of a figure: as a notebook cell's output and as a standalone page.
 *
 * <h2>How figures draw offline</h2>
 * plotly.js (4.6 MB) is shipped inside this library ({@link PlotlyJs}). Each figure's output is small: a
 * {@code <div>} and a script that draws into it with {@code window.Plotly}. The library itself travels once: the
 * first figure rendered in a kernel session (that is, in the notebook page) also carries {@link PlotlyJs#loaderScript()}
 * inline. Choices weighed:
 * <ul>
 *   <li>A {@code <script src>} to a CDN needs internet; one to a file served by Jupyter works live but not in the
 *       notebook's HTML export, which must stand alone.</li>
 *   <li>The library inside every figure (or an {@code <iframe srcdoc>} page per figure) always works but adds 4.6 MB
 *       per figure to the {@code .ipynb}.</li>
 *   <li>Once per notebook (chosen): the saved notebook and its HTML export grow by 4.6 MB once, and each further
 *       figure costs only its data.</li>
 * </ul>
 * Each figure's script waits for {@code window.Plotly} (and for its {@code <div>} to be in the page, which in
 * JupyterLab happens just after the script runs) by polling every 100 ms, so the order in which outputs appear does
 * not matter. After 15 s it shows a short message saying to run {@code Plots.reloadPlotly()} and keeps listening for
 * the {@code distill4j:plotly-ready} event, which the loader fires: the figure then draws without re-running its
 * cell. That happens when the page no longer holds the output that carried the library — for example it was cleared,
 * or its cell was re-run in the same session (the re-run output no longer carries the library) and the page was
 * reloaded. Re-running the notebook from the top after a kernel restart carries it again.
 *
 * <p>In JupyterLab scripts run only in trusted outputs (a notebook you executed yourself is trusted). Until the
 * figure draws, its {@code <div>} holds a line of text saying so, which is what an untrusted notebook shows: Lab's
 * sanitiser keeps the {@code <div>} and its text and drops the scripts. {@code ./kit lab-check}
 * ({@code tools/lab_check.py}) renders the executed notebooks in JupyterLab 4's own output area, trusted and
 * untrusted, and counts both.
 */
public final class FigureHtml {

    private static final AtomicBoolean PLOTLY_SENT = new AtomicBoolean();
    private static final int WAIT_MILLIS = 15_000;

    private FigureHtml() {}

    /**
     * The {@code text/html} output for a figure in a notebook: carries plotly.js if it is the first figure of this
     * kernel session (JVM), otherwise only the figure.
     */
    public static String forNotebook(Figure figure) {
        return notebookOutput(figure, PLOTLY_SENT.compareAndSet(false, true));
    }

    /** The {@code text/html} output of {@link Plots#reloadPlotly()}: the library, and this session remembers it. */
    public static String forNotebook(PlotlyJs.Embed embed) {
        PLOTLY_SENT.set(true);
        return embed.html();
    }

    /** Forgets that plotly.js was sent, so the next figure carries it again (used by tests; a new kernel does it). */
    public static void forgetPlotlySent() {
        PLOTLY_SENT.set(false);
    }

    /**
     * The HTML of one figure as a notebook output, without side effects — what a browser test of the notebook path
     * should load.
     *
     * @param figure      a {@link PlotlyFigure} or any tablesaw-jsplot figure
     * @param carryPlotly whether to put {@link PlotlyJs#loaderScript()} (4.6 MB) before the figure
     * @return a {@code <div>} with a fallback line, and a script that draws into it once {@code window.Plotly} exists
     */
    public static String notebookOutput(Figure figure, boolean carryPlotly) {
        // Worded for every front end: JupyterLab and Notebook 7 have no File > Trust Notebook (the command is in
        // their command palette); in all of them, output that the learner's own run produced is trusted.
        String note = "Interactive figure (plotly.js). If this line stays, JavaScript did not run here: run the "
                + "cell (output you produce yourself is trusted), or trust the notebook (\u201cTrust Notebook\u201d "
                + "in the command palette of JupyterLab and Notebook 7, File &gt; Trust Notebook in the classic "
                + "Notebook, or <code>jupyter trust</code>).";
        return (carryPlotly ? PlotlyJs.loaderScript() + "\n" : "") + figureHtml(figure, note);
    }

    /**
     * A complete HTML page showing {@code figure}, with plotly.js inlined: it opens offline in any browser.
     * {@link Plots#save} writes it to a file.
     */
    public static String standalonePage(Figure figure) {
        String title = titleOf(figure);
        String note = "This page draws a plotly.js figure with JavaScript: allow JavaScript to see it.";
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<title>" + escape(title.isEmpty() ? "Distill4J figure" : title.replace("<br>", " ")) + "</title>\n"
                + PlotlyJs.loaderScript() + "\n</head>\n<body>\n" + figureHtml(figure, note) + "\n</body>\n</html>\n";
    }

    /**
     * The {@code text/plain} fallback: for a {@link PlotlyFigure} its {@code toString()}, for a jsplot figure its
     * title and trace names.
     */
    public static String description(Figure figure) {
        if (figure instanceof PlotlyFigure pf) {
            return pf.toString();
        }
        StringBuilder out = new StringBuilder("Figure");
        String title = titleOf(figure);
        if (!title.isEmpty()) {
            out.append(" \"").append(title).append('"');
        }
        Trace[] traces = figure.getTraces() == null ? new Trace[0] : figure.getTraces();
        out.append(" (").append(traces.length).append(traces.length == 1 ? " trace)" : " traces)");
        for (Trace t : traces) {
            out.append("\n  ").append(t.name() == null || t.name().isEmpty() ? "(unnamed)" : t.name());
        }
        return out.toString();
    }

    private static String figureHtml(Figure figure, String note) {
        String id = "distill4j_" + UUID.randomUUID().toString().replace("-", "");
        String drawing = scriptBody(figure.asJavascript(id));
        String message = "plotly.js is not loaded in this page, so this figure cannot draw. Run "
                + "<code>Plots.reloadPlotly()</code> in a cell: the figure draws as soon as that cell has run.";
        return "<div id=\"" + id + "\" class=\"distill4j-figure\"><div style=\"font:12px sans-serif;color:#777;"
                + "padding:6px 0\">" + note + "</div></div>\n"
                + "<script>\n"
                + "(function () {\n"
                + "  var id = '" + id + "', waited = 0, drawn = false;\n"
                + "  function ready() { return window.Plotly && document.getElementById(id); }\n"
                + "  function draw() {\n"
                + "    if (drawn || !ready()) return;\n"
                + "    drawn = true;\n"
                + "    document.getElementById(id).innerHTML = '';\n"
                + indent(drawing) + "\n"
                + "  }\n"
                + "  function wait() {\n"
                + "    if (ready()) { draw(); return; }\n"
                + "    waited += 100;\n"
                + "    if (waited < " + WAIT_MILLIS + ") { setTimeout(wait, 100); return; }\n"
                + "    var div = document.getElementById(id);\n"
                + "    if (div) div.innerHTML = '<div style=\"font:13px sans-serif;color:#a94442;padding:6px 0\">"
                + message + "</div>';\n"
                + "  }\n"
                + "  window.addEventListener('" + PlotlyJs.READY_EVENT + "', draw);\n"
                + "  wait();\n"
                + "})();\n"
                + "</script>";
    }

    /** The JavaScript inside the {@code <script>} element that tablesaw's {@code asJavascript} returns. */
    private static String scriptBody(String script) {
        int open = script.indexOf("<script>");
        int close = script.lastIndexOf("</script>");
        if (open < 0 || close < open) {
            return script.trim();
        }
        return script.substring(open + "<script>".length(), close).trim();
    }

    private static String indent(String js) {
        return "    " + js.replace("\n", "\n    ");
    }

    private static String titleOf(Figure figure) {
        if (figure instanceof PlotlyFigure pf) {
            return pf.title();
        }
        return figure.getLayout() == null || figure.getLayout().getTitle() == null ? ""
                : figure.getLayout().getTitle();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
