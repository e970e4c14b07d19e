package org.distill4j.models;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.distill4j.data.ImageDataset;

/**
 * A network with weights: an {@link Architecture} plus the DJL {@link Model} that holds its parameters.
 *
 * <p>{@link #logits(NDArray)} runs the network in inference mode (dropout off) on {@code [batch, features]} and
 * returns {@code [batch, classes]}. A teacher and a student are both {@code Classifier}s; {@link
 * org.distill4j.distillation.Distiller} trains them. Close a classifier to free its native memory.
 *
 * <pre>{@code
 * try (Classifier net = Classifier.create(Mlp.student(), 42)) {
 *     System.out.println(net.parameterCount() + " parameters, " + net.sizeOnDiskBytes() / 1024 + " KiB");
 * }
 * }</pre>
 */
public final class Classifier implements AutoCloseable {

    /** Inference batch size for whole datasets: large enough for fast matrix products, small enough for memory. */
    private static final int EVAL_BATCH = 1000;

    private final Architecture architecture;
    private final long seed;
    private final Model model;
    /** The parameters as inference reads them; replaced when new weights are read (it caches the old arrays). */
    private ParameterStore inference;
    /** Where {@link #logits(ImageDataset, NDManager)} keeps its results for a frozen network; null: not kept. */
    private Path logitDirectory;
    /** Logits already computed or read, by the images' pixel digest (only with a logit directory). */
    private final Map<String, float[]> remembered = new HashMap<>();

    private Classifier(Architecture architecture, long seed, Model model) {
        this.architecture = architecture;
        this.seed = seed;
        this.model = model;
        this.inference = new ParameterStore(model.getNDManager(), false);
    }

    /** A freshly initialised network on the default device (the GPU if DJL sees one, else the CPU). */
    public static Classifier create(Architecture architecture, long seed) {
        return create(architecture, seed, Engine.getInstance().defaultDevice());
    }

    /**
     * A freshly initialised network: weights drawn from He-style Gaussians (DJL's default for weights), biases 0.
     * The same architecture and seed give the same weights on the CPU.
     */
    public static Classifier create(Architecture architecture, long seed, Device device) {
        Engine.getInstance().setRandomSeed((int) seed);
        Model model = Model.newInstance(architecture.name(), device);
        try {
            Block block = architecture.newBlock();
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, architecture.inputFeatures()));
            return new Classifier(architecture, seed, model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    public Architecture architecture() {
        return architecture;
    }

    /** The seed this network was initialised (and, if trained by the Distiller, trained) with. */
    public long seed() {
        return seed;
    }

    /** The DJL model (for a {@link ai.djl.training.Trainer}, or to save in DJL's own format). */
    public Model model() {
        return model;
    }

    public Block block() {
        return model.getBlock();
    }

    public Device device() {
        return model.getNDManager().getDevice();
    }

    public int classes() {
        return architecture.classes();
    }

    /**
     * Logits in inference mode (dropout off, no gradient recorded).
     *
     * @param images {@code [batch, features]} floats (pixels in [0, 1] for the shipped datasets)
     * @return {@code [batch, classes]}, on the device and owned by the manager of {@code images}
     * @throws IllegalArgumentException if {@code images} is not {@code [batch, inputFeatures]}
     */
    public NDArray logits(NDArray images) {
        Shape s = images.getShape();
        if (s.dimension() != 2 || s.get(1) != architecture.inputFeatures()) {
            throw new IllegalArgumentException(architecture.name() + " takes images of shape [batch, "
                    + architecture.inputFeatures() + "], got " + s + ". Use ImageDataset.images(manager).");
        }
        NDManager owner = images.getManager();
        // Every layer's output is attached to the manager of its input, and stays until that manager closes. So the
        // pass runs in a manager of its own, and only the logits are handed back: without this a CNN's activations
        // piled up, about 45 MB per pass of 256 images (1.2 GB for one latency measurement).
        try (NDManager pass = owner.newSubManager(device())) {
            NDArray x = images.toDevice(device(), false);
            if (x == images) {
                images.tempAttach(pass); // back to its owner when the pass closes
            } else { // the input lives elsewhere (say, the CPU while this network is on a GPU)
                x.attach(pass);
            }
            NDArray out = block().forward(inference, new NDList(x), false).singletonOrThrow();
            NDArray answer = out.getDevice().equals(images.getDevice()) ? out : out.toDevice(images.getDevice(), false);
            answer.attach(owner);
            return answer;
        }
    }

    /**
     * Logits for a whole dataset, computed in batches of 1000 — or, after {@link #rememberLogits(Path)}, computed once
     * per set of images and read back afterwards.
     *
     * @return {@code [data.size(), classes]}, owned by {@code manager}
     */
    public NDArray logits(ImageDataset data, NDManager manager) {
        if (logitDirectory == null) {
            return compute(data, manager);
        }
        float[] z = rememberedLogits(data);
        return manager.create(z, new Shape(data.size(), classes()));
    }

    /**
     * Declares this network frozen (a teacher whose weights no longer change) and keeps its logits on every dataset
     * it is asked about: in memory, and in a file under {@code directory} named for its weights and the images
     * (see {@link LogitCache}). Distilling many students from one teacher then pays for the teacher's forward passes
     * once — across notebooks, too. Loading new weights with {@link #readParameters} forgets what was kept in memory;
     * the files are keyed by the weights and need no forgetting.
     *
     * @return this classifier
     */
    public synchronized Classifier rememberLogits(Path directory) {
        this.logitDirectory = directory;
        return this;
    }

    private synchronized float[] rememberedLogits(ImageDataset data) {
        String digest = data.pixelDigest();
        float[] z = remembered.get(digest);
        if (z == null) {
            Path file = LogitCache.file(logitDirectory, fingerprint(), digest);
            z = LogitCache.read(file, data.size(), classes()).orElse(null);
            if (z == null) {
                try (NDManager scratch = model.getNDManager().newSubManager()) {
                    z = compute(data, scratch).toFloatArray();
                }
                LogitCache.write(file, z, data.size(), classes());
            }
            remembered.put(digest, z);
        }
        return z;
    }

    private NDArray compute(ImageDataset data, NDManager manager) {
        try (NDManager scratch = manager.newSubManager(device())) {
            NDArray images = data.images(scratch);
            NDArray result = logitsInBatches(images);
            result.attach(manager);
            return result;
        }
    }

    /** {@link #logits(NDArray)} in batches of 1000, so large inputs do not need one huge activation. */
    public NDArray logitsInBatches(NDArray images) {
        long n = images.getShape().get(0);
        if (n <= EVAL_BATCH) {
            return logits(images);
        }
        try (NDManager scratch = images.getManager().newSubManager()) {
            NDList parts = new NDList();
            for (long start = 0; start < n; start += EVAL_BATCH) {
                NDArray batch = images.get(new NDIndex("{}:{}", start, Math.min(n, start + EVAL_BATCH)));
                batch.attach(scratch);
                NDArray out = logits(batch);
                out.attach(scratch);
                parts.add(out);
            }
            NDArray all = NDArrays.concat(parts, 0);
            all.attach(images.getManager());
            return all;
        }
    }

    /** The number of trainable numbers (weights and biases). */
    public long parameterCount() {
        long count = 0;
        for (Pair<String, Parameter> p : block().getParameters()) {
            count += p.getValue().getArray().size();
        }
        return count;
    }

    /** Bytes of the parameter file this network saves to: about {@code 4 × parameterCount()} (float32) plus names. */
    public long sizeOnDiskBytes() {
        CountingStream counter = new CountingStream();
        writeParameters(counter);
        return counter.count;
    }

    /** SHA-256 of the saved parameters, in hex: equal fingerprints mean equal weights. */
    public String fingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            writeParameters(new DigestOutputStream(OutputStream.nullOutputStream(), sha));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the parameters in DJL's block format (see {@link Checkpoints} for files with a header and atomic writes). */
    public void writeParameters(OutputStream out) {
        try {
            DataOutputStream data = new DataOutputStream(out);
            block().saveParameters(data);
            data.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces the parameters with ones written by {@link #writeParameters}.
     *
     * @throws IOException if the stream is truncated or unreadable
     * @throws MalformedModelException if the stream was written by a different architecture
     */
    public void readParameters(DataInputStream in) throws IOException, MalformedModelException {
        synchronized (this) {
            remembered.clear();
        }
        block().loadParameters(model.getNDManager(), in);
        inference = new ParameterStore(model.getNDManager(), false);
    }

    /**
     * Inference latency: the median over {@code repeats} timed forward passes of a batch of random images, after
     * three warm-up passes (for an even number of passes, the mean of the two middle ones; commons-math's
     * {@link Median}).
     *
     * @param batchSize images per forward pass (1 measures the latency a single request sees)
     * @param repeats timed passes (at least 1)
     */
    public Latency latency(int batchSize, int repeats) {
        if (batchSize < 1 || repeats < 1) {
            throw new IllegalArgumentException("latency: batchSize and repeats must be ≥ 1, got " + batchSize + ", " + repeats);
        }
        try (NDManager scratch = model.getNDManager().newSubManager()) {
            NDArray x = scratch.randomUniform(0, 1, new Shape(batchSize, architecture.inputFeatures()));
            double[] nanos = new double[repeats];
            for (int i = -3; i < repeats; i++) {
                long t0 = System.nanoTime();
                try (NDArray out = logits(x)) {
                    out.toFloatArray(); // waits for the result (matters on a GPU)
                }
                if (i >= 0) {
                    nanos[i] = System.nanoTime() - t0;
                }
            }
            return new Latency(batchSize, new Median().evaluate(nanos) / 1e6);
        }
    }

    /** {@link #latency(int, int)} with 20 repeats. */
    public Latency latency(int batchSize) {
        return latency(batchSize, 20);
    }

    /**
     * The time of one forward pass.
     *
     * @param batchSize images per pass
     * @param millisPerBatch median wall-clock milliseconds per pass
     */
    public record Latency(int batchSize, double millisPerBatch) {
        /** Microseconds per image (a batch amortises overheads, so this falls as the batch grows). */
        public double microsPerImage() {
            return millisPerBatch * 1000 / batchSize;
        }

        @Override
        public String toString() {
            return String.format("%.3f ms per batch of %d (%.1f µs per image)", millisPerBatch, batchSize, microsPerImage());
        }
    }

    @Override
    public void close() {
        model.close();
    }

    @Override
    public String toString() {
        return architecture.name() + " (seed " + seed + ", " + parameterCount() + " parameters)";
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

}
