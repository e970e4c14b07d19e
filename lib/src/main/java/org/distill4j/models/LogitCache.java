package org.distill4j.models;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A network's logits on a dataset, kept in a file so that a frozen teacher's outputs are computed once, not once per
 * student (a CNN teacher's logits on 55,000 images take about 35 s on 2 cores; reading them back takes milliseconds).
 *
 * <p>A file is named for the network's weights (its {@link Classifier#fingerprint()}) and the images' {@link
 * org.distill4j.data.ImageDataset#pixelDigest()}, so new weights or other images never read stale logits. Its layout:
 * magic, version, rows, classes, the float32 logits (big-endian, row-major), their SHA-256. A file of the wrong size,
 * shape or checksum is ignored (with a WARN line) and rewritten; a folder that cannot be written only costs the time.
 */
final class LogitCache {

    private static final Logger LOG = LoggerFactory.getLogger(LogitCache.class);
    private static final byte[] MAGIC = "DISTILL4J-LOGITS".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int HEADER = MAGIC.length + 4 + 4 + 4;

    private LogitCache() {}

    static Path file(Path dir, String fingerprint, String pixelDigest) {
        return dir.resolve(fingerprint.substring(0, 16) + "-" + pixelDigest.substring(0, 16) + ".logits");
    }

    /** The logits in {@code file} if it holds exactly {@code rows × classes} intact values; empty otherwise. */
    static Optional<float[]> read(Path file, int rows, int classes) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        long expected = HEADER + 4L * rows * classes + 32;
        try {
            long size = Files.size(file);
            if (size != expected) {
                LOG.warn("ignoring {}: {} bytes, expected {} for {} × {} logits; recomputing them", file, size, expected, rows, classes);
                return Optional.empty();
            }
            try (InputStream is = Files.newInputStream(file); DataInputStream in = new DataInputStream(is)) {
                byte[] magic = in.readNBytes(MAGIC.length);
                int version = in.readInt();
                int r = in.readInt();
                int c = in.readInt();
                if (!Arrays.equals(magic, MAGIC) || version != VERSION || r != rows || c != classes) {
                    LOG.warn("ignoring {}: not a version-{} logits file for {} × {}; recomputing them", file, VERSION, rows, classes);
                    return Optional.empty();
                }
                byte[] body = in.readNBytes(4 * rows * classes);
                byte[] sum = in.readNBytes(32);
                if (!Arrays.equals(sum, Checkpoints.sha256(body))) {
                    LOG.warn("ignoring {}: its checksum does not match (a damaged file); recomputing the logits", file);
                    return Optional.empty();
                }
                float[] z = new float[rows * classes];
                ByteBuffer.wrap(body).asFloatBuffer().get(z);
                return Optional.of(z);
            }
        } catch (IOException e) {
            LOG.warn("cannot read {} ({}); recomputing the logits", file, e.toString());
            return Optional.empty();
        }
    }

    /** Writes the logits via a temporary file and an atomic move; a failure is a WARN line, not an error. */
    static void write(Path file, float[] logits, int rows, int classes) {
        ByteBuffer body = ByteBuffer.allocate(4 * logits.length);
        body.asFloatBuffer().put(logits);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(HEADER + body.capacity() + 32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(rows);
            out.writeInt(classes);
            out.write(body.array());
            out.write(Checkpoints.sha256(body.array()));
            Checkpoints.writeAtomically(file, bytes.toByteArray());
        } catch (IOException e) {
            LOG.warn("cannot keep the logits in {} ({}); they will be computed again next time", file, e.toString());
        }
    }
}
