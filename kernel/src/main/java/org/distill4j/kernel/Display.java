package org.distill4j.kernel;

import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * What a notebook cell calls to show things from the middle of a cell; imported in every notebook at start
 * ({@code import static org.distill4j.kernel.Display.*}).
 *
 * <pre>{@code
 * display(Plots.image(test.image(0), "a test image"));   // shown now; the cell goes on
 * }</pre>
 *
 * A cell's last expression is shown anyway; {@code display} is for everything before it. Objects are shown the way
 * the course's renderers draw them (figures, tables, images: {@code org.distill4j.display}), always with a plain-text
 * form for front ends without HTML.
 */
public final class Display {

    private Display() {
    }

    /** Shows {@code value} in the running cell's output. */
    public static void display(Object value) {
        kernel().show(value);
    }

    /** Clears the running cell's output (for a progress display that redraws itself). */
    public static void clearOutput() {
        kernel().clearOutput(false);
    }

    private static JavaKernel kernel() {
        if (BaseKernel.notebookKernel() instanceof JavaKernel k) {
            return k;
        }
        throw new IllegalStateException("display(...) works only in a notebook run by the distill4j kernel");
    }
}
