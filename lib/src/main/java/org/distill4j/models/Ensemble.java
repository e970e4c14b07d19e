package org.distill4j.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.distill4j.data.ImageDataset;

/**
 * K frozen {@link Classifier}s that answer as one: the teacher of "fusing several models into one" (Hinton, Vinyals
 * and Dean, 2015, §1 and §5). {@link org.distill4j.distillation.Distiller#distill(Ensemble,
 * Architecture, ImageDataset, ImageDataset)} distils it into one student with the same loop as a single teacher.
 *
 * <p><b>The ensemble's soft targets at temperature T</b> are the mean of its members' softened probabilities,
 * \[ q_T(x) = \frac{1}{K} \sum_{k=1}^{K} \mathrm{softmax}\big(z_k(x) / T\big). \]
 * To hand them to a loss that softens logits itself, {@link #logits(ImageDataset, NDManager, float)} returns
 * \(z' = T \log q_T\): then \(\mathrm{softmax}(z'/T) = q_T\) exactly (the rows of \(q_T\) sum to 1, so the softmax's
 * normaliser is 1). The {@link org.distill4j.distillation.DistillationLoss} at T therefore sees \(q_T\) unchanged.
 * An ensemble of one gives \(z' = z - T \log\sum_j e^{z_j/T}\): the member's logits shifted per row, the same soft
 * targets as distilling that member alone.
 *
 * <p><b>Why probabilities, not logits.</b> An ensemble is a mixture: each member's vote is a distribution over
 * classes, and the mixture's prediction is their average, so a class that any member finds plausible keeps
 * probability. Averaging <em>logits</em> instead, \(\mathrm{softmax}(\frac{1}{K}\sum_k z_k / T)\), is a different
 * model: a normalised geometric mean of the members' distributions (a product of experts), in which one confident
 * member can veto a class. The two agree when the members agree; they differ most on the images the members disagree
 * about, and they change with T differently: the mean of logits softened at T is the softening of one fixed model,
 * while the mean of softened probabilities is not the softening of anything (at T → ∞ both go to uniform; at T → 0
 * the mixture becomes the members' vote shares, the product the argmax of the mean logit). {@link Averaging#LOGITS}
 * is here so that a notebook can measure the difference (notebook 09 does: with three seeds of one MLP, no detectable
 * difference between the students); {@link Averaging#PROBABILITIES} is the default.
 *
 * <p><b>Cost.</b> Every image of the transfer set costs K forward passes of the teachers (once, if the members
 * {@linkplain Classifier#rememberLogits remember their logits}); the student then costs what it costs, one forward
 * pass per image at inference, whatever K was.
 *
 * <p>The combination is computed on the host in double precision ({@code [N, classes]} per member is small); the
 * members run wherever they live. Closing the ensemble closes its members.
 */
public final class Ensemble implements AutoCloseable {

    /** How the members' outputs are combined. */
    public enum Averaging {
        /** The mean of the members' probabilities at T (a mixture): the default, and Hinton et al.'s ensemble. */
        PROBABILITIES,
        /** The mean of the members' logits, then softened at T (a product of experts): for comparison. */
        LOGITS
    }

    private final List<Classifier> members;
    private final Averaging averaging;

    private Ensemble(List<Classifier> members, Averaging averaging) {
        this.members = members;
        this.averaging = averaging;
    }

    /**
     * An ensemble that averages probabilities.
     *
     * @param members at least one trained network; all take the same inputs and have the same classes
     * @throws IllegalArgumentException if {@code members} is empty or the members disagree on inputs or classes
     */
    public static Ensemble of(List<Classifier> members) {
        List<Classifier> copy = List.copyOf(members);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        Architecture first = copy.get(0).architecture();
        for (Classifier c : copy) {
            Architecture a = c.architecture();
            if (a.classes() != first.classes() || a.inputFeatures() != first.inputFeatures()) {
                throw new IllegalArgumentException("ensemble members disagree: " + first.name() + " takes "
                        + first.inputFeatures() + " features to " + first.classes() + " classes, " + a.name() + " takes "
                        + a.inputFeatures() + " to " + a.classes());
            }
        }
        return new Ensemble(copy, Averaging.PROBABILITIES);
    }

    /** {@link #of(List)}. */
    public static Ensemble of(Classifier... members) {
        return of(List.of(members));
    }

    /** The same members, combined the other way (shares the members: close only one of the two). */
    public Ensemble averaging(Averaging how) {
        return new Ensemble(members, Objects.requireNonNull(how));
    }

    public List<Classifier> members() {
        return members;
    }

    /** K, the number of members: teacher forward passes per transfer image. */
    public int size() {
        return members.size();
    }

    public int classes() {
        return members.get(0).classes();
    }

    /** The members' parameters, summed. */
    public long parameterCount() {
        return members.stream().mapToLong(Classifier::parameterCount).sum();
    }

    /** SHA-256 over the averaging and the members' fingerprints, in order: for checkpoint keys. */
    public String fingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(averaging.name().getBytes(StandardCharsets.UTF_8));
            for (Classifier c : members) {
                sha.update(c.fingerprint().getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A short description: {@code "ensemble of 3 × mlp-… (probabilities)"}. */
    public String name() {
        List<String> names = new ArrayList<>();
        for (Classifier c : members) {
            if (!names.contains(c.architecture().name())) {
                names.add(c.architecture().name());
            }
        }
        return "ensemble of " + size() + " × " + String.join(" + ", names) + " ("
                + averaging.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }

    /**
     * The ensemble's logits at temperature T for a whole dataset: \(T \log q_T\) (see the class comment), or the mean
     * of the members' logits with {@link Averaging#LOGITS}. Members that remember their logits are not run again.
     *
     * @return {@code [data.size(), classes]}, owned by {@code manager}
     * @throws IllegalArgumentException if T is not a positive finite number
     */
    public NDArray logits(ImageDataset data, NDManager manager, float temperature) {
        float[][] z = new float[size()][];
        for (int k = 0; k < size(); k++) {
            try (NDManager scratch = manager.newSubManager()) {
                z[k] = members.get(k).logits(data, scratch).toFloatArray();
            }
        }
        return manager.create(combine(z, classes(), temperature, averaging), new Shape(data.size(), classes()));
    }

    /**
     * As {@link #logits(ImageDataset, NDManager, float)}, for a batch of images (run through every member).
     *
     * @param images {@code [batch, features]}
     * @return {@code [batch, classes]}, owned by the manager of {@code images}
     */
    public NDArray logits(NDArray images, float temperature) {
        float[][] z = new float[size()][];
        for (int k = 0; k < size(); k++) {
            try (NDArray out = members.get(k).logits(images)) {
                z[k] = out.toFloatArray();
            }
        }
        long batch = images.getShape().get(0);
        return images.getManager().create(combine(z, classes(), temperature, averaging), new Shape(batch, classes()));
    }

    /**
     * The ensemble's probabilities at T, {@code [N, classes]}: \(q_T\), or \(\mathrm{softmax}(\bar z / T)\) with
     * {@link Averaging#LOGITS}. Owned by {@code manager}.
     */
    public NDArray probabilities(ImageDataset data, NDManager manager, float temperature) {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray p = logits(data, scratch, temperature).div(temperature).softmax(1);
            p.attach(manager);
            return p;
        }
    }

    /**
     * The combination itself, on plain arrays: for each row, \(T \log \frac{1}{K}\sum_k \mathrm{softmax}(z_k/T)\)
     * (computed as a log-sum-exp of log-softmaxes, so no probability underflows to log 0), or the mean logit.
     *
     * @param memberLogits K arrays of {@code N × classes} logits, row-major
     * @return {@code N × classes}, row-major
     * @throws IllegalArgumentException if T is not a positive finite number or the arrays differ in length
     */
    public static float[] combine(float[][] memberLogits, int classes, float temperature, Averaging averaging) {
        if (!(temperature > 0) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a positive number, got " + temperature);
        }
        int k = memberLogits.length;
        int length = memberLogits[0].length;
        for (float[] z : memberLogits) {
            if (z.length != length || length % classes != 0) {
                throw new IllegalArgumentException("member logits must all be N × " + classes + ", got lengths "
                        + z.length + " and " + length);
            }
        }
        float[] out = new float[length];
        double[] logp = new double[k];
        for (int row = 0; row < length; row += classes) {
            if (averaging == Averaging.LOGITS) {
                for (int c = 0; c < classes; c++) {
                    double sum = 0;
                    for (float[] z : memberLogits) {
                        sum += z[row + c];
                    }
                    out[row + c] = (float) (sum / k);
                }
                continue;
            }
            double[] normaliser = new double[k]; // log Σ_j exp(z_kj / T), per member
            for (int m = 0; m < k; m++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    max = Math.max(max, memberLogits[m][row + c] / (double) temperature);
                }
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    sum += Math.exp(memberLogits[m][row + c] / (double) temperature - max);
                }
                normaliser[m] = max + Math.log(sum);
            }
            for (int c = 0; c < classes; c++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int m = 0; m < k; m++) {
                    logp[m] = memberLogits[m][row + c] / (double) temperature - normaliser[m];
                    max = Math.max(max, logp[m]);
                }
                double sum = 0;
                for (int m = 0; m < k; m++) {
                    sum += Math.exp(logp[m] - max);
                }
                out[row + c] = (float) (temperature * (max + Math.log(sum / k)));
            }
        }
        return out;
    }

    @Override
    public void close() {
        members.forEach(Classifier::close);
    }

    @Override
    public String toString() {
        return name();
    }
}
