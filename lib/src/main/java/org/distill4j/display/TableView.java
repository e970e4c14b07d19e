package org.distill4j.display;

import tech.tablesaw.api.Table;

/**
 * A table to show with a row limit other than the default 20: a cell ending in {@code new TableView(history, 100)}
 * shows 100 rows.
 *
 * @param table   the table
 * @param maxRows how many rows to show, {@code >= 0}
 */
public record TableView(Table table, int maxRows) {

    /**
     * @throws IllegalArgumentException if {@code table} is null or {@code maxRows < 0}
     */
    public TableView {
        if (table == null) {
            throw new IllegalArgumentException("table is null");
        }
        if (maxRows < 0) {
            throw new IllegalArgumentException("maxRows must be >= 0, got " + maxRows);
        }
    }

    /** The table as text, at most {@code maxRows} rows. */
    @Override
    public String toString() {
        return TableHtml.text(table, maxRows);
    }
}
