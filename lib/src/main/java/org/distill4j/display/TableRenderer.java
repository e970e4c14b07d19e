package org.distill4j.display;

import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplayRenderer;

import tech.tablesaw.api.Table;

/**
 * Shows a tablesaw {@link Table} as an HTML table of at most {@value TableHtml#DEFAULT_MAX_ROWS} rows, with a
 * "… N more rows" line and a plain-text fallback (see {@link TableHtml}).
 */
public final class TableRenderer implements DisplayRenderer {

    @Override
    public Class<?> rendererClass() {
        return Table.class;
    }

    @Override
    public boolean canRender(String mime) {
        Mime m = Mime.of(mime);
        return m == Mime.ANY || m == Mime.HTML || m == Mime.TEXT;
    }

    @Override
    public DisplayData render(String mime, Object o) {
        return render(mime, (Table) o, TableHtml.DEFAULT_MAX_ROWS);
    }

    static DisplayData render(String mime, Table table, int maxRows) {
        DisplayData data = DisplayData.fromText(TableHtml.text(table, maxRows));
        if (Mime.of(mime) != Mime.TEXT) {
            data.putHTML(TableHtml.html(table, maxRows));
        }
        return data;
    }

    /** Shows a {@link TableView}: its table with its own row limit. */
    public static final class ViewRenderer implements DisplayRenderer {

        @Override
        public Class<?> rendererClass() {
            return TableView.class;
        }

        @Override
        public boolean canRender(String mime) {
            Mime m = Mime.of(mime);
            return m == Mime.ANY || m == Mime.HTML || m == Mime.TEXT;
        }

        @Override
        public DisplayData render(String mime, Object o) {
            TableView view = (TableView) o;
            return TableRenderer.render(mime, view.table(), view.maxRows());
        }
    }
}
