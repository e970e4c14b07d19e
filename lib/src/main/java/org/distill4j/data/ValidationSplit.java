package org.distill4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Training, validation and test data: every choice (temperature, α, epochs, a calibration temperature) is made on
 * {@link #validation()}, and {@link #test()} is read once per reported number.
 *
 * <p>The validation images are carved from the training data, stratified by class: {@code perClass} images of every
 * class, drawn at random with a fixed seed (a Fisher–Yates shuffle of each class's indices with one
 * {@link java.util.Random}, classes in label order), so the same seed gives the same split on every machine. Both parts
 * keep the file order of the images they hold.
 *
 * <pre>{@code
 * ValidationSplit data = Datasets.fashionMnistCourse();     // 55,000 / 5,000 / 10,000
 * distiller.train(Mlp.student(), data.forChoosing());       // evaluated on validation images
 * distiller.train(Mlp.student(), new Datasets.Split(data.train(), data.test()));  // the chosen setting, on the test set
 * }</pre>
 *
 * @param train what models learn from (the training data less the validation images)
 * @param validation held out from {@code train}, for choices
 * @param test for the reported numbers only
 */
public record ValidationSplit(ImageDataset train, ImageDataset validation, ImageDataset test) {

    /**
     * @throws IllegalArgumentException if the three parts disagree on image size or classes
     */
    public ValidationSplit {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(test, "test");
        for (ImageDataset d : List.of(validation, test)) {
            if (d.height() != train.height() || d.width() != train.width() || !d.classNames().equals(train.classNames())) {
                throw new IllegalArgumentException("ValidationSplit: " + d + " does not match " + train
                        + " (image size and classes must agree)");
            }
        }
    }

    /**
     * Holds out {@code perClass} images of every class of {@code trainingData} as validation data.
     *
     * @param trainingData the labelled training data to carve from (never the test set)
     * @param test the test set, passed through unchanged
     * @param perClass validation images per class, at least 1
     * @param seed fixes which images are held out
     * @throws IllegalArgumentException if {@code perClass < 1}, or a class has {@code perClass} images or fewer (none
     *     would be left to train on)
     */
    public static ValidationSplit stratified(ImageDataset trainingData, ImageDataset test, int perClass, long seed) {
        int[][] parts = stratifiedIndices(trainingData.labels(), trainingData.numClasses(), perClass, seed);
        return new ValidationSplit(trainingData.subset(parts[0]).named(trainingData.name() + " (less validation)"),
                trainingData.subset(parts[1]).named(trainingData.name() + " validation " + perClass + "/class seed " + seed),
                test);
    }

    /**
     * The index arithmetic behind {@link #stratified}: {@code {trainIndices, validationIndices}}, each ascending.
     *
     * @param labels one label per example, each in {@code [0, classes)}
     */
    public static int[][] stratifiedIndices(int[] labels, int classes, int perClass, long seed) {
        if (perClass < 1) {
            throw new IllegalArgumentException("perClass must be ≥ 1, got " + perClass);
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " at index " + i + " is outside 0.." + (classes - 1));
            }
            byClass.get(labels[i]).add(i);
        }
        Random random = new Random(seed);
        boolean[] held = new boolean[labels.length];
        for (int c = 0; c < classes; c++) {
            List<Integer> members = byClass.get(c);
            if (members.size() <= perClass) {
                throw new IllegalArgumentException("class " + c + " has " + members.size() + " examples; holding out "
                        + perClass + " for validation would leave none to train on. Use a smaller perClass.");
            }
            int[] idx = members.stream().mapToInt(Integer::intValue).toArray();
            for (int i = idx.length - 1; i > 0; i--) { // Fisher–Yates
                int j = random.nextInt(i + 1);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
            for (int k = 0; k < perClass; k++) {
                held[idx[k]] = true;
            }
        }
        int validationSize = perClass * classes;
        int[] train = new int[labels.length - validationSize];
        int[] validation = new int[validationSize];
        int t = 0;
        int v = 0;
        for (int i = 0; i < labels.length; i++) {
            if (held[i]) {
                validation[v++] = i;
            } else {
                train[t++] = i;
            }
        }
        return new int[][] {train, validation};
    }

    /** Train and validation: for training runs whose per-epoch evaluation guides a choice. */
    public Datasets.Split forChoosing() {
        return new Datasets.Split(train, validation);
    }

    @Override
    public String toString() {
        return "ValidationSplit(train " + train.size() + ", validation " + validation.size() + ", test " + test.size()
                + "; validation per class " + Arrays.toString(validation.classCounts()) + ")";
    }
}
