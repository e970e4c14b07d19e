package org.distill4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

    @TempDir
    Path dir;

    @Test
    void writeThenReadGivesTheSameShapeAndBytes() throws IOException {
        byte[] data = new byte[2 * 3 * 4];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 11);
        }
        Path f = dir.resolve("x.gz");
        Idx.write(f, new int[] {2, 3, 4}, data);
        Idx.Tensor t = Idx.read(f);
        assertArrayEquals(new int[] {2, 3, 4}, t.shape());
        assertArrayEquals(data, t.data());
    }

    @Test
    void missingFileSaysHowToRestoreIt() {
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Idx.read(dir.resolve("nope.gz")));
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
        assertTrue(e.getMessage().contains("git checkout"), e.getMessage());
    }

    @Test
    void forgedHeaderClaimingHugeDataIsRefusedBeforeAllocating() throws IOException {
        // 2^31-1 x 2^31-1 x 1: would be an OutOfMemoryError if we trusted it.
        Path f = gz(header(3, Integer.MAX_VALUE, Integer.MAX_VALUE, 1));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().contains("more than"), e.getMessage());
    }

    @Test
    void headerWithinLimitButMissingDataIsTruncatedNotOom() throws IOException {
        // Claims 60,000 x 28 x 28 = 47 MB but carries 10 bytes.
        Path f = gz(concat(header(3, 60000, 28, 28), new byte[10]));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("47040000"), e.getMessage());
    }

    @Test
    void wrongMagicIsNotAnIdxFile() throws IOException {
        Path f = gz(new byte[] {'P', 'K', 3, 4, 0, 0, 0, 1, 7});
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().contains("not an IDX file"), e.getMessage());
    }

    @Test
    void zeroOrNegativeDimensionIsRejected() throws IOException {
        Path f = gz(header(1, -5));
        assertTrue(assertThrows(DatasetFormatException.class, () -> Idx.read(f)).getMessage().contains("must be positive"));
    }

    @Test
    void trailingBytesAreRejected() throws IOException {
        Path f = gz(concat(header(1, 2), new byte[] {1, 2, 3}));
        assertTrue(assertThrows(DatasetFormatException.class, () -> Idx.read(f)).getMessage().contains("extra bytes"));
    }

    @Test
    void fileCutInTheMiddleOfTheGzipStreamIsTruncated() throws IOException {
        byte[] data = new byte[5000];
        new java.util.Random(1).nextBytes(data);
        Path whole = dir.resolve("whole.gz");
        Idx.write(whole, new int[] {5000}, data);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.gz");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Idx.read(cut));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void plainTextIsNotGzip() throws IOException {
        Path f = dir.resolve("text.gz");
        Files.writeString(f, "version https://git-lfs.github.com/spec/v1\n");
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().contains("not a valid gzip"), e.getMessage());
    }

    private static byte[] header(int ndim, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length);
        b.put((byte) 0).put((byte) 0).put((byte) 8).put((byte) ndim);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private Path gz(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        Path f = Files.createTempFile(dir, "idx", ".gz");
        Files.write(f, bytes.toByteArray());
        return f;
    }

    @Test
    void permissionDeniedMessageNamesTheProblemTheModeAndTheFix() throws IOException {
        Path f = dir.resolve("train-images-idx3-ubyte.gz");
        Idx.write(f, new int[] {1}, new byte[] {7});
        java.nio.file.Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
        String message = Idx.permissionDenied(f);
        assertTrue(message.contains("permission denied"), message);
        assertTrue(message.contains("mode ---------"), message);
        assertTrue(message.contains("owner " + System.getProperty("user.name")), message);
        assertTrue(message.contains("chmod a+r " + f), message);
        assertTrue(message.contains("git checkout -- datasets/"), message);
    }

    @Test
    void unreadableDatasetFileSaysPermissionDenied() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
                "root reads files whatever their mode, so chmod 000 cannot make one unreadable here");
        Path f = dir.resolve("labels.gz");
        Idx.write(f, new int[] {1}, new byte[] {7});
        java.nio.file.Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
        assertTrue(e.getMessage().contains("chmod a+r"), e.getMessage());
    }
}
