package org.distill4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValidationSplitTest {

    private static final List<String> THREE = List.of("a", "b", "c");

    /** 2×2 images whose first two pixels spell the example's index, so every image is recognisable after a split. */
    private static ImageDataset toy(int[] labels) {
        byte[] px = new byte[labels.length * 4];
        for (int i = 0; i < labels.length; i++) {
            px[4 * i] = (byte) (i >> 8);
            px[4 * i + 1] = (byte) i;
        }
        return new ImageDataset("toy", px, labels, 2, 2, THREE);
    }

    private static int idOf(ImageDataset d, int k) {
        float[] img = d.image(k);
        return Math.round(img[0] * 255) << 8 | Math.round(img[1] * 255);
    }

    /** 30 of class 0, 20 of class 1, 50 of class 2, interleaved irregularly. */
    private static int[] unevenLabels() {
        int[] labels = new int[100];
        for (int i = 0; i < 100; i++) {
            labels[i] = i < 60 ? (i % 2 == 0 ? 2 : (i % 3 == 0 ? 1 : 0)) : (i % 5 == 0 ? 1 : (i % 5 < 3 ? 0 : 2));
        }
        return labels;
    }

    @Test
    void validationHoldsExactlyPerClassOfEveryClassAndTrainTheRest() {
        int[] labels = unevenLabels();
        ImageDataset all = toy(labels);
        int[] counts = all.classCounts();
        ValidationSplit s = ValidationSplit.stratified(all, toy(new int[] {0, 1, 2}), 4, 7);
        assertArrayEquals(new int[] {4, 4, 4}, s.validation().classCounts());
        assertEquals(100 - 12, s.train().size());
        for (int c = 0; c < 3; c++) {
            assertEquals(counts[c] - 4, s.train().classCounts()[c]);
        }
        assertEquals(3, s.test().size());
    }

    @Test
    void trainAndValidationAreDisjointAndCoverTheTrainingData() {
        ImageDataset all = toy(unevenLabels());
        ValidationSplit s = ValidationSplit.stratified(all, all.take(1), 5, 11);
        Set<Integer> train = new HashSet<>();
        for (int k = 0; k < s.train().size(); k++) {
            train.add(idOf(s.train(), k));
            assertEquals(all.label(idOf(s.train(), k)), s.train().label(k), "an image keeps its label");
        }
        Set<Integer> validation = new HashSet<>();
        for (int k = 0; k < s.validation().size(); k++) {
            int id = idOf(s.validation(), k);
            assertFalse(train.contains(id), "image " + id + " is in both parts");
            validation.add(id);
            assertEquals(all.label(id), s.validation().label(k));
        }
        assertEquals(s.validation().size(), validation.size(), "no image twice");
        train.addAll(validation);
        assertEquals(100, train.size(), "together the parts are the training data");
    }

    @Test
    void sameSeedSameSplitOtherSeedAnotherSplit() {
        int[] labels = unevenLabels();
        int[][] a = ValidationSplit.stratifiedIndices(labels, 3, 5, 42);
        int[][] b = ValidationSplit.stratifiedIndices(labels, 3, 5, 42);
        int[][] c = ValidationSplit.stratifiedIndices(labels, 3, 5, 43);
        assertArrayEquals(a[0], b[0]);
        assertArrayEquals(a[1], b[1]);
        assertFalse(Arrays.equals(a[1], c[1]), "another seed holds out other images");
        for (int[] part : a) {
            for (int k = 1; k < part.length; k++) {
                assertTrue(part[k - 1] < part[k], "file order is kept");
            }
        }
    }

    @Test
    void everyImageOfAClassCanBeHeldOut() {
        // Not always the first ones: over many seeds each of class 1's 20 images is held out at least once.
        int[] labels = unevenLabels();
        Set<Integer> seen = new HashSet<>();
        for (long seed = 0; seed < 200; seed++) {
            for (int i : ValidationSplit.stratifiedIndices(labels, 3, 2, seed)[1]) {
                if (labels[i] == 1) {
                    seen.add(i);
                }
            }
        }
        assertEquals(toy(labels).classCounts()[1], seen.size());
    }

    @Test
    void aClassTooSmallToHoldOutIsReported() {
        int[] labels = unevenLabels(); // class 1 has the fewest
        int smallest = toy(labels).classCounts()[1];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ValidationSplit.stratifiedIndices(labels, 3, smallest, 1));
        assertTrue(e.getMessage().contains("class 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ValidationSplit.stratifiedIndices(labels, 3, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> ValidationSplit.stratifiedIndices(new int[] {0, 3}, 3, 1, 1));
    }

    @Test
    void partsMustAgreeOnImageSizeAndClasses() {
        ImageDataset a = toy(unevenLabels());
        ImageDataset other = new ImageDataset("other", new byte[9], new int[] {0}, 3, 3, THREE);
        assertThrows(IllegalArgumentException.class, () -> new ValidationSplit(a, a, other));
    }

    @Test
    void theCourseSplitIsFiftyFiveThousandFiveThousandTenThousand() {
        ValidationSplit s = Datasets.fashionMnistCourse();
        assertEquals(55_000, s.train().size());
        assertEquals(5_000, s.validation().size());
        assertEquals(10_000, s.test().size());
        for (int c = 0; c < 10; c++) {
            assertEquals(500, s.validation().classCounts()[c]);
            assertEquals(5_500, s.train().classCounts()[c]);
            assertEquals(1_000, s.test().classCounts()[c]);
        }
        // The early notebooks' data is unchanged.
        assertEquals(12_000, Datasets.fashionMnist().train().size());
        assertEquals(2_000, Datasets.fashionMnist().test().size());
    }
}
