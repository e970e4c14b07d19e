package org.distill4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageDatasetTest {

    private static final List<String> CLASSES = List.of("a", "b", "c");

    /** 2×2 images; image i has pixels 4i..4i+3 (mod 256) and label i % 3. */
    private static ImageDataset data(int n) {
        byte[] px = new byte[n * 4];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) i;
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
        }
        return new ImageDataset("d", px, labels, 2, 2, CLASSES);
    }

    @Test
    void imagesAreEveryByteOver255BitForBitAsJavaComputesIt() {
        ImageDataset all = data(64); // the bytes 0..255, each once
        float[] expected = new float[256];
        for (int b = 0; b < 256; b++) {
            expected[b] = b / 255f;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            float[] got = all.images(m).toFloatArray();
            for (int b = 0; b < 256; b++) {
                assertEquals(Float.floatToIntBits(expected[b]), Float.floatToIntBits(got[b]), "byte " + b);
            }
            assertArrayEquals(got, all.images(m).toFloatArray(), "a second call gives the same array");
        }
    }

    @Test
    void firstPerClassKeepsTheFirstNOfEachClassInOrderAndSaysWhenAClassHasTooFew() {
        ImageDataset d = data(10).firstPerClass(2); // labels 0,1,2,0,1,2,0,1,2,0
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2}, d.labels());
        assertArrayEquals(data(10).image(4), d.image(4));
        var e = assertThrows(IllegalArgumentException.class, () -> data(10).firstPerClass(4));
        assertTrue(e.getMessage().contains("only 3 images of class b"), e.getMessage());
    }

    @Test
    void relabelledKeepsThePixelsAndTheirDigestAndChecksTheLabels() {
        ImageDataset d = data(6);
        ImageDataset r = d.relabelled("pseudo", new int[] {2, 2, 2, 1, 1, 1});
        assertArrayEquals(new int[] {2, 2, 2, 1, 1, 1}, r.labels());
        assertArrayEquals(d.image(5), r.image(5));
        assertEquals(d.pixelDigest(), r.pixelDigest(), "the digest is of the images alone");
        assertNotEquals(d.pixelDigest(), d.take(5).pixelDigest());
        assertThrows(DatasetFormatException.class, () -> d.relabelled("bad", new int[] {0, 1, 2, 3, 0, 0}));
        assertThrows(DatasetFormatException.class, () -> d.relabelled("short", new int[] {0}));
    }
}
