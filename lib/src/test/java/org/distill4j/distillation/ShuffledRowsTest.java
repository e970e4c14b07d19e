package org.distill4j.distillation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void idleBuffersAreReusedBySizeAndNeverHoldMoreThanTheLimit() {
        try (NDManager m = NDManager.newBaseManager()) {
            // rows of 1 MB: ten sizes of 60..69 MB would hold 645 MB if every size kept its buffer
            int floatsPerRow = 1 << 18;
            for (int rows = 60; rows < 70; rows++) {
                try (NDArray data = m.zeros(new Shape(rows, floatsPerRow))) {
                    new ShuffledRows(data).close();
                }
                assertTrue(ShuffledRows.idleBytes() <= ShuffledRows.IDLE_BYTES,
                        ShuffledRows.idleBytes() + " idle bytes after a run on " + rows + " rows");
            }
            long before = ShuffledRows.idleBytes();
            try (NDArray data = m.zeros(new Shape(69, floatsPerRow))) { // the last size: its buffer comes back
                ShuffledRows again = new ShuffledRows(data);
                assertEquals(before - (69L << 20), ShuffledRows.idleBytes(), "the idle buffer of that size was taken");
                again.close();
            }
            assertEquals(before, ShuffledRows.idleBytes());
        }
    }
}
