package org.distill4j.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Reader and writer for the IDX format of LeCun's MNIST files (and Fashion-MNIST), gzip-compressed.
 *
 * <p>Layout: a 4-byte magic {@code 0x00 0x00 type ndim}, then {@code ndim} big-endian int32 dimensions, then
 * the data, row-major. We only use {@code type = 0x08} (unsigned byte): images are {@code [N, 28, 28]},
 * labels {@code [N]}.
 *
 * <p>The header is checked before anything is allocated: the magic, the number of dimensions (1 to 4), every
 * dimension positive, and the total size at most {@link #MAX_ELEMENTS}. The data is then read incrementally, so
 * a forged header that claims more data than the file holds is reported as truncated instead of allocating the
 * claimed size. Trailing bytes after the data are an error too.
 */
public final class Idx {

    /** Largest tensor we accept: the full MNIST training set is 47 million bytes. */
    public static final long MAX_ELEMENTS = 64L * 1024 * 1024;

    private static final int UNSIGNED_BYTE = 0x08;

    /** The dimensions and raw unsigned-byte data of one IDX file. */
    public record Tensor(int[] shape, byte[] data) {}

    private Idx() {}

    /**
     * Reads a gzip-compressed IDX file of unsigned bytes.
     *
     * @throws DatasetFormatException if the file is missing, unreadable (permission denied), not gzip, has a bad header,
     *     is truncated or too long; the message says what to do
     */
    public static Tensor read(Path file) {
        if (Files.exists(file) && !Files.isReadable(file)) {
            throw new DatasetFormatException(permissionDenied(file));
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(in, file.toString());
        } catch (AccessDeniedException e) {
            throw new DatasetFormatException(permissionDenied(file), e);
        } catch (NoSuchFileException e) {
            throw new DatasetFormatException("Dataset file not found: " + file
                    + ". Restore it with `git checkout -- datasets/` or rebuild it with `datasets/build.py`.");
        } catch (ZipException e) {
            throw new DatasetFormatException(file + " is not a valid gzip file (" + e.getMessage()
                    + "). Restore it with `git checkout -- datasets/`.", e);
        } catch (EOFException e) {
            throw new DatasetFormatException(file + " is truncated: the compressed stream ends early. "
                    + "Restore it with `git checkout -- datasets/`.", e);
        } catch (IOException e) {
            throw new DatasetFormatException("Could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The message for a dataset file this process may not read: the words "permission denied", the file's mode and
     * owner when they can be seen, and the fix.
     */
    static String permissionDenied(Path file) {
        String mode = "";
        try {
            PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class);
            mode = " (mode " + PosixFilePermissions.toString(attributes.permissions()) + ", owner "
                    + attributes.owner().getName() + ")";
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system, or not even its attributes are visible: the message does without them
        }
        return "Cannot read " + file + ": permission denied" + mode + ". Make it readable, e.g. `chmod a+r " + file
                + "` (or `sudo chown $USER` it), or restore the datasets with `git checkout -- datasets/`.";
    }

    /** Reads an uncompressed IDX stream; {@code name} is used in error messages. */
    static Tensor read(InputStream in, String name) throws IOException {
        byte[] magic = readFully(in, 4, name, "the 4-byte magic number");
        if (magic[0] != 0 || magic[1] != 0) {
            throw new DatasetFormatException(name + " is not an IDX file: it must start with two zero bytes, found "
                    + String.format("0x%02x 0x%02x", magic[0], magic[1]) + ". Restore it with `git checkout -- datasets/`.");
        }
        if ((magic[2] & 0xff) != UNSIGNED_BYTE) {
            throw new DatasetFormatException(name + ": IDX data type 0x" + String.format("%02x", magic[2])
                    + " is not supported (only 0x08, unsigned byte).");
        }
        int ndim = magic[3] & 0xff;
        if (ndim < 1 || ndim > 4) {
            throw new DatasetFormatException(name + ": IDX header claims " + ndim + " dimensions (expected 1 to 4).");
        }
        byte[] dimBytes = readFully(in, 4 * ndim, name, "the " + ndim + " dimension sizes");
        int[] shape = new int[ndim];
        long total = 1;
        for (int i = 0; i < ndim; i++) {
            int d = ((dimBytes[4 * i] & 0xff) << 24) | ((dimBytes[4 * i + 1] & 0xff) << 16)
                    | ((dimBytes[4 * i + 2] & 0xff) << 8) | (dimBytes[4 * i + 3] & 0xff);
            if (d <= 0) {
                throw new DatasetFormatException(name + ": dimension " + i + " is " + d + " (must be positive).");
            }
            shape[i] = d;
            total *= d;
            if (total > MAX_ELEMENTS) {
                throw new DatasetFormatException(name + ": IDX header claims more than " + MAX_ELEMENTS
                        + " elements; the file is corrupt (or not a dataset this kit can hold in memory).");
            }
        }
        byte[] data = readUpTo(in, (int) total);
        if (data.length < total) {
            throw new DatasetFormatException(name + " is truncated: the header promises " + total
                    + " bytes of data, the file holds " + data.length + ". Restore it with `git checkout -- datasets/`.");
        }
        if (in.read() != -1) {
            throw new DatasetFormatException(name + " has extra bytes after the " + total
                    + " bytes its header describes; the file is corrupt. Restore it with `git checkout -- datasets/`.");
        }
        return new Tensor(shape, data);
    }

    /** Writes a gzip-compressed IDX file of unsigned bytes (used by {@code datasets/build.py}). */
    public static void write(Path file, int[] shape, byte[] data) throws IOException {
        long total = 1;
        for (int d : shape) {
            total *= d;
        }
        if (total != data.length) {
            throw new IllegalArgumentException("shape holds " + total + " elements but data has " + data.length);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream raw = Files.newOutputStream(tmp);
             DataOutputStream out = new DataOutputStream(new GZIPOutputStream(raw, 1 << 16))) {
            out.write(new byte[] {0, 0, UNSIGNED_BYTE, (byte) shape.length});
            for (int d : shape) {
                out.writeInt(d);
            }
            out.write(data);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static byte[] readFully(InputStream in, int n, String name, String what) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new DatasetFormatException(name + " is truncated: it ends inside " + what
                    + ". Restore it with `git checkout -- datasets/`.");
        }
        return b;
    }

    /** Reads at most {@code n} bytes, growing the buffer as data actually arrives. */
    private static byte[] readUpTo(InputStream in, int n) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(n, 1 << 20));
        byte[] chunk = new byte[1 << 16];
        int remaining = n;
        while (remaining > 0) {
            int r = in.read(chunk, 0, Math.min(chunk.length, remaining));
            if (r < 0) {
                break;
            }
            out.write(chunk, 0, r);
            remaining -= r;
        }
        return out.toByteArray();
    }
}
