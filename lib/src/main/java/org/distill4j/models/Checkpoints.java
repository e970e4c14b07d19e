package org.distill4j.models;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
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
 * <p>Files are written atomically (to a temporary file {@code NAME.params.RANDOM.tmp} in the same folder, then moved
 * into place), so an interrupted run never leaves half a checkpoint; temporary files older than {@link #STALE_TEMPORARY}
 * (left by a run that was killed mid-save) are deleted whenever a checkpoint in that folder is saved or loaded. Files
 * are created with the default permissions of the process (the umask), so a classmate can read a shared copy.
 *
 * <p>What is never silent:
 * <ul>
 *   <li>A file that is truncated, corrupt (its SHA-256 does not match), written for a different key or architecture,
 *       far larger than the architecture's parameters need, unreadable, or holding NaN or infinite weights is not an
 *       error: {@link #load} logs one WARN line saying why and that it will retrain, and {@link #loadOrTrain} retrains.
 *   <li>Weights with a NaN or an infinity are never saved: {@link #save} and {@link #loadOrTrain} throw an
 *       {@link IllegalStateException} naming the parameter (training diverged: try a smaller learning rate).
 *   <li>A checkpoint that cannot be written (read-only folder, full disk, a directory in the way) does not cost the
 *       trained network: {@link #loadOrTrain} logs a WARN line saying where and why, and returns the network.
 * </ul>
 */
public final class Checkpoints {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    private static final byte[] MAGIC = "DISTILL4J-CHECKPOINT".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    /** Bytes of the header around the parameters: magic, version, key length, parameter length, SHA-256. */
    private static final int FRAMING = MAGIC.length + 4 + 2 + 8 + 32;
    /** A checkpoint file may exceed its expected size by this much before it is refused unread. */
    private static final long SIZE_SLACK = 1 << 20;

    /** Temporary files older than this are left over from an interrupted save and are deleted. */
    public static final Duration STALE_TEMPORARY = Duration.ofHours(1);

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
     * <p>A missing file trains silently; an unusable one logs a WARN line, then trains and overwrites it. If the new
     * checkpoint cannot be written, a WARN line says where and why and the trained network is returned all the same
     * (it will be trained again next time).
     *
     * @param train builds and trains a fresh network for this architecture and seed (called at most once)
     * @throws IllegalStateException if the trained network has NaN or infinite weights (nothing is saved; the network
     *     is closed), or if {@code train} returned a different architecture
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
        Path file = fileFor(architecture, seed, recipe);
        Optional<String> bad = nonFiniteParameter(trained);
        if (bad.isPresent()) {
            trained.close();
            throw new IllegalStateException(notSaved(file, bad.get()));
        }
        try {
            writeFile(trained, key(architecture, seed, recipe), file);
        } catch (UncheckedIOException e) {
            LOG.warn("The trained {} is returned but was NOT saved: {}. It will be trained again next time; to keep it, "
                    + "make {} writable (or free disk space), or set -Ddistill4j.checkpoints=<a writable folder>.",
                    architecture.name(), e.getMessage(), file.getParent());
        }
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
     * @throws IllegalStateException if a weight is NaN or infinite (nothing is written)
     * @throws UncheckedIOException if the file cannot be written; the message says where and why
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
        deleteStaleTemporaryFiles(file.getParent());
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
                    : e instanceof AccessDeniedException ? "permission denied: make it readable, or delete it"
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.warn("Checkpoint {} cannot be used ({}); it will be retrained and overwritten.", file, why);
            return Optional.empty();
        }
    }

    /**
     * The first parameter holding a NaN or an infinity, by name, or empty if all weights are finite numbers.
     */
    public static Optional<String> nonFiniteParameter(Classifier classifier) {
        for (Pair<String, Parameter> p : classifier.block().getParameters()) {
            NDArray weights = p.getValue().getArray();
            try (NDArray nan = weights.isNaN(); NDArray inf = weights.isInfinite(); NDArray either = nan.logicalOr(inf);
                 NDArray any = either.any()) {
                if (any.getBoolean()) {
                    return Optional.of(p.getKey());
                }
            }
        }
        return Optional.empty();
    }

    private static String notSaved(Path file, String parameter) {
        return "Checkpoint " + file.getFileName() + " NOT saved: parameter '" + parameter + "' holds NaN or infinite "
                + "values, so training diverged. Train again with a smaller learning rate (or fewer epochs), and check "
                + "the loss of each epoch.";
    }

    /** Checks the weights are finite, then {@link #writeFile}. */
    static void write(Classifier classifier, String key, Path file) {
        Optional<String> bad = nonFiniteParameter(classifier);
        if (bad.isPresent()) {
            throw new IllegalStateException(notSaved(file, bad.get()));
        }
        writeFile(classifier, key, file);
    }

    /**
     * Writes header, key, parameters and their SHA-256 to {@code file} ({@link #writeAtomically}).
     *
     * @throws UncheckedIOException saying which file could not be written and why
     */
    static void writeFile(Classifier classifier, String key, Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            deleteStaleTemporaryFiles(dir);
            ByteArrayOutputStream params = new ByteArrayOutputStream();
            classifier.writeParameters(params);
            byte[] bytes = params.toByteArray();
            ByteArrayOutputStream framed = new ByteArrayOutputStream(bytes.length + FRAMING + key.length() * 3);
            try (DataOutputStream out = new DataOutputStream(framed)) {
                out.write(MAGIC);
                out.writeInt(VERSION);
                out.writeUTF(key);
                out.writeLong(bytes.length);
                out.write(bytes);
                out.write(sha256(bytes));
            }
            writeAtomically(file, framed.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + reason(e, file), e);
        }
    }

    /**
     * Writes {@code bytes} to a new temporary file beside {@code file}, then moves it over {@code file} atomically
     * (where the file system can): a reader never sees half a file, and an interrupted write leaves the old file.
     * The temporary file is created like any new file of this process (its permissions follow the umask) and is
     * deleted if anything fails.
     */
    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** What went wrong, in words: Java's file exceptions often carry only the path. */
    private static String reason(IOException e, Path file) {
        if (Files.isDirectory(file)) {
            return "a folder of that name is in the way; move it away or delete it";
        }
        if (e instanceof AccessDeniedException denied) {
            return "permission denied on " + denied.getFile();
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException exists) {
            return exists.getFile() + " exists and is not a folder";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason() + " (" + f.getFile() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * Deletes {@code *.params*.tmp} files in {@code dir} older than {@link #STALE_TEMPORARY}: the remains of saves that
     * were interrupted (a younger one may belong to a save in progress elsewhere, and is left alone). Best effort: a
     * file that cannot be deleted is left, silently.
     */
    static void deleteStaleTemporaryFiles(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        FileTime cutoff = FileTime.from(Instant.now().minus(STALE_TEMPORARY));
        try (DirectoryStream<Path> tmps = Files.newDirectoryStream(dir, "*.params*.tmp")) {
            for (Path tmp : tmps) {
                try {
                    if (Files.isRegularFile(tmp) && Files.getLastModifiedTime(tmp).compareTo(cutoff) < 0) {
                        Files.deleteIfExists(tmp);
                    }
                } catch (IOException e) {
                    // not ours to fight over: leave it
                }
            }
        } catch (IOException e) {
            // an unreadable folder: the save or load that follows reports it
        }
    }

    /** Reads {@code file} into {@code net}, checking header, key, length and SHA-256 first. */
    static void read(Classifier net, String key, Path file) throws Exception {
        long size = Files.size(file);
        long expected = FRAMING + key.getBytes(StandardCharsets.UTF_8).length + net.sizeOnDiskBytes();
        if (size > Integer.MAX_VALUE - 64 || size > expected + SIZE_SLACK) {
            throw new IOException(String.format("it holds %,d bytes, far more than the %,d bytes a checkpoint of %s can need;"
                    + " it is not read", size, expected, net.architecture().name()));
        }
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
        Optional<String> bad = nonFiniteParameter(net);
        if (bad.isPresent()) {
            throw new IOException("its parameter '" + bad.get() + "' holds NaN or infinite values: it was saved from a "
                    + "training run that diverged");
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
