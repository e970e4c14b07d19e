package org.distill4j.models;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A multilayer perceptron: {@code inputs → [Linear → ReLU → Dropout] × hidden layers → Linear → logits}.
 *
 * <p>Hinton, Vinyals and Dean (2015, §3) distilled an MNIST teacher of two hidden layers of 1200 units, trained with
 * dropout, into a student of two layers of 800 units (and smaller). {@link #teacher()} and {@link #student()} are
 * scaled to run in seconds on two CPU cores; {@link #builder()} builds any other size:
 *
 * <pre>{@code
 * Mlp tiny = Mlp.builder().hidden(30).build();          // 784-30-10
 * Mlp hinton = Mlp.builder().hidden(1200, 1200).dropout(0.5f).build();
 * }</pre>
 *
 * @param inputs input features (784 for 28×28 images)
 * @param hidden hidden layer widths, input side first (may be empty: a linear classifier)
 * @param classes output classes
 * @param dropout probability of zeroing a hidden unit during training, in [0, 1); 0 adds no dropout layer
 */
public record Mlp(int inputs, int[] hidden, int classes, float dropout) implements Architecture {

    /**
     * @throws IllegalArgumentException if a size is not positive or dropout is outside [0, 1)
     */
    public Mlp {
        hidden = hidden.clone();
        if (inputs <= 0 || classes <= 0) {
            throw new IllegalArgumentException("Mlp: inputs and classes must be positive, got " + inputs + " and " + classes);
        }
        for (int h : hidden) {
            if (h <= 0) {
                throw new IllegalArgumentException("Mlp: hidden layer widths must be positive, got " + Arrays.toString(hidden));
            }
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("Mlp: dropout is the probability of dropping a unit, in [0, 1); got " + dropout);
        }
    }

    /** The course's teacher: 784-1200-1200-10 with dropout 0.2 (Hinton's MNIST teacher, lighter dropout). */
    public static Mlp teacher() {
        return builder().hidden(1200, 1200).dropout(0.2f).build();
    }

    /** The course's default student: 784-100-10, no dropout (about 30 times fewer parameters than the teacher). */
    public static Mlp student() {
        return builder().hidden(100).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    @Override
    public String name() {
        String sizes = inputs + (hidden.length == 0 ? "" : "-" + Arrays.stream(hidden).mapToObj(Integer::toString)
                .collect(Collectors.joining("-"))) + "-" + classes;
        return "mlp-" + sizes + (dropout > 0 ? "-dropout" + dropout : "");
    }

    @Override
    public String config() {
        return "Mlp(inputs=" + inputs + ", hidden=" + Arrays.toString(hidden) + ", classes=" + classes
                + ", dropout=" + dropout + ", activation=relu)";
    }

    @Override
    public int inputFeatures() {
        return inputs;
    }

    @Override
    public Block newBlock() {
        return addLayers(new SequentialBlock(), hidden, dropout, classes);
    }

    /**
     * Appends an MLP's layers to {@code net}: for each hidden width a {@code Linear}, a ReLU and (if {@code dropout >
     * 0}) a {@code Dropout}, then a {@code Linear} to the classes' logits. {@link SmallCnn}'s dense head is these
     * layers too, after its convolutions.
     */
    static SequentialBlock addLayers(SequentialBlock net, int[] hidden, float dropout, int classes) {
        for (int h : hidden) {
            net.add(Linear.builder().setUnits(h).build());
            net.add(Activation.reluBlock());
            if (dropout > 0) {
                net.add(Dropout.builder().optRate(dropout).build());
            }
        }
        net.add(Linear.builder().setUnits(classes).build());
        return net;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mlp m && m.config().equals(config());
    }

    @Override
    public int hashCode() {
        return config().hashCode();
    }

    @Override
    public String toString() {
        return name();
    }

    /** Builds an {@link Mlp}; defaults: 784 inputs, one hidden layer of 100, 10 classes, no dropout. */
    public static final class Builder {
        private int inputs = 784;
        private int[] hidden = {100};
        private int classes = 10;
        private float dropout = 0;

        private Builder() {}

        public Builder inputs(int inputs) {
            this.inputs = inputs;
            return this;
        }

        /** Hidden layer widths, input side first; {@code hidden()} with no argument gives a linear classifier. */
        public Builder hidden(int... widths) {
            this.hidden = widths.clone();
            return this;
        }

        public Builder classes(int classes) {
            this.classes = classes;
            return this;
        }

        /** Dropout after every hidden layer, in [0, 1) (Srivastava et al., 2014). */
        public Builder dropout(float dropout) {
            this.dropout = dropout;
            return this;
        }

        public Mlp build() {
            return new Mlp(inputs, hidden, classes, dropout);
        }
    }
}
