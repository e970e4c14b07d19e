package org.distill4j.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TableHtmlTest {

    static Table history(int epochs) {
        IntColumn epoch = IntColumn.create("epoch");
        DoubleColumn acc = DoubleColumn.create("test_acc");
        for (int e = 1; e <= epochs; e++) {
            epoch.append(e);
            acc.append(0.5 + e / 300.0);
        }
        return Table.create("history", epoch, acc);
    }

    @Test
    void htmlShowsCaptionHeaderAndAtMostMaxRowsThenHowManyMore() {
        String html = TableHtml.html(history(25), 20);
        assertTrue(html.contains(">history: 25 rows × 2 columns</div>"), html);
        assertTrue(html.contains(">epoch</th>") && html.contains(">test_acc</th>"));
        assertEquals(20, html.split("<tr>", -1).length - 2, "20 body rows besides the header row");
        assertTrue(html.contains(">20</td>") && !html.contains(">21</td>"));
        assertTrue(html.contains("… 5 more rows"), html);
    }

    @Test
    void aShortTableHasNoMoreRowsLine() {
        assertFalse(TableHtml.html(history(3), 20).contains("more row"));
        assertTrue(TableHtml.html(history(21), 20).contains("… 1 more row "));
    }

    @Test
    void decimalsGetFiveSignificantDigitsAndMissingValuesAreEmpty() {
        DoubleColumn v = DoubleColumn.create("v", 0.912345678, 3.0, 1.5e-7, Double.NaN, 0.1);
        Table t = Table.create("t", v);
        String html = TableHtml.html(t, 10);
        assertTrue(html.contains(">0.91235</td>"), html);
        assertTrue(html.contains(">3</td>"));
        assertTrue(html.contains(">1.5E-7</td>"));
        assertTrue(html.contains(">0.1</td>"));
        assertTrue(html.contains("\"></td>"), "NaN (missing) is an empty cell");
        assertTrue(html.contains("text-align:right\">0.91235"), "numbers align right");
    }

    @Test
    void textAndNamesAreHtmlEscaped() {
        Table t = Table.create("<x>", StringColumn.create("a<b", "<script>alert(1)</script>", "Tom & Jerry"));
        String html = TableHtml.html(t, 10);
        assertFalse(html.contains("<script>"));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains(">a&lt;b</th>"));
        assertTrue(html.contains("Tom &amp; Jerry"));
        assertTrue(html.contains("&lt;x&gt;: 2 rows × 1 column"));
    }

    @Test
    void textFormAlignsColumnsAndKeepsTheRowLimit() {
        String text = TableHtml.text(history(4), 2);
        assertEquals("history: 4 rows × 2 columns\n"
                + "epoch  test_acc\n"
                + "    1   0.50333\n"
                + "    2   0.50667\n"
                + "… 2 more rows (show more with new TableView(table, rows), or table.last(10))", text);
    }

    @Test
    void negativeRowLimitsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> TableHtml.html(history(1), -1));
        assertThrows(IllegalArgumentException.class, () -> new TableView(history(1), -1));
    }
}
