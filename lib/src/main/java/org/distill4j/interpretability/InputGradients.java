package org.distill4j.interpretability;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The plumbing every gradient-based method shares: run the model, pick one logit per row, and differentiate it with
 * respect to the input rows. Package-private: learners meet the idea in {@link Saliency}.
 */
final class InputGradients {

    private InputGradients() {}

    /** Checks that {@code images} is float32 {@code [N, features]} with {@code N = targets.length}. */
    static void checkImages(NDArray images, int[] targets) {
        if (images == null) {
            throw new IllegalArgumentException("images is null: pass a float32 NDArray [N, features].");
        }
        if (images.getShape().dimension() != 2) {
            throw new IllegalArgumentException("images must be 2-D [N, features] (one flattened image per row), got shape "
                    + images.getShape() + ". Flatten 28×28 images with images.reshape(-1, 784).");
        }
        if (images.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("images must be float32, got " + images.getDataType()
                    + ". Convert with images.toType(DataType.FLOAT32, false).");
        }
        if (targets == null || targets.length != images.getShape().get(0)) {
            throw new IllegalArgumentException("need one target class per image: " + images.getShape().get(0)
                    + " images but " + (targets == null ? "no" : targets.length) + " target classes.");
        }
    }

    /**
     * {@link #checkImages(NDArray, int[])}, and that each image has {@code height · width} pixels, as the caller's
     * builder was set up for.
     */
    static void checkImages(NDArray images, int[] targets, int height, int width) {
        checkImages(images, targets);
        if (images.getShape().get(1) != (long) height * width) {
            throw new IllegalArgumentException("images have " + images.getShape().get(1) + " features but the builder was"
                    + " set up for " + height + "×" + width + " = " + height * width + " pixels; set imageSize(height,"
                    + " width).");
        }
    }

    /** Forward pass in inference mode, with a learner-readable error when the model cannot take the input. */
    static NDArray logits(Block model, NDManager manager, NDArray x) {
        NDList out;
        try {
            out = model.forward(new ParameterStore(manager, false), new NDList(x), false);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the model could not take input of shape " + x.getShape()
                    + " (wrong input width? it expects the number of features it was built for, 784 for 28×28 images): "
                    + e.getMessage(), e);
        }
        NDArray logits = out.singletonOrThrow();
        if (logits.getShape().dimension() != 2 || logits.getShape().get(0) != x.getShape().get(0)) {
            throw new IllegalArgumentException("the model must return logits [N, classes] for input [N, features], got "
                    + logits.getShape() + " for input " + x.getShape() + ".");
        }
        return logits;
    }

    /** One-hot mask {@code [rows, classes]} selecting each row's target; checks every target is a class of the model. */
    static NDArray targetMask(NDManager manager, int[] targets, int classes) {
        checkTargets(targets, classes);
        return manager.create(targets).oneHot(classes);
    }

    /** Checks that every target (one per image) is a class of a model with {@code classes} outputs. */
    static void checkTargets(int[] targets, int classes) {
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] < 0 || targets[i] >= classes) {
                throw new IllegalArgumentException("target class " + targets[i] + " for image " + i + " is outside 0.."
                        + (classes - 1) + " (the model has " + classes + " outputs).");
            }
        }
    }

    /** The target logit of each row, \(z_{t_i}(x_i)\), without gradients. */
    static float[] targetLogits(Block model, NDArray x, int[] targets) {
        return targetScores(model, x, targets, logits -> logits);
    }

    /** The target entry of {@code score(logits)} for each row (e.g. the softmax probability), without gradients. */
    static float[] targetScores(Block model, NDArray x, int[] targets, UnaryOperator<NDArray> score) {
        try (NDManager sub = x.getManager().newSubManager()) {
            NDArray input = x.duplicate();
            input.attach(sub);
            NDArray logits = logits(model, sub, input);
            NDArray mask = targetMask(sub, targets, (int) logits.getShape().get(1));
            return score.apply(logits).mul(mask).sum(new int[] {1}).toFloatArray();
        }
    }

    /**
     * \( \partial z_{t_i}(x_i) / \partial x_i \) for every row {@code i} of {@code x}: one backward pass for the whole
     * batch, since row {@code i}'s logit depends only on row {@code i} (true of any model without batch statistics
     * in inference mode). The result is attached to {@code x}'s manager; {@code x} must be a leaf the caller owns.
     *
     * <p>The model's own parameters are switched out of the gradient graph for the duration of the call (and back in
     * afterwards), so gradients a training loop has accumulated in them are left untouched and no time is spent on
     * weight gradients.
     */
    static NDArray gradient(Block model, NDArray x, int[] targets) {
        NDManager manager = x.getManager();
        List<NDArray> frozen = new ArrayList<>();
        for (Pair<String, Parameter> p : model.getParameters()) {
            Parameter parameter = p.getValue();
            if (parameter.isInitialized() && parameter.getArray().hasGradient()) {
                parameter.getArray().setRequiresGradient(false);
                frozen.add(parameter.getArray());
            }
        }
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            x.setRequiresGradient(true);
            NDArray logits = logits(model, manager, x);
            NDArray mask = targetMask(manager, targets, (int) logits.getShape().get(1));
            collector.backward(logits.mul(mask).sum());
            NDArray grad = x.getGradient().duplicate();
            x.setRequiresGradient(false);
            return grad;
        } finally {
            for (NDArray a : frozen) {
                a.setRequiresGradient(true);
            }
        }
    }

    /** Copies {@code [rows, features]} into Java rows {@code out[offset..offset+rows)}. */
    static void copyRows(NDArray a, float[][] out, int offset) {
        int rows = (int) a.getShape().get(0);
        int features = (int) a.getShape().get(1);
        float[] flat = a.toFloatArray();
        for (int r = 0; r < rows; r++) {
            out[offset + r] = new float[features];
            System.arraycopy(flat, r * features, out[offset + r], 0, features);
        }
    }
}
