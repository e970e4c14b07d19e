package org.distill4j.models;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import org.distill4j.data.Datasets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trained parameters on disk, so that "load the teacher, train it if absent" is one call and a later notebook reuses
 * the teacher an earlier one trained.
 *
 * <p>A checkpoint is keyed by everything that determines the weights: the architecture's {@link
 * Architecture#config()}, the seed, and a <em>recipe</em> string describing the training (data, epochs, optimizer,
 * ...). The file name is the architecture's name plus the first 16 hex digits of the SHA-256 of that key, e.g. {@code
 * mlp-784-1200-1200-10-dropout0.2-3f9a0c1d2e4b5a69.params}, in {@link #directory()}.
 *
 * <p>Files are written atomically (to a temporary file in the same folder, then moved into place), so an interrupted
 * run never leaves half a checkpoint. A file that is truncated, corrupt (its SHA-256 does not match), or written for a
 * different key or architecture is not an error: {@link #loadOrTrain} logs one WARN line saying it will retrain, and
 * retrains.
 */
public final class Checkpoints {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    private static final byte[] MAGIC = "DISTILL4J-CHECKPOINT".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    private Checkpoints() {}

    /**
     * Where checkpoints live: the system property {@code distill4j.checkpoints} if set, else {@code checkpoints/}
     * under the kit's home ({@link Datasets#home()}), which git ignores.
     */
    public static Path directory() {
        String prop = System.getProperty("distill4j.checkpoints");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        return Datasets.home().resolve("checkpoints");
    }

    /** The full key: architecture config, seed and training recipe, one per line. */
    public static String key(Architecture architecture, long seed, String recipe) {
        return architecture.config() + "\nseed=" + seed + "\n" + recipe;
    }

    /** The checkpoint file for this architecture, seed and recipe (it may not exist yet). */
    public static Path fileFor(Architecture architecture, long seed, String recipe) {
        String hash = HexFormat.of().formatHex(sha256(key(architecture, seed, recipe).getBytes(StandardCharsets.UTF_8)));
        return directory().resolve(architecture.name() + "-" + hash.substring(0, 16) + ".params");
    }

    /**
     * Returns the saved network for this key, or trains one with {@code train}, saves it, and returns it.
     *
     * <p>A missing file trains silently; an unreadable one logs a WARN line, then trains and overwrites it.
     *
     * @param train builds and trains a fresh network for this architecture and seed (called at most once)
     */
    public static Classifier loadOrTrain(Architecture architecture, long seed, String recipe, Device device,
            Supplier<Classifier> train) {
        Optional<Classifier> saved = load(architecture, seed, recipe, device);
        if (saved.isPresent()) {
            return saved.get();
        }
        Classifier trained = train.get();
        if (!trained.architecture().config().equals(architecture.config())) {
            String got = trained.architecture().name();
            trained.close();
            throw new IllegalStateException("loadOrTrain(" + architecture.name() + ", ...): the training function returned a "
                    + got + "; it must train the architecture it was asked for");
        }
        write(trained, key(architecture, seed, recipe), fileFor(architecture, seed, recipe));
        return trained;
    }

    /** {@link #loadOrTrain(Architecture, long, String, Device, Supplier)} on the default device. */
    public static Classifier loadOrTrain(Architecture architecture, long seed, String recipe, Supplier<Classifier> train) {
        return loadOrTrain(architecture, seed, recipe, Engine.getInstance().defaultDevice(), train);
    }

    /**
     * Saves {@code classifier} under its architecture, seed and {@code recipe}, atomically.
     *
     * @return the file written
     */
    public static Path save(Classifier classifier, String recipe) {
        Path file = fileFor(classifier.architecture(), classifier.seed(), recipe);
        write(classifier, key(classifier.architecture(), classifier.seed(), recipe), file);
        return file;
    }

    /**
     * Loads the network saved for this key.
     *
     * @return empty if there is no file, or (after a WARN line) if the file cannot be used
     */
    public static Optional<Classifier> load(Architecture architecture, long seed, String recipe, Device device) {
        Path file = fileFor(architecture, seed, recipe);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Classifier net = Classifier.create(architecture, seed, device);
        try {
            read(net, key(architecture, seed, recipe), file);
            return Optional.of(net);
        } catch (Exception e) { // anything unreadable means: retrain
            net.close();
            String why = e instanceof java.io.EOFException ? "truncated"
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.warn("Checkpoint {} cannot be used ({}); it will be retrained and overwritten.", file.getFileName(), why);
            return Optional.empty();
        }
    }

    /** Writes header, key, parameters and their SHA-256 to {@code file} via a temporary file and an atomic move. */
    static void write(Classifier classifier, String key, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ByteArrayOutputStream params = new ByteArrayOutputStream();
            classifier.writeParameters(params);
            byte[] bytes = params.toByteArray();
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
            try {
                try (OutputStream os = Files.newOutputStream(tmp); DataOutputStream out = new DataOutputStream(os)) {
                    out.write(MAGIC);
                    out.writeInt(VERSION);
                    out.writeUTF(key);
                    out.writeLong(bytes.length);
                    out.write(bytes);
                    out.write(sha256(bytes));
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads {@code file} into {@code net}, checking header, key, length and SHA-256 first. */
    static void read(Classifier net, String key, Path file) throws Exception {
        byte[] all = Files.readAllBytes(file);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(all));
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not a Distill4J checkpoint");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("checkpoint format " + version + ", this library reads " + VERSION);
        }
        String savedKey = in.readUTF();
        if (!savedKey.equals(key)) {
            throw new IOException("it was saved for a different configuration");
        }
        long length = in.readLong();
        if (length < 0 || length > in.available() - 32) {
            throw new IOException("truncated");
        }
        byte[] bytes = new byte[(int) length];
        in.readFully(bytes);
        byte[] digest = new byte[32];
        in.readFully(digest);
        if (!MessageDigest.isEqual(digest, sha256(bytes))) {
            throw new IOException("corrupt: its checksum does not match");
        }
        net.readParameters(new DataInputStream(new ByteArrayInputStream(bytes)));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
