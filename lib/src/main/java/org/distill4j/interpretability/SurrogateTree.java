package org.distill4j.interpretability;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * A global surrogate: a shallow decision tree trained to imitate the student, so a person can read, in a few
 * if/else rules, roughly what the student does (Craven and Shavlik, 1996, "Extracting Tree-Structured Representations
 * of Trained Networks"; Molnar, "Interpretable Machine Learning", ch. "Global Surrogate").
 *
 * <p>The tree does not see raw pixels, which would give rules like "pixel 407 ≤ 0.31". Each image is average-pooled
 * into {@code pool × pool} blocks (28×28 with {@code pool = 4} gives 7×7 = 49 features), named
 * {@code pool(rI,cJ)}: the mean brightness, 0 black to 1 white, of block row I, column J. The tree's targets are the
 * <em>student's predictions</em>, not the true labels: it explains the model, right or wrong.
 *
 * <p>How far to trust the rules is measured by <b>fidelity</b>, the fraction of held-out images on which tree and
 * student agree: \( \text{fidelity} = \frac{1}{n} \sum_i [\,\text{tree}(x_i) = \text{student}(x_i)\,] \). A deeper tree
 * is more faithful and less readable; {@link Builder#fidelityByDepth} tabulates that trade-off.
 *
 * <p>The tree is grown by Tribuo's CART trainer (Oracle Labs, Apache-2.0; Gini impurity, axis-aligned splits
 * \(x_f \le t\)), so this class only builds features and reads the fitted tree back as rules.
 *
 * <pre>{@code
 * SurrogateTree tree = SurrogateTree.builder().maxDepth(4).classNames(train.classNames())
 *         .fit(trainImages, studentTrainPredictions);
 * tree.fidelity(testImages, studentTestPredictions);   // e.g. 0.71
 * System.out.println(tree.rules());
 * }</pre>
 */
public final class SurrogateTree {

    private final TreeModel<Label> model;
    private final List<String> classNames;
    private final Map<String, Integer> classIndex;
    private final String[] featureNames;
    private final PatchGrid blocks;

    private SurrogateTree(TreeModel<Label> model, List<String> classNames, String[] featureNames, PatchGrid blocks) {
        this.model = model;
        this.classNames = classNames;
        this.classIndex = new HashMap<>();
        for (int c = 0; c < classNames.size(); c++) {
            classIndex.put(classNames.get(c), c);
        }
        this.featureNames = featureNames;
        this.blocks = blocks;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The tree's class for each image.
     *
     * @param images float32 {@code [N, height·width]}
     * @return {@code [N]} class indices into the class names
     * @throws IllegalArgumentException if the images do not have {@code height · width} features
     */
    public int[] predict(NDArray images) {
        double[][] features = poolImages(images, blocks);
        List<Example<Label>> examples = new ArrayList<>();
        for (double[] f : features) {
            examples.add(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, featureNames, f));
        }
        List<Prediction<Label>> predictions = model.predict(examples);
        int[] classes = new int[predictions.size()];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = classIndex.get(predictions.get(i).getOutput().getLabel());
        }
        return classes;
    }

    /**
     * Fidelity: the fraction of images on which the tree predicts what the student predicted.
     *
     * @param images float32 {@code [N, height·width]}, held out from fitting for an honest number
     * @param studentPredictions {@code [N]} the student's predicted classes for the same images
     * @return a fraction in [0, 1]
     * @throws IllegalArgumentException if the counts differ
     */
    public double fidelity(NDArray images, int[] studentPredictions) {
        int[] tree = predict(images);
        if (tree.length != studentPredictions.length) {
            throw new IllegalArgumentException(tree.length + " images but " + studentPredictions.length + " predictions.");
        }
        int agree = 0;
        for (int i = 0; i < tree.length; i++) {
            if (tree[i] == studentPredictions[i]) {
                agree++;
            }
        }
        return agree / (double) tree.length;
    }

    /** Depth of the fitted tree (a single leaf has depth 0); at most the requested maximum. */
    public int depth() {
        return depth(model.getRoot());
    }

    /** Number of leaves, i.e. of rules. */
    public int leaves() {
        return leaves(model.getRoot());
    }

    /** Feature names in order, {@code pool(r0,c0), pool(r0,c1), ...}. */
    public List<String> featureNames() {
        return List.of(featureNames);
    }

    /**
     * The tree as nested if/else rules a learner can read, followed by what the feature names mean. Each leaf shows
     * the class it predicts and the share of its training images (student predictions) that have that class:
     * <pre>
     * if pool(r3,c3) &lt;= 0.412:
     *     if pool(r6,c1) &lt;= 0.051:
     *         → Trouser  (93 %)
     * ...
     * </pre>
     */
    public String rules() {
        StringBuilder s = new StringBuilder();
        int pool = blocks.patch();
        write(model.getRoot(), 0, s);
        s.append(String.format("%npool(rI,cJ) = mean brightness (0 black, 1 white) of the %d×%d block at pixel rows"
                + " %d·I..%d·I+%d, columns %d·J..%d·J+%d.%n", pool, pool, pool, pool, pool - 1, pool, pool, pool - 1));
        return s.toString();
    }

    @Override
    public String toString() {
        return rules();
    }

    private void write(Node<Label> node, int indent, StringBuilder s) {
        String pad = "    ".repeat(indent);
        if (node instanceof SplitNode<Label> split) {
            String feature = model.getFeatureIDMap().get(split.getFeatureID()).getName();
            s.append(String.format("%sif %s <= %.3f:%n", pad, feature, split.splitValue()));
            write(split.getLessThanOrEqual(), indent + 1, s);
            s.append(pad).append("else:\n");
            write(split.getGreaterThan(), indent + 1, s);
        } else {
            LeafNode<Label> leaf = (LeafNode<Label>) node;
            Label label = leaf.getOutput();
            double total = 0;
            for (Label l : leaf.getDistribution().values()) {
                total += l.getScore();
            }
            double share = total > 0 ? leaf.getDistribution().get(label.getLabel()).getScore() / total : 1;
            s.append(String.format("%s→ %s  (%.0f %%)%n", pad, label.getLabel(), 100 * share));
        }
    }

    private static int depth(Node<Label> node) {
        if (node instanceof SplitNode<Label> split) {
            return 1 + Math.max(depth(split.getLessThanOrEqual()), depth(split.getGreaterThan()));
        }
        return 0;
    }

    private static int leaves(Node<Label> node) {
        if (node instanceof SplitNode<Label> split) {
            return leaves(split.getLessThanOrEqual()) + leaves(split.getGreaterThan());
        }
        return 1;
    }

    /** Average pooling of flattened images over the blocks: {@code [N][blocks.count()]}, row-major blocks. */
    static double[][] poolImages(NDArray images, PatchGrid blocks) {
        int pixelCount = blocks.pixels();
        if (images.getShape().dimension() != 2 || images.getShape().get(1) != pixelCount) {
            throw new IllegalArgumentException("images must be [N, " + pixelCount + "] (" + blocks.height() + "×"
                    + blocks.width() + " flattened), got " + images.getShape() + "; set imageSize(height, width).");
        }
        float[] pixels = images.toFloatArray();
        double[][] features = new double[(int) images.getShape().get(0)][blocks.count()];
        for (int i = 0; i < features.length; i++) {
            for (int j = 0; j < pixelCount; j++) {
                features[i][blocks.patchOf(j)] += pixels[i * pixelCount + j];
            }
            for (int f = 0; f < features[i].length; f++) {
                features[i][f] /= blocks.patch() * blocks.patch();
            }
        }
        return features;
    }

    /**
     * Fidelity of surrogate trees of one maximum depth.
     *
     * @param maxDepth the depth asked for
     * @param depth the depth the fitted tree reached (smaller when splitting stopped helping)
     * @param leaves number of rules
     * @param trainFidelity agreement with the student on the images the tree was fitted to
     * @param heldOutFidelity agreement with the student on held-out images: the number to report
     */
    public record DepthFidelity(int maxDepth, int depth, int leaves, double trainFidelity, double heldOutFidelity) {}

    /** The trade-off as a table with columns {@code max depth, leaves, train fidelity, held-out fidelity}. */
    public static Table asTable(List<DepthFidelity> rows) {
        Table table = Table.create("Surrogate tree fidelity by depth",
                IntColumn.create("max depth"), IntColumn.create("leaves"),
                DoubleColumn.create("train fidelity"), DoubleColumn.create("held-out fidelity"));
        for (DepthFidelity r : rows) {
            table.intColumn("max depth").append(r.maxDepth());
            table.intColumn("leaves").append(r.leaves());
            table.doubleColumn("train fidelity").append(r.trainFidelity());
            table.doubleColumn("held-out fidelity").append(r.heldOutFidelity());
        }
        return table;
    }

    /** Settings for {@link SurrogateTree}; defaults: depth 4, 4×4 pooling of 28×28 images, classes named "0", "1", .... */
    public static final class Builder {
        private int maxDepth = 4;
        private int pool = 4;
        private int height = 28;
        private int width = 28;
        private List<String> classNames;

        private Builder() {}

        /**
         * Largest number of questions on any path from the root to a leaf (a tree of depth d has at most \(2^d\) rules).
         *
         * @throws IllegalArgumentException if below 1
         */
        public Builder maxDepth(int maxDepth) {
            this.maxDepth = Settings.atLeastOne("maxDepth", maxDepth, "");
            return this;
        }

        /**
         * Side of the square blocks averaged into one feature, the patches of a {@link PatchGrid}; must divide the image
         * height and width (checked in {@link #fit}).
         */
        public Builder pool(int pool) {
            this.pool = pool;
            return this;
        }

        /** Height and width of the images (28×28 by default); both at least 1 (checked in {@link #fit}). */
        public Builder imageSize(int height, int width) {
            this.height = height;
            this.width = width;
            return this;
        }

        /** Names printed in the rules, index = class, e.g. {@code dataset.classNames()}. */
        public Builder classNames(List<String> classNames) {
            this.classNames = List.copyOf(classNames);
            return this;
        }

        /**
         * Fits a tree that imitates the student.
         *
         * @param images float32 {@code [N, height·width]}
         * @param studentPredictions {@code [N]} the student's predicted class of each image
         * @throws IllegalArgumentException if pool does not divide the image size, the images have the wrong width,
         *     the counts differ, or a prediction has no class name
         */
        public SurrogateTree fit(NDArray images, int[] studentPredictions) {
            PatchGrid blocks = PatchGrid.of(height, width, pool, "pool");
            double[][] features = poolImages(images, blocks);
            if (features.length != studentPredictions.length) {
                throw new IllegalArgumentException(features.length + " images but " + studentPredictions.length
                        + " student predictions.");
            }
            List<String> names = classNames;
            if (names == null) {
                int max = 0;
                for (int p : studentPredictions) {
                    max = Math.max(max, p);
                }
                names = new ArrayList<>();
                for (int c = 0; c <= max; c++) {
                    names.add(String.valueOf(c));
                }
            }
            String[] featureNames = new String[blocks.count()];
            for (int f = 0; f < featureNames.length; f++) {
                featureNames[f] = "pool(r" + f / blocks.columns() + ",c" + f % blocks.columns() + ")";
            }
            LabelFactory factory = new LabelFactory();
            MutableDataset<Label> dataset = new MutableDataset<>(
                    new SimpleDataSourceProvenance("student predictions on pooled pixels", factory), factory);
            for (int i = 0; i < features.length; i++) {
                int p = studentPredictions[i];
                if (p < 0 || p >= names.size()) {
                    throw new IllegalArgumentException("student prediction " + p + " of image " + i + " has no class name"
                            + " (" + names.size() + " names given).");
                }
                dataset.add(new ArrayExample<>(new Label(names.get(p)), featureNames, features[i]));
            }
            @SuppressWarnings("unchecked")
            TreeModel<Label> model = (TreeModel<Label>) new CARTClassificationTrainer(maxDepth).train(dataset);
            return new SurrogateTree(model, List.copyOf(names), featureNames, blocks);
        }

        /**
         * Fits one tree per maximum depth (other settings as in this builder) and measures fidelity on the training
         * images and on held-out images.
         *
         * @param depths the maximum depths to try, e.g. {@code 1, 2, 3, 4, 6, 8}
         * @return one row per depth, in the order given; {@link SurrogateTree#asTable} shows them as a table
         */
        public List<DepthFidelity> fidelityByDepth(NDArray trainImages, int[] trainPredictions, NDArray heldOutImages,
                int[] heldOutPredictions, int... depths) {
            int original = maxDepth;
            List<DepthFidelity> rows = new ArrayList<>();
            try {
                for (int d : depths) {
                    maxDepth(d);
                    SurrogateTree tree = fit(trainImages, trainPredictions);
                    rows.add(new DepthFidelity(d, tree.depth(), tree.leaves(), tree.fidelity(trainImages, trainPredictions),
                            tree.fidelity(heldOutImages, heldOutPredictions)));
                }
            } finally {
                maxDepth = original;
            }
            return rows;
        }
    }
}
