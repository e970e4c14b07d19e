package org.distill4j.distillation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * One training run, epoch by epoch: the numbers {@link Distiller} records after every epoch.
 *
 * <p>Columns (the names of {@link #table()}'s columns): {@value #EPOCH} (from 1), {@value #LOSS} (mean training loss
 * over the epoch's batches, weighted by batch size), {@value #TRAIN_ACCURACY} (on the training batches as seen,
 * dropout on), {@value #TEST_ACCURACY}, {@value #AGREEMENT} (top-1 agreement with the teacher on the test set),
 * {@value #KL_TO_TEACHER} (mean KL(teacher ‖ student) at T = 1 on the test set, nats), then the objective's own
 * columns (e.g. {@code hint}), then {@value #SECONDS} (training time of the epoch, evaluation excluded). Agreement
 * and KL are NaN (missing in the table) when there is no teacher. Accuracies are fractions in [0, 1].
 */
public final class History {

    public static final String EPOCH = "epoch";
    public static final String LOSS = "loss";
    public static final String TRAIN_ACCURACY = "train_accuracy";
    public static final String TEST_ACCURACY = "test_accuracy";
    public static final String AGREEMENT = "agreement";
    public static final String KL_TO_TEACHER = "kl_to_teacher";
    public static final String SECONDS = "seconds";

    /**
     * One epoch's numbers.
     *
     * @param extra the objective's own columns, by name (see {@link Objective#columns()})
     */
    public record Epoch(int epoch, double loss, double trainAccuracy, double testAccuracy, double agreement,
            double klToTeacher, Map<String, Double> extra, double seconds) {

        public Epoch {
            extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        }

        /** The value of a column by its name ({@link History#TEST_ACCURACY}, an objective's column, ...). */
        public double get(String column) {
            return switch (column) {
                case EPOCH -> epoch;
                case LOSS -> loss;
                case TRAIN_ACCURACY -> trainAccuracy;
                case TEST_ACCURACY -> testAccuracy;
                case AGREEMENT -> agreement;
                case KL_TO_TEACHER -> klToTeacher;
                case SECONDS -> seconds;
                default -> {
                    Double v = extra.get(column);
                    if (v == null) {
                        throw new IllegalArgumentException("no column '" + column + "'; the columns are " + extra.keySet()
                                + " besides " + List.of(EPOCH, LOSS, TRAIN_ACCURACY, TEST_ACCURACY, AGREEMENT, KL_TO_TEACHER,
                                SECONDS));
                    }
                    yield v;
                }
            };
        }
    }

    private final String name;
    private final List<String> extraColumns;
    private final List<Epoch> epochs = new ArrayList<>();

    /**
     * @param name names the table, e.g. the student's architecture
     * @param extraColumns the objective's own columns, in order
     */
    public History(String name, List<String> extraColumns) {
        this.name = name;
        this.extraColumns = List.copyOf(extraColumns);
    }

    /** Appends an epoch; its extra columns must be this history's. */
    public void add(Epoch e) {
        if (!e.extra().keySet().equals(new java.util.LinkedHashSet<>(extraColumns))) {
            throw new IllegalArgumentException("epoch " + e.epoch() + " has columns " + e.extra().keySet() + ", expected "
                    + extraColumns);
        }
        epochs.add(e);
    }

    public List<Epoch> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    public int size() {
        return epochs.size();
    }

    /** The last epoch. @throws IllegalStateException if there is none */
    public Epoch last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("no epoch recorded yet");
        }
        return epochs.get(epochs.size() - 1);
    }

    /** Test accuracy after the last epoch. */
    public double testAccuracy() {
        return last().testAccuracy();
    }

    /** Every column's name, in the order of {@link #table()}. */
    public List<String> columnNames() {
        List<String> names = new ArrayList<>(List.of(EPOCH, LOSS, TRAIN_ACCURACY, TEST_ACCURACY, AGREEMENT, KL_TO_TEACHER));
        names.addAll(extraColumns);
        names.add(SECONDS);
        return names;
    }

    /** One column, one value per epoch. */
    public double[] column(String column) {
        return epochs.stream().mapToDouble(e -> e.get(column)).toArray();
    }

    /** As a tablesaw table (for plots): one row per epoch, NaN as missing. */
    public Table table() {
        Table t = Table.create(name + " history");
        IntColumn epoch = IntColumn.create(EPOCH);
        epochs.forEach(e -> epoch.append(e.epoch()));
        t.addColumns(epoch);
        for (String c : columnNames().subList(1, columnNames().size())) {
            DoubleColumn col = DoubleColumn.create(c);
            for (Epoch e : epochs) {
                double v = e.get(c);
                if (Double.isNaN(v)) {
                    col.appendMissing();
                } else {
                    col.append(v);
                }
            }
            t.addColumns(col);
        }
        return t;
    }

    @Override
    public String toString() {
        return table().printAll();
    }
}
