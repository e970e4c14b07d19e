package org.distill4j.display;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A tablesaw {@link Table} as a readable HTML table (and as text): a caption with its name and shape, one header
 * row, at most {@code maxRows} rows, then a line "… N more rows". Decimals are shown with 5 significant digits
 * (0.912345678 → 0.91235), numbers aligned right, missing values as empty cells; all text is HTML-escaped.
 */
public final class TableHtml {

    /** Rows a notebook shows by default; show more with {@code new TableView(table, 100)}. */
    public static final int DEFAULT_MAX_ROWS = 20;

    private TableHtml() {}

    /**
     * The table as an HTML fragment.
     *
     * @param table   any tablesaw table
     * @param maxRows how many rows to show, {@code >= 0}
     * @throws IllegalArgumentException if {@code maxRows < 0}
     */
    public static String html(Table table, int maxRows) {
        checkRows(maxRows);
        int shown = Math.min(maxRows, table.rowCount());
        List<Column<?>> columns = table.columns();
        StringBuilder out = new StringBuilder();
        // The caption is a <div>, not a <caption>: the classic Notebook squeezes a <caption> to the table's width.
        out.append("<div class=\"distill4j-table\">\n<div style=\"font-weight:bold;padding-bottom:4px\">")
                .append(escape(caption(table))).append("</div>\n<table style=\"border-collapse:collapse;"
                + "font-variant-numeric:tabular-nums\">\n<thead><tr>");
        for (Column<?> c : columns) {
            out.append("<th title=\"").append(escape(c.type().name())).append("\" style=\"text-align:")
                    .append(c instanceof NumericColumn ? "right" : "left").append("\">")
                    .append(escape(c.name())).append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < shown; r++) {
            out.append("<tr>");
            for (Column<?> c : columns) {
                out.append("<td style=\"text-align:").append(c instanceof NumericColumn ? "right" : "left")
                        .append("\">").append(escape(cell(c, r))).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n");
        int more = table.rowCount() - shown;
        if (more > 0) {
            out.append("<div style=\"font-style:italic;color:#666;padding-top:4px\">")
                    .append(escape(moreRows(more))).append("</div>\n");
        }
        return out.append("</div>").toString();
    }

    /**
     * The table as aligned plain text (the {@code text/plain} fallback), with the same caption, row limit and
     * number format as {@link #html}.
     *
     * @throws IllegalArgumentException if {@code maxRows < 0}
     */
    public static String text(Table table, int maxRows) {
        checkRows(maxRows);
        int shown = Math.min(maxRows, table.rowCount());
        List<Column<?>> columns = table.columns();
        String[][] cells = new String[shown + 1][columns.size()];
        int[] widths = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            cells[0][c] = columns.get(c).name();
            for (int r = 0; r < shown; r++) {
                cells[r + 1][c] = cell(columns.get(c), r);
            }
            for (String[] row : cells) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder(caption(table)).append('\n');
        for (String[] row : cells) {
            for (int c = 0; c < row.length; c++) {
                boolean right = columns.get(c) instanceof NumericColumn;
                String pad = " ".repeat(widths[c] - row[c].length());
                out.append(c == 0 ? "" : "  ").append(right ? pad + row[c] : row[c] + pad);
            }
            out.append('\n');
        }
        int more = table.rowCount() - shown;
        if (more > 0) {
            out.append(moreRows(more)).append('\n');
        }
        return out.toString().stripTrailing();
    }

    /** {@code "history: 20 rows × 7 columns"} (the name is left out when the table has none). */
    static String caption(Table table) {
        String name = table.name() == null || table.name().isBlank() ? "" : table.name() + ": ";
        return name + table.rowCount() + (table.rowCount() == 1 ? " row × " : " rows × ") + table.columnCount()
                + (table.columnCount() == 1 ? " column" : " columns");
    }

    private static String moreRows(int more) {
        return "… " + more + (more == 1 ? " more row" : " more rows")
                + " (show more with new TableView(table, rows), or table.last(10))";
    }

    /** One cell as text: decimals with 5 significant digits, missing values empty, others as tablesaw prints them. */
    static String cell(Column<?> column, int row) {
        if (column.isMissing(row)) {
            return "";
        }
        if (column.type() == ColumnType.DOUBLE || column.type() == ColumnType.FLOAT) {
            return decimal(((NumericColumn<?>) column).getDouble(row));
        }
        return column.getString(row);
    }

    /** 0.912345678 → "0.91235", 3.0 → "3", 1.5e-7 → "1.5E-7". */
    static String decimal(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "-∞";
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(5)).stripTrailingZeros();
        double magnitude = Math.abs(v);
        if (v != 0 && (magnitude < 1e-4 || magnitude >= 1e9)) {
            return d.toString();
        }
        return d.toPlainString();
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static void checkRows(int maxRows) {
        if (maxRows < 0) {
            throw new IllegalArgumentException("maxRows must be >= 0, got " + maxRows);
        }
    }
}
