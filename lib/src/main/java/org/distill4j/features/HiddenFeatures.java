package org.distill4j.features;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.distill4j.models.Architecture;
import org.distill4j.models.Classifier;
import org.distill4j.models.Mlp;

/**
 * The hidden representations of an {@link Mlp}: what feature-based distillation asks a student to reproduce.
 *
 * <p>An {@code Mlp} is {@code [Linear → ReLU (→ Dropout)] × hidden layers → Linear}. <b>Hidden layer \(k\)</b>
 * (counted from 1 at the input side) is the output of the \(k\)-th group: \( h_k = \mathrm{ReLU}(W_k h_{k-1} + b_k) \)
 * with \(h_0 = x\), which is the input of the \((k+1)\)-th linear layer. Its width is {@code mlp.hidden()[k - 1]}.
 */
public final class HiddenFeatures {

    /** Inference batch size for whole datasets, as in {@link Classifier}. */
    private static final int BATCH = 1000;

    private HiddenFeatures() {}

    /**
     * Hidden layer {@code layer} of {@code net} in inference mode (dropout off, no gradient recorded).
     *
     * @param net a network whose architecture is an {@link Mlp}
     * @param layer 1 for the first hidden layer, up to {@code net}'s number of hidden layers
     * @param images {@code [batch, features]}, on any device
     * @return {@code [batch, width of the layer]}, owned by the manager of {@code images}
     * @throws IllegalArgumentException if {@code net} is not an MLP or has no such hidden layer
     */
    public static NDArray of(Classifier net, int layer, NDArray images) {
        Mlp mlp = requireMlp(net.architecture(), "net");
        width(mlp, layer);
        long n = images.getShape().get(0);
        try (NDManager scratch = images.getManager().newSubManager(net.device())) {
            ParameterStore inference = new ParameterStore(scratch, false);
            NDList parts = new NDList();
            for (long start = 0; start < n; start += BATCH) {
                NDArray batch = images.get(new NDIndex("{}:{}", start, Math.min(n, start + BATCH)))
                        .toDevice(net.device(), false);
                batch.attach(scratch);
                NDArray h = forward(net.block(), inference, batch, layer, false, true).get(1);
                h.attach(scratch);
                parts.add(h);
            }
            NDArray all = parts.size() == 1 ? parts.head() : NDArrays.concat(parts, 0);
            NDArray result = all.toDevice(images.getDevice(), false);
            result.attach(images.getManager());
            return result;
        }
    }

    /**
     * The width of hidden layer {@code layer} of {@code mlp}.
     *
     * @throws IllegalArgumentException if there is no such layer
     */
    public static int width(Mlp mlp, int layer) {
        int[] hidden = mlp.hidden();
        if (layer < 1 || layer > hidden.length) {
            throw new IllegalArgumentException(mlp.name() + " has " + hidden.length + " hidden layer"
                    + (hidden.length == 1 ? "" : "s") + " (numbered from 1); there is no hidden layer " + layer);
        }
        return hidden[layer - 1];
    }

    /**
     * Runs an MLP's block on {@code x} and returns {@code (logits, hidden layer)}; with {@code stopAtHidden} the
     * layers after the hidden one are skipped and the first element is the hidden layer too.
     */
    static NDList forward(Block mlpBlock, ParameterStore parameters, NDArray x, int layer, boolean training,
            boolean stopAtHidden) {
        if (!(mlpBlock instanceof SequentialBlock sequence)) {
            throw new IllegalArgumentException("expected the SequentialBlock of an Mlp, got " + mlpBlock.getClass().getName());
        }
        NDList current = new NDList(x);
        NDArray hidden = null;
        int linears = 0;
        for (Pair<String, Block> child : sequence.getChildren()) {
            if (child.getValue() instanceof Linear) {
                if (linears == layer) {
                    hidden = current.singletonOrThrow();
                    if (stopAtHidden) {
                        return new NDList(hidden, hidden);
                    }
                }
                linears++;
            }
            current = child.getValue().forward(parameters, current, training);
        }
        if (hidden == null) {
            throw new IllegalArgumentException("the block has " + (linears - 1) + " hidden layers; there is no hidden layer "
                    + layer);
        }
        return new NDList(current.singletonOrThrow(), hidden);
    }

    static Mlp requireMlp(Architecture architecture, String role) {
        if (architecture instanceof Mlp mlp) {
            return mlp;
        }
        throw new IllegalArgumentException("hidden features are defined here for Mlp networks, but the " + role + " is "
                + architecture.name() + ": use an Mlp (Mlp.teacher(), Mlp.student(), Mlp.builder()...)");
    }
}
