package org.distill4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ClassifierTest {

    @Test
    void mlpParameterCountIsWeightsPlusBiases() {
        try (Classifier net = Classifier.create(Mlp.builder().hidden(100).build(), 1)) {
            assertEquals(784 * 100 + 100 + 100 * 10 + 10, net.parameterCount());
            long bytes = net.sizeOnDiskBytes();
            assertTrue(bytes >= 4 * net.parameterCount() && bytes < 4 * net.parameterCount() + 4096, "size " + bytes);
        }
        try (Classifier teacher = Classifier.create(Mlp.teacher(), 1)) {
            assertEquals(784 * 1200 + 1200 + 1200 * 1200 + 1200 + 1200 * 10 + 10, teacher.parameterCount());
        }
    }

    @Test
    void cnnTakesFlatImagesAndReturnsLogitsPerClass() {
        try (Classifier cnn = Classifier.create(SmallCnn.teacher(), 1); NDManager m = NDManager.newBaseManager()) {
            NDArray out = cnn.logits(m.randomUniform(0, 1, new Shape(5, 784)));
            assertEquals(new Shape(5, 10), out.getShape());
            // conv1 16·(9+1), conv2 32·(16·9+1), dense 128·(32·7·7+1), output 10·(128+1)
            assertEquals(16 * 10 + 32 * 145 + 128 * 1569 + 10 * 129, cnn.parameterCount());
        }
    }

    @Test
    void aForwardPassLeavesOnlyItsLogitsWithTheCallerNotEveryLayersActivations() {
        try (Classifier cnn = Classifier.create(SmallCnn.teacher(), 1); NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0, 1, new Shape(8, 784));
            NDArray first = cnn.logits(x);
            for (int i = 0; i < 5; i++) {
                cnn.logits(x).close();
            }
            assertEquals(2, m.getManagedArrays().size(), "the input and the one open output; conv, pool and dense "
                    + "activations were freed with their pass");
            assertEquals(x.getManager(), m, "the input is handed back to its owner");
            assertEquals(first, cnn.logits(x), "same answer on every pass");
        }
    }

    @Test
    void sameSeedGivesSameWeightsAndDifferentSeedDifferentWeights() {
        try (Classifier a = Classifier.create(Mlp.student(), 7); Classifier b = Classifier.create(Mlp.student(), 7);
                Classifier c = Classifier.create(Mlp.student(), 8)) {
            assertEquals(a.fingerprint(), b.fingerprint());
            assertNotEquals(a.fingerprint(), c.fingerprint());
        }
    }

    @Test
    void inferenceIsDeterministicDespiteDropout() {
        try (Classifier net = Classifier.create(Mlp.builder().hidden(50).dropout(0.5f).build(), 3);
                NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0, 1, new Shape(4, 784));
            assertEquals(net.logits(x), net.logits(x));
        }
    }

    @Test
    void latencyIsAPositiveTimePerBatchAndPerImage() {
        // Timings on a shared machine are noisy, so only their form is tested here; bench/ measures them.
        try (Classifier net = Classifier.create(Mlp.student(), 1)) {
            Classifier.Latency many = net.latency(64, 3);
            assertTrue(many.millisPerBatch() > 0 && Double.isFinite(many.millisPerBatch()));
            assertEquals(many.millisPerBatch() * 1000 / 64, many.microsPerImage(), 1e-9);
        }
    }

    @Test
    void wrongInputShapeIsExplained() {
        try (Classifier net = Classifier.create(Mlp.student(), 1); NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> net.logits(m.zeros(new Shape(2, 28, 28))));
            assertTrue(e.getMessage().contains("takes images of shape [batch, 784]"), e.getMessage());
        }
    }

    @Test
    void badArchitecturesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Mlp.builder().dropout(1f).build());
        assertThrows(IllegalArgumentException.class, () -> Mlp.builder().hidden(0).build());
        assertThrows(IllegalArgumentException.class, () -> new SmallCnn(30, 30, 8, 8, 8, 10, 0));
        assertEquals("mlp-784-1200-1200-10-dropout0.2", Mlp.teacher().name());
    }
}
