package org.distill4j.distillation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class SoftTargetsTest {

    @Test
    void softmaxWithTinyTemperatureAndHugeLogitsStaysFinite() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.create(new float[] {1e4f, -1e4f, 0f, -1e4f, 1e4f, 9999f}, new Shape(2, 3));
            float[] p = SoftTargets.softmax(z, 1e-3f).toFloatArray();
            for (float v : p) {
                assertTrue(Float.isFinite(v), "softmax gave " + v);
            }
            assertEquals(1f, p[0], 1e-6);
            assertEquals(0f, p[1], 1e-6);
            assertEquals(1f, p[4], 1e-6);
            float[] logp = SoftTargets.logSoftmax(z, 1e-3f).toFloatArray();
            for (float v : logp) {
                assertTrue(Float.isFinite(v), "log-softmax gave " + v + " (a log of 0?)");
            }
        }
    }

    @Test
    void softmaxTendsToUniformAsTemperatureGrows() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.create(new float[] {10f, -5f, 3f, 0f}, new Shape(1, 4));
            double previous = 0;
            for (float t : new float[] {1f, 10f, 100f, 1e6f}) {
                NDArray p = SoftTargets.softmax(z, t);
                double h = SoftTargets.entropy(p).getFloat();
                assertTrue(h > previous, "entropy should grow with T");
                previous = h;
            }
            for (float v : SoftTargets.softmax(z, 1e6f).toFloatArray()) {
                assertEquals(0.25f, v, 1e-5);
            }
            assertEquals(Math.log(4), previous, 1e-5);
        }
    }

    @Test
    void softmaxAtTemperatureOneMatchesTheTextbookFormula() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] p = SoftTargets.softmax(m.create(new float[] {2f, 1f, 0.1f}), 1f).toFloatArray();
            double sum = Math.exp(2) + Math.exp(1) + Math.exp(0.1);
            assertEquals(Math.exp(2) / sum, p[0], 1e-6);
            assertEquals(Math.exp(0.1) / sum, p[2], 1e-6);
        }
    }

    @Test
    void entropyIsZeroForOneHotAndLogCForUniform() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] h = SoftTargets.entropy(m.create(new float[] {0, 1, 0, 0, 0.25f, 0.25f, 0.25f, 0.25f}, new Shape(2, 4)))
                    .toFloatArray();
            assertEquals(0, h[0], 1e-6);
            assertEquals(Math.log(4), h[1], 1e-6);
        }
    }

    @Test
    void nonPositiveTemperatureIsRejected() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.create(new float[] {1f, 2f});
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SoftTargets.softmax(z, 0f));
            assertTrue(e.getMessage().contains("temperature must be a positive number, got 0.0"), e.getMessage());
        }
    }

    @Test
    void softmaxNeverReturnsNaNForFiniteLogitsAtAnyTemperature() {
        try (NDManager m = NDManager.newBaseManager()) {
            // ±3·10³⁸ is near float32's largest value: z / T overflows unless the shift comes first.
            NDArray z = m.create(new float[] {3e38f, -3e38f, 0f, 1e4f, -1e4f, 9999f}, new Shape(2, 3));
            for (float t : new float[] {1e-40f, 1e-3f, 1f, 1e6f}) {
                float[] p = SoftTargets.softmax(z, t).toFloatArray();
                for (int row = 0; row < 2; row++) {
                    double sum = 0;
                    for (int i = 0; i < 3; i++) {
                        float v = p[3 * row + i];
                        assertTrue(v >= 0 && v <= 1, "T = " + t + ": softmax gave " + v);
                        sum += v;
                    }
                    assertEquals(1, sum, 1e-6, "T = " + t + ", row " + row);
                }
                for (float v : SoftTargets.logSoftmax(z, t).toFloatArray()) {
                    assertTrue(!Float.isNaN(v) && v <= 0, "T = " + t + ": log-softmax gave " + v);
                }
            }
            // At T = 1e-40 the largest logit takes all the mass; at T = 1e6 row 1 is the textbook formula.
            assertEquals(1f, SoftTargets.softmax(z, 1e-40f).toFloatArray()[3], 0f);
            double a = Math.exp(1e4 / 1e6);
            double b = Math.exp(-1e4 / 1e6);
            double c = Math.exp(9999 / 1e6);
            float[] p = SoftTargets.softmax(z, 1e6f).toFloatArray();
            assertEquals(a / (a + b + c), p[3], 1e-6);
            assertEquals(b / (a + b + c), p[4], 1e-6);
        }
    }
}
