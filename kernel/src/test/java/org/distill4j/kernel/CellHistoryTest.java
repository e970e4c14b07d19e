package org.distill4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager.ResultFlag;
import org.junit.jupiter.api.Test;

class CellHistoryTest {

    private static final Set<ResultFlag> NONE = EnumSet.noneOf(ResultFlag.class);

    private static CellHistory fiveCells() {
        CellHistory h = new CellHistory();
        h.add(1, "int a = 1;", "");
        h.add(2, "6*7", "42");
        h.add(3, "a + 1", "2");
        h.add(4, "6*7", "42");
        h.add(5, "6 * 7", "42");
        return h;
    }

    private static List<Integer> numbers(List<HistoryEntry> entries) {
        return entries.stream().map(HistoryEntry::getCellNumber).toList();
    }

    @Test
    void tailGivesTheLastCellsOldestFirstWithOutputOnlyWhenAsked() {
        CellHistory h = fiveCells();
        List<HistoryEntry> tail = h.lookupTail(2, NONE);
        assertEquals(List.of(4, 5), numbers(tail));
        assertNull(tail.get(0).getOutput());
        assertEquals("42", h.lookupTail(1, EnumSet.of(ResultFlag.INCLUDE_OUTPUT)).get(0).getOutput());
        assertEquals(5, h.lookupTail(100, NONE).size());
        assertEquals(CellHistory.SESSION, tail.get(0).getSession());
    }

    @Test
    void rangeIsStartInclusiveStopExclusiveInThisSessionOnly() {
        CellHistory h = fiveCells();
        assertEquals(List.of(2, 3), numbers(h.lookupRange(CellHistory.SESSION, 2, 4, NONE)));
        assertEquals(List.of(2, 3), numbers(h.lookupRange(0, 2, 4, NONE)), "0 means the current session");
        assertEquals(List.of(4, 5), numbers(h.lookupRange(0, 4, 0, NONE)), "stop 0: to the end");
        assertTrue(h.lookupRange(7, 1, 3, NONE).isEmpty(), "no other session is kept");
    }

    @Test
    void searchMatchesAGlobNewestFirstUpToNAndUniqueKeepsOneRunPerInput() {
        CellHistory h = fiveCells();
        assertEquals(List.of(2, 4, 5), numbers(h.search("6*7", 0, NONE)), "'*' is any text: '6*7' and '6 * 7'");
        assertEquals(List.of(4, 5), numbers(h.search("6*7", 0, EnumSet.of(ResultFlag.UNIQUE))));
        assertEquals(List.of(4, 5), numbers(h.search("6*7", 2, NONE)), "the newest two");
        assertEquals(List.of(3), numbers(h.search("a ? 1", 0, NONE)), "'?' is one character");
        assertEquals(List.of(1, 3), numbers(h.search("*a*", 0, NONE)));
    }

    @Test
    void globQuotesEverythingButStarAndQuestionMark() {
        assertTrue(CellHistory.glob("a.b").matcher("a.b").matches());
        assertFalse(CellHistory.glob("a.b").matcher("axb").matches(), "'.' is a dot, not any character");
        assertTrue(CellHistory.glob("x*").matcher("x\ny").matches(), "'*' spans lines");
        assertFalse(CellHistory.glob("(").matcher("x").matches());
    }
}
