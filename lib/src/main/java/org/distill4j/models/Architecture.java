package org.distill4j.models;

import ai.djl.nn.Block;

/**
 * The shape of a network before it has any weights: what {@link Mlp} and {@link SmallCnn} build.
 *
 * <p>Every architecture takes flat images {@code [batch, inputFeatures]} and returns logits {@code [batch, classes]},
 * so a teacher and a student are interchangeable wherever a {@link Classifier} is expected. {@link #config()} is the
 * complete, canonical description used to key checkpoints: two architectures with the same config build the same
 * network.
 */
public interface Architecture {

    /** A short, human-readable name, e.g. {@code mlp-784-1200-1200-10}; safe to use in a file name. */
    String name();

    /** Everything that determines the network (layer sizes, dropout, ...), as one canonical string. */
    String config();

    /** Input features per example (784 for 28×28 images). */
    int inputFeatures();

    /** Output classes (the width of the logits). */
    int classes();

    /** A fresh, uninitialised DJL block mapping {@code [batch, inputFeatures]} to logits {@code [batch, classes]}. */
    Block newBlock();
}
