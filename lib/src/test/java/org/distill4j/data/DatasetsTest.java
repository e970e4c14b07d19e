package org.distill4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    @Test
    void shippedFashionMnistIsBalancedTwelveThousandPlusTwoThousand() {
        Datasets.Split s = Datasets.fashionMnist();
        assertEquals(12000, s.train().size());
        assertEquals(2000, s.test().size());
        for (int c : s.train().classCounts()) {
            assertEquals(1200, c);
        }
        // Round-robin order: the first ten labels are 0..9, so take(n) is balanced.
        int[] first = s.train().take(10).labels();
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, first);
        float[] img = s.train().image(0);
        assertEquals(784, img.length);
        for (float v : img) {
            assertTrue(v >= 0 && v <= 1);
        }
    }

    @Test
    void shippedDigitsMatchTheDocumentedSplit() {
        Datasets.Split s = Datasets.mnistDigits();
        assertEquals(7996, s.train().size());
        assertEquals(2004, s.test().size());
        assertEquals(825, s.train().classCounts()[3]);
        assertEquals(207, s.test().classCounts()[3]);
        assertEquals(0, s.train().filter(l -> l != 3).classCounts()[3]);
    }

    @Test
    void mismatchedImageAndLabelCountsAreReported(@TempDir Path dir) throws IOException {
        Idx.write(dir.resolve("train-images-idx3-ubyte.gz"), new int[] {3, 2, 2}, new byte[12]);
        Idx.write(dir.resolve("train-labels-idx1-ubyte.gz"), new int[] {2}, new byte[2]);
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> Datasets.load(dir, "toy", List.of("a", "b")));
        assertTrue(e.getMessage().contains("3 images but"), e.getMessage());
    }

    @Test
    void labelOutsideTheClassesIsReported(@TempDir Path dir) throws IOException {
        Idx.write(dir.resolve("train-images-idx3-ubyte.gz"), new int[] {2, 2, 2}, new byte[8]);
        Idx.write(dir.resolve("train-labels-idx1-ubyte.gz"), new int[] {2}, new byte[] {1, 7});
        Idx.write(dir.resolve("t10k-images-idx3-ubyte.gz"), new int[] {1, 2, 2}, new byte[4]);
        Idx.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), new int[] {1}, new byte[] {0});
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> Datasets.load(dir, "toy", List.of("a", "b")));
        assertTrue(e.getMessage().contains("label 7"), e.getMessage());
    }

    @Test
    void swappedImageAndLabelFilesAreNamedAsSuch(@TempDir Path dir) throws IOException {
        Idx.write(dir.resolve("train-images-idx3-ubyte.gz"), new int[] {2}, new byte[2]);
        Idx.write(dir.resolve("train-labels-idx1-ubyte.gz"), new int[] {2, 2, 2}, new byte[8]);
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> Datasets.load(dir, "toy", List.of("a", "b")));
        assertTrue(e.getMessage().contains("swapped"), e.getMessage());
    }
}
