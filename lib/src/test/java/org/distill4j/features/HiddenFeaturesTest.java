package org.distill4j.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.List;
import org.distill4j.models.Classifier;
import org.distill4j.models.Mlp;
import org.distill4j.models.SmallCnn;
import org.junit.jupiter.api.Test;

class HiddenFeaturesTest {

    private static final Mlp TWO_LAYERS = Mlp.builder().inputs(4).hidden(3, 5).classes(2).dropout(0.3f).build();

    @Test
    void firstHiddenLayerIsTheReluOfTheFirstLinearLayer() {
        try (Classifier net = Classifier.create(TWO_LAYERS, 7, Device.cpu()); NDManager m = NDManager.newBaseManager()) {
            List<Pair<String, Parameter>> params = net.block().getParameters().stream().toList();
            NDArray w = params.get(0).getValue().getArray(); // [3, 4]
            NDArray b = params.get(1).getValue().getArray(); // [3]
            NDArray x = m.randomNormal(new Shape(6, 4));
            NDArray expected = x.matMul(w.transpose()).add(b).maximum(0f);
            NDArray actual = HiddenFeatures.of(net, 1, x);
            assertEquals(new Shape(6, 3), actual.getShape());
            assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void secondHiddenLayerHasItsWidthAndIsDeterministic() {
        try (Classifier net = Classifier.create(TWO_LAYERS, 7, Device.cpu()); NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0, 1, new Shape(2500, 4)); // more than one inference batch of 1000
            NDArray h = HiddenFeatures.of(net, 2, x);
            assertEquals(new Shape(2500, 5), h.getShape());
            assertArrayEquals(h.toFloatArray(), HiddenFeatures.of(net, 2, x).toFloatArray(), 0f); // dropout is off
            assertTrue(h.min().getFloat() >= 0, "ReLU outputs are non-negative");
            assertEquals(5, HiddenFeatures.width(TWO_LAYERS, 2));
        }
    }

    @Test
    void rejectsALayerThatDoesNotExistAndNetworksThatAreNotMlps() {
        try (Classifier net = Classifier.create(TWO_LAYERS, 7, Device.cpu()); NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.zeros(new Shape(1, 4));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HiddenFeatures.of(net, 3, x));
            assertTrue(e.getMessage().contains("2 hidden layers"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> HiddenFeatures.of(net, 0, x));
        }
        try (Classifier cnn = Classifier.create(SmallCnn.teacher(), 1, Device.cpu()); NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HiddenFeatures.of(cnn, 1, m.zeros(new Shape(1, 784))));
            assertTrue(e.getMessage().contains("Mlp"), e.getMessage());
        }
    }
}
