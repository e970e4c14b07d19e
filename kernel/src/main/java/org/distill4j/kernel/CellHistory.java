package org.distill4j.kernel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;

/**
 * The cells this kernel ran, for Jupyter's {@code history_request} (a console's up-arrow, {@code %history}-like
 * front-end features): inputs and their text outputs, numbered by execution count, kept in memory for the life of the
 * kernel. Jupyter's session numbers: this kernel's is {@value #SESSION}; {@code 0} also means "the current session".
 */
final class CellHistory implements HistoryManager {

    static final int SESSION = 1;

    private record Cell(int number, String input, String output) { }

    private final List<Cell> cells = new ArrayList<>();

    /** Records a cell that ran as execution {@code number}; {@code output} is its text result or "" for none. */
    synchronized void add(int number, String input, String output) {
        cells.add(new Cell(number, input, output == null ? "" : output));
    }

    @Override
    public synchronized List<HistoryEntry> lookupTail(int length, Set<ResultFlag> flags) {
        int from = length <= 0 ? 0 : Math.max(0, cells.size() - length);
        return entries(cells.subList(from, cells.size()), flags);
    }

    /** Cells numbered {@code start} (inclusive) to {@code stop} (exclusive; {@code <= 0}: to the end). */
    @Override
    public synchronized List<HistoryEntry> lookupRange(int session, int start, int stop, Set<ResultFlag> flags) {
        if (session != 0 && session != SESSION) {
            return List.of();
        }
        List<Cell> range = cells.stream()
                .filter(c -> c.number() >= start && (stop <= 0 || c.number() < stop)).toList();
        return entries(range, flags);
    }

    /**
     * The newest {@code length} cells ({@code <= 0}: all) whose input matches the glob {@code pattern} ({@code *} any
     * text, {@code ?} one character), oldest first; with {@link ResultFlag#UNIQUE}, each input once (its newest run).
     */
    @Override
    public synchronized List<HistoryEntry> search(String pattern, int length, Set<ResultFlag> flags) {
        Pattern glob = glob(pattern == null ? "*" : pattern);
        List<Cell> found = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = cells.size() - 1; i >= 0 && (length <= 0 || found.size() < length); i--) {
            Cell c = cells.get(i);
            if (glob.matcher(c.input()).matches() && (!flags.contains(ResultFlag.UNIQUE) || seen.add(c.input()))) {
                found.add(0, c);
            }
        }
        return entries(found, flags);
    }

    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char ch : glob.toCharArray()) {
            switch (ch) {
                case '*' -> regex.append("[\\s\\S]*");
                case '?' -> regex.append("[\\s\\S]");
                default -> regex.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static List<HistoryEntry> entries(List<Cell> cells, Set<ResultFlag> flags) {
        boolean output = flags.contains(ResultFlag.INCLUDE_OUTPUT);
        return cells.stream()
                .map(c -> new HistoryEntry(SESSION, c.number(), c.input(), output ? c.output() : null))
                .toList();
    }
}
