package org.distill4j.plots;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The checks every figure family makes on its input, each failing with an {@link IllegalArgumentException} that
 * names the argument and says why, rather than with a blank figure in the browser.
 */
final class FigureInputs {

    private FigureInputs() {}

    /**
     * A numeric column of a table as doubles (missing values are {@code NaN}: a gap).
     *
     * @param owner the table in words, for messages, e.g. {@code "the history of 'teacher'"}
     */
    static double[] numeric(Table table, String column, String owner) {
        if (table == null) {
            throw new IllegalArgumentException(owner + " is null");
        }
        if (!table.containsColumn(column)) {
            throw new IllegalArgumentException(owner + " has no column '" + column + "'; its columns are "
                    + table.columnNames());
        }
        Column<?> c = table.column(column);
        if (!(c instanceof NumericColumn<?> n)) {
            throw new IllegalArgumentException("column '" + column + "' of " + owner + " holds " + c.type().name()
                    + ", not numbers");
        }
        return n.asDoubleArray();
    }

    /** A column of any type as text, one string per row (e.g. the group of each row). */
    static List<String> text(Table table, String column) {
        if (table == null || !table.containsColumn(column)) {
            throw new IllegalArgumentException("the table has no column '" + column + "'"
                    + (table == null ? "" : "; its columns are " + table.columnNames()));
        }
        Column<?> c = table.column(column);
        String[] out = new String[c.size()];
        for (int r = 0; r < out.length; r++) {
            out[r] = c.getString(r);
        }
        return List.of(out);
    }

    static void requireNonEmpty(String what, Map<?, ?> map) {
        if (map == null || map.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty: give at least one series (name → data)");
        }
    }

    static void requireLabels(String what, List<String> labels) {
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

    static void requireLength(String what, int actual, int expected, String rule) {
        if (actual != expected) {
            throw new IllegalArgumentException(what + " must have length " + expected + " (" + rule + "), got "
                    + (actual < 0 ? "null" : Integer.toString(actual)));
        }
    }

    /** A rectangular {@code [rows][columns]} copy of {@code values}, one row per row label. */
    static double[][] matrix(String what, float[][] values, List<String> rowLabels, List<String> columnLabels) {
        requireLabels("row labels", rowLabels);
        requireLabels("column labels", columnLabels);
        requireLength(what + " (rows)", values == null ? -1 : values.length, rowLabels.size(), "one row per row label");
        double[][] z = new double[values.length][];
        for (int r = 0; r < values.length; r++) {
            requireLength("row " + r + " of " + what, values[r] == null ? -1 : values[r].length, columnLabels.size(),
                    "one value per column label");
            z[r] = PlotlyLayout.doubles(values[r]);
        }
        return z;
    }

    /** Row-major pixels as a {@code side × side} matrix, top row first. */
    static double[][] square(String what, float[] pixels) {
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
            z[i / side][i % side] = PlotlyLayout.exact(pixels[i]);
        }
        return z;
    }
}
