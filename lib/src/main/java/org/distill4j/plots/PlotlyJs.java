package org.distill4j.plots;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The copy of plotly.js that ships inside this library (npm {@code plotly.js-dist-min} {@value #VERSION}, MIT
 * licence), so figures draw without internet.
 *
 * <p>Why 2.x and not 3: tablesaw-jsplot writes titles as plain strings, which plotly.js 3 no longer reads.
 */
public final class PlotlyJs {

    /** The plotly.js version shipped and expected by every figure. */
    public static final String VERSION = "2.35.3";

    /** Event fired on {@code window} once plotly.js is defined; figures waiting for it draw then. */
    static final String READY_EVENT = "distill4j:plotly-ready";

    private static final String RESOURCE = "plotly-" + VERSION + ".min.js";
    private static volatile String source;

    private PlotlyJs() {}

    /** The minified library, as shipped (about 4.6 MB of JavaScript). */
    public static String source() {
        String s = source;
        if (s == null) {
            s = resource(RESOURCE);
            source = s;
        }
        return s;
    }

    /** plotly.js's licence text (MIT). */
    public static String license() {
        return resource("plotly-LICENSE.txt");
    }

    /**
     * A {@code <script>} element that defines {@code window.Plotly} from the shipped copy and then fires the
     * {@code distill4j:plotly-ready} event on {@code window}.
     *
     * <p>The library is wrapped as {@code (function (define, module, exports) { … }).call(window)}: inside, those
     * three names are undefined parameters. The classic Notebook (6.x) loads require.js, whose global {@code define}
     * would make plotly's UMD header register an anonymous AMD module — and never set {@code window.Plotly}, so
     * nothing draws (and require.js reports a "mismatched anonymous define"). With the names hidden, the header
     * takes its last branch and sets {@code Plotly} on the global object in every front end: classic Notebook,
     * JupyterLab / Notebook 7 (no require.js), nbconvert's HTML export and a plain page. If the same version is
     * already defined (the loader ran earlier in this page) it is not evaluated again.
     */
    public static String loaderScript() {
        return "<script>\n"
                + "/* plotly.js " + VERSION + " (MIT licence, Copyright Plotly, Inc.), shipped with Distill4J so that "
                + "figures draw offline. */\n"
                + "if (!(window.Plotly && window.Plotly.version === '" + VERSION + "')) {\n"
                + "(function (define, module, exports) {\n"
                + source()
                + "\n}).call(window);\n"
                + "}\n"
                + "window.dispatchEvent(new Event('" + READY_EVENT + "'));\n"
                + "</script>";
    }

    private static String resource(String name) {
        try (InputStream in = PlotlyJs.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the resource org/distill4j/plots/" + name + " is missing from the "
                        + "classpath: is the Distill4J jar complete? Rebuild it with ./mvnw package.");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the shipped plotly.js (" + name + ")", e);
        }
    }

    /**
     * A notebook output that carries plotly.js: what {@link Plots#reloadPlotly()} returns. The notebook shows it as
     * one line of text (and loads the library); {@code text/plain} front ends show {@link #toString()}.
     */
    public record Embed() {
        /** One line that says the library is loaded. */
        @Override
        public String toString() {
            return "plotly.js " + VERSION + " loaded into this page from the copy shipped with Distill4J (no internet "
                    + "needed); figures waiting for it draw now.";
        }

        /** The HTML of the output: the loader script and the line of {@link #toString()}. */
        public String html() {
            return loaderScript() + "\n<div style=\"font:12px sans-serif;color:#666\">" + toString() + "</div>";
        }
    }
}
