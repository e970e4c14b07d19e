package org.distill4j.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * A labelled set of greyscale images held in memory as unsigned bytes (28×28 for MNIST and Fashion-MNIST).
 *
 * <p>Pixels become floats in [0, 1] only when you ask for an {@link NDArray}: {@link #images(NDManager)} gives
 * {@code [N, height·width]}, the flat layout an MLP takes. Instances are immutable; {@link #take}, {@link #subset}
 * and {@link #filter} return new datasets.
 */
public final class ImageDataset {

    private final String name;
    private final byte[] pixels;
    private final int[] labels;
    private final int height;
    private final int width;
    private final List<String> classNames;
    private volatile String pixelDigest; // computed on first use
    private final FloatPixels floats; // shared by datasets with the same pixels (named, relabelled)

    /**
     * @param pixels {@code N·height·width} unsigned bytes, row-major
     * @param labels {@code N} labels in {@code [0, classNames.size())}
     * @throws DatasetFormatException if sizes disagree or a label is out of range
     */
    public ImageDataset(String name, byte[] pixels, int[] labels, int height, int width, List<String> classNames) {
        this(name, pixels, labels, height, width, classNames, new FloatPixels());
    }

    private ImageDataset(String name, byte[] pixels, int[] labels, int height, int width, List<String> classNames,
            FloatPixels floats) {
        if ((long) labels.length * height * width != pixels.length) {
            throw new DatasetFormatException(name + ": " + labels.length + " labels but " + pixels.length
                    + " pixel bytes (expected " + (long) labels.length * height * width + " for " + height + "×" + width
                    + " images). The image and label files do not belong together.");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new DatasetFormatException(name + ": label " + labels[i] + " at index " + i
                        + " is outside 0.." + (classNames.size() - 1) + "; the label file is corrupt.");
            }
        }
        this.name = name;
        this.pixels = pixels;
        this.labels = labels;
        this.height = height;
        this.width = width;
        this.classNames = List.copyOf(classNames);
        this.floats = floats;
    }

    public String name() {
        return name;
    }

    public int size() {
        return labels.length;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Pixels per image ({@code height · width}). */
    public int features() {
        return height * width;
    }

    public int numClasses() {
        return classNames.size();
    }

    public List<String> classNames() {
        return classNames;
    }

    public String className(int label) {
        return classNames.get(label);
    }

    public int label(int i) {
        return labels[i];
    }

    /** A copy of all labels. */
    public int[] labels() {
        return labels.clone();
    }

    /** Image {@code i} as {@code height·width} floats in [0, 1], row-major. */
    public float[] image(int i) {
        float[] out = new float[features()];
        int off = i * features();
        for (int p = 0; p < out.length; p++) {
            out[p] = (pixels[off + p] & 0xff) / 255f;
        }
        return out;
    }

    /** Number of examples per class, indexed by label. */
    public int[] classCounts() {
        int[] counts = new int[numClasses()];
        for (int l : labels) {
            counts[l]++;
        }
        return counts;
    }

    /** All images as a float32 array {@code [N, height·width]} with values in [0, 1], owned by {@code manager}. */
    public NDArray images(NDManager manager) {
        // a copy of floatPixels(): the caller may change its array without touching the dataset's
        try (NDArray view = manager.create(floatPixels(), new Shape(size(), features()), DataType.FLOAT32)) {
            return view.duplicate();
        }
    }

    /**
     * All images as float32 values in [0, 1] ({@code (byte & 0xff) / 255}), row-major {@code [N, height·width]}, in
     * the platform's byte order: a read-only buffer in native memory, made on first use and kept while the dataset
     * lives (4 bytes per pixel: 172 MB for 55,000 images). The training loop reads its rows from here, so that thirty
     * students trained on one dataset do not convert and allocate its images thirty times (that took half of each
     * 3-second run).
     */
    public java.nio.ByteBuffer floatPixels() {
        return floats.of(pixels).asReadOnlyBuffer().order(java.nio.ByteOrder.nativeOrder());
    }

    /** The float pixels of one byte array, computed once; shared by the datasets that share those bytes. */
    private static final class FloatPixels {
        private java.nio.ByteBuffer buffer;

        synchronized java.nio.ByteBuffer of(byte[] pixels) {
            if (buffer == null) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(4 * pixels.length).order(java.nio.ByteOrder.nativeOrder());
                java.nio.FloatBuffer f = b.asFloatBuffer();
                for (byte p : pixels) {
                    f.put((p & 0xff) / 255f);
                }
                buffer = b;
            }
            return buffer;
        }
    }

    /**
     * SHA-256 (hex) of the images alone: their size and pixels, not the name or the labels. Two datasets with equal
     * digests give any network the same outputs, so a network's outputs can be remembered under it.
     */
    public String pixelDigest() {
        String d = pixelDigest;
        if (d == null) {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update((height + "x" + width + "x" + size() + ";").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                sha.update(pixels);
                d = HexFormat.of().formatHex(sha.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            pixelDigest = d;
        }
        return d;
    }

    /** All labels as an int32 array {@code [N]}, owned by {@code manager}. */
    public NDArray labels(NDManager manager) {
        return manager.create(labels);
    }

    /** The first {@code n} examples (the shipped files are shuffled with classes interleaved, so this is balanced). */
    public ImageDataset take(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("take(" + n + "): n must be ≥ 0");
        }
        if (n >= size()) {
            return this;
        }
        int[] idx = new int[n];
        Arrays.setAll(idx, i -> i);
        return subset(idx);
    }

    /** The examples at the given indices, in that order. */
    public ImageDataset subset(int[] indices) {
        int f = features();
        byte[] px = new byte[indices.length * f];
        int[] lb = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= size()) {
                throw new IndexOutOfBoundsException("index " + i + " outside 0.." + (size() - 1) + " of " + name);
            }
            System.arraycopy(pixels, i * f, px, k * f, f);
            lb[k] = labels[i];
        }
        return new ImageDataset(name, px, lb, height, width, classNames);
    }

    /**
     * The first {@code n} examples of each class, in their order here (with the shipped files' interleaved classes,
     * a balanced labelled set, the same on every run).
     *
     * @throws IllegalArgumentException if a class has fewer than {@code n} examples
     */
    public ImageDataset firstPerClass(int n) {
        int[] seen = new int[numClasses()];
        int[] idx = java.util.stream.IntStream.range(0, size()).filter(i -> seen[labels[i]]++ < n).toArray();
        for (int c = 0; c < seen.length; c++) {
            if (seen[c] < n) {
                throw new IllegalArgumentException(name + " has only " + seen[c] + " images of class " + className(c)
                        + ", fewer than the " + n + " asked for; ask for at most " + seen[c] + ".");
            }
        }
        return subset(idx).named(name + ", first " + n + " per class");
    }

    /**
     * The same images with other labels, such as a teacher's predictions (its pseudo-labels).
     *
     * @param newLabels one label per image, in {@code [0, numClasses())}
     * @throws DatasetFormatException if the count differs from {@link #size()} or a label is out of range
     */
    public ImageDataset relabelled(String newName, int[] newLabels) {
        return new ImageDataset(newName, pixels, newLabels.clone(), height, width, classNames, floats);
    }

    /** The same examples under another name (names appear in checkpoint keys, tables and error messages). */
    public ImageDataset named(String newName) {
        return new ImageDataset(newName, pixels, labels, height, width, classNames, floats);
    }

    /** The examples whose label satisfies {@code keep}, e.g. {@code filter(label -> label != 3)}. */
    public ImageDataset filter(IntPredicate keep) {
        return subset(java.util.stream.IntStream.range(0, size()).filter(i -> keep.test(labels[i])).toArray());
    }

    @Override
    public String toString() {
        return name + " (" + size() + " images of " + height + "×" + width + ", " + numClasses() + " classes)";
    }
}
