package org.distill4j.interpretability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class SurrogateTreeTest {

    /** Mean of the 4×4 block at block row {@code r}, column {@code c} of a 28×28 image. */
    static float block(float[] image, int r, int c) {
        float s = 0;
        for (int i = 4 * r; i < 4 * r + 4; i++) {
            for (int j = 4 * c; j < 4 * c + 4; j++) {
                s += image[i * 28 + j];
            }
        }
        return s / 16;
    }

    /** A "student" that answers 2·[block(0,0) bright] + [block(2,3) bright]: two questions, four classes. */
    static int[] student(float[][] images) {
        int[] p = new int[images.length];
        for (int i = 0; i < images.length; i++) {
            p[i] = (block(images[i], 0, 0) > 0.5f ? 2 : 0) + (block(images[i], 2, 3) > 0.5f ? 1 : 0);
        }
        return p;
    }

    static final List<String> NAMES = List.of("dark-dark", "dark-bright", "bright-dark", "bright-bright");

    @Test
    void aTreeAsDeepAsTheStudentsRuleImitatesItAndPrintsThatRule() {
        float[][] train = TestModels.randomImages(400, 784, 31);
        float[][] test = TestModels.randomImages(200, 784, 32);
        try (NDManager m = NDManager.newBaseManager()) {
            SurrogateTree tree = SurrogateTree.builder().maxDepth(2).classNames(NAMES).fit(m.create(train), student(train));
            assertTrue(tree.fidelity(m.create(test), student(test)) > 0.95);
            assertEquals(2, tree.depth());
            assertEquals(4, tree.leaves());
            String rules = tree.rules();
            assertTrue(rules.startsWith("if pool(r0,c0) <= 0.5") || rules.startsWith("if pool(r2,c3) <= 0.5"), rules);
            for (String name : NAMES) {
                assertTrue(rules.contains("→ " + name + "  (100 %)"), rules);
            }
            assertTrue(rules.contains("4×4 block"), rules);
            assertEquals("pool(r1,c0)", tree.featureNames().get(7));
            assertEquals(49, tree.featureNames().size());
        }
    }

    @Test
    void fidelityGrowsWithDepthUntilTheTreeCanAskBothQuestions() {
        float[][] train = TestModels.randomImages(400, 784, 33);
        float[][] test = TestModels.randomImages(200, 784, 34);
        try (NDManager m = NDManager.newBaseManager()) {
            List<SurrogateTree.DepthFidelity> rows = SurrogateTree.builder().classNames(NAMES)
                    .fidelityByDepth(m.create(train), student(train), m.create(test), student(test), 1, 2, 3);
            assertEquals(3, rows.size());
            assertTrue(rows.get(0).heldOutFidelity() < 0.6, rows.toString());   // one question: at best 2 of 4 classes
            assertTrue(rows.get(1).heldOutFidelity() > 0.95, rows.toString());
            assertEquals(2, rows.get(0).leaves());
            Table table = SurrogateTree.asTable(rows);
            assertEquals(3, table.rowCount());
            assertEquals(2, table.intColumn("max depth").get(1));
        }
    }

    @Test
    void badImagesAndPredictionsAreReported() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray wrongWidth = m.create(new float[][] {{1, 2, 3}});
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SurrogateTree.builder().fit(wrongWidth, new int[] {0}));
            assertTrue(e.getMessage().contains("[N, 784]"), e.getMessage());
            NDArray images = m.create(TestModels.randomImages(2, 784, 1));
            assertThrows(IllegalArgumentException.class, () -> SurrogateTree.builder().pool(5).fit(images, new int[] {0, 1}));
            assertThrows(IllegalArgumentException.class,
                    () -> SurrogateTree.builder().classNames(List.of("a")).fit(images, new int[] {0, 1}));
            assertThrows(IllegalArgumentException.class, () -> SurrogateTree.builder().fit(images, new int[] {0}));
        }
    }
}
