package org.distill4j.distillation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShuffledRowsTest {

    @Test
    void rowsComeOutInTheGivenOrderBitForBitAsTheDeviceGather() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray images = m.randomUniform(0, 1, new Shape(50, 7));
            NDArray labels = m.create(new Random(1).ints(50, 0, 10).toArray());
            ShuffledRows x = new ShuffledRows(images);
            ShuffledRows y = new ShuffledRows(labels);
            Random r = new Random(2);
            for (int epoch = 0; epoch < 3; epoch++) { // the buffer is reused: each epoch's order must win
                int[] perm = r.ints(0, 50).distinct().limit(50).toArray();
                try (NDManager e = m.newSubManager()) {
                    NDArray rows = e.create(perm);
                    assertArrayEquals(images.get(rows).toFloatArray(), x.inOrder(perm, e).toFloatArray());
                    assertArrayEquals(labels.get(rows).toIntArray(), y.inOrder(perm, e).toIntArray());
                }
            }
        }
    }
}
