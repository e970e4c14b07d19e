package org.distill4j.interpretability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

class DarkKnowledgeTest {

    @Test
    void rowsAreMeanSoftLabelsOfEachTrueClassAndSumToOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            float ln2 = (float) Math.log(2);
            // Class 0: logits (2 ln2, ln2, 0) at T = 1 → (4, 2, 1)/7; and (0, 0, 0) → (1, 1, 1)/3.
            // Class 1 at T = 2: (0, 2 ln4, 0)/2 = (0, ln4, 0) → (1, 4, 1)/6. Class 2: one-hot-ish row.
            float[][] logits = {{2 * ln2, ln2, 0}, {0, 0, 0}, {0, (float) (2 * Math.log(4)), 0}, {0, 0, 8}};
            int[] labels = {0, 0, 1, 2};
            float[][] s1 = DarkKnowledge.classSimilarity(m.create(logits), labels, 1f);
            assertEquals((4 / 7.0 + 1 / 3.0) / 2, s1[0][0], 1e-6);
            assertEquals((2 / 7.0 + 1 / 3.0) / 2, s1[0][1], 1e-6);
            assertEquals((1 / 7.0 + 1 / 3.0) / 2, s1[0][2], 1e-6);
            float[][] s2 = DarkKnowledge.classSimilarity(m.create(logits), labels, 2f);
            assertEquals(4 / 6.0, s2[1][1], 1e-6);
            assertEquals(1 / 6.0, s2[1][0], 1e-6);
            for (float[][] s : new float[][][] {s1, s2}) {
                for (float[] row : s) {
                    assertEquals(1.0, row[0] + row[1] + row[2], 1e-6);
                }
            }
            // A higher temperature moves mass off the diagonal.
            assertTrue(s2[2][2] < s1[2][2]);
        }
    }

    @Test
    void mostConfusableListsTheLargestOffDiagonalEntriesFirst() {
        float[][] s = {{0.7f, 0.05f, 0.25f}, {0.1f, 0.8f, 0.1f}, {0.3f, 0.2f, 0.5f}};
        List<DarkKnowledge.Neighbours> n = DarkKnowledge.mostConfusable(s, List.of("Shirt", "Bag", "T-shirt"), 2);
        assertEquals(List.of("T-shirt", "Bag"), n.get(0).neighbours());
        assertEquals(List.of("Shirt", "T-shirt"), n.get(1).neighbours());   // tie broken by class order
        assertEquals(List.of("Shirt", "Bag"), n.get(2).neighbours());
        assertEquals(0.25f, n.get(0).mass().get(0), 0);
        assertEquals("Shirt (0.70) → T-shirt 0.25, Bag 0.05", n.get(0).toString());
        assertThrows(IllegalArgumentException.class, () -> DarkKnowledge.mostConfusable(s, List.of("a", "b", "c"), 3));
    }

    @Test
    void aClassWithoutImagesOrABadTemperatureIsReported() {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DarkKnowledge.classSimilarity(m.create(new float[][] {{1, 2, 3}}), new int[] {0}, 1f));
            assertTrue(e.getMessage().contains("class 1 has no image"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> DarkKnowledge.classSimilarity(m.create(new float[][] {{1, 2, 3}}), new int[] {0}, 0f));
        }
    }
}
