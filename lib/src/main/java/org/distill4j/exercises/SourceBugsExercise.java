package org.distill4j.exercises;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.distill4j.distillation.DistillationLoss;

/**
 * Exercise 6: find the bugs. Five short snippets modelled on mistakes made in published tutorials on distillation,
 * each with a check that names the mistake once it is fixed:
 *
 * <ol>
 *   <li>{@link #checkCrossEntropy}: a worked cross-entropy of a one-hot label given as 0.2, when it is
 *       \(-\ln 0.5 \approx 0.693\);
 *   <li>{@link #checkSoftCrossEntropy}: a cross-entropy with its arguments reversed, \(-\sum_i q_i \ln p_i\) instead of
 *       \(H(p, q) = -\sum_i p_i \ln q_i\);
 *   <li>{@link #checkSoftTerm}: a distillation soft term that softens only one of the two distributions with \(T\);
 *   <li>{@link #checkExperiment}: a student distilled on the test images, then graded on them;
 *   <li>{@link #checkExplanation}: an "explanatory model" that is another neural network, its fidelity never measured.
 * </ol>
 *
 * <p>Snippets 4 and 5 are about experimental protocol, not arithmetic, so their checks hand the learner's code a
 * {@link Lab}: it trains nothing, records which split each step used and answers with fixed, illustrative numbers of the
 * size notebooks 05 and 07 measure. The references for 1 to 3 are the formulas and {@link DistillationLoss#softTerm}.
 *
 * <pre>{@code
 * SourceBugsExercise.checkCrossEntropy((y, p) -> crossEntropy(y, p));
 * SourceBugsExercise.checkExperiment(lab -> experiment(lab));
 * }</pre>
 */
public final class SourceBugsExercise {

    private SourceBugsExercise() {}

    /** Snippet 1: the cross-entropy of a one-hot label. */
    @FunctionalInterface
    public interface CrossEntropy {
        /**
         * @param oneHot {@code [classes]}: 1 at the true class, 0 elsewhere; must not be modified
         * @param p {@code [classes]}: the network's softmax output, all entries above 0
         * @return \( -\sum_i y_i \ln p_i \), in nats
         */
        double of(float[] oneHot, float[] p);
    }

    /** Snippet 2: the soft term of a distillation loss written as a cross-entropy. */
    @FunctionalInterface
    public interface SoftCrossEntropy {
        /**
         * @param teacher {@code [classes]}: the teacher's probabilities (the target; may contain zeros)
         * @param student {@code [classes]}: the student's probabilities, all entries above 0
         * @return \( H(p_t, p_s) = -\sum_i p_{t,i} \ln p_{s,i} \)
         */
        double of(float[] teacher, float[] student);
    }

    /** Snippet 3: the soft term of the distillation loss for one example. */
    @FunctionalInterface
    public interface SoftTerm {
        /**
         * @param teacherLogits {@code [classes]} \(z_t\)
         * @param studentLogits {@code [classes]} \(z_s\)
         * @param temperature \(T > 0\)
         * @return \( T^2\, \mathrm{KL}(\mathrm{softmax}(z_t / T) \,\|\, \mathrm{softmax}(z_s / T)) \)
         */
        double of(float[] teacherLogits, float[] studentLogits, float temperature);
    }

    /** Snippets 4 and 5: an experiment run in a {@link Lab}, returning the number it reports. */
    @FunctionalInterface
    public interface Experiment {
        /** @return the one number the experiment reports */
        double run(Lab lab);
    }

    /** The three parts of a dataset. */
    public enum Split {
        /** Images a model may learn from. */
        TRAIN,
        /** Held-out images for choices (a temperature, a depth). */
        VALIDATION,
        /** Held-out images for the number you report, looked at once, at the end. */
        TEST
    }

    /**
     * Something the {@link Lab} trained: a distilled student, a neural network or a decision tree. It records what it
     * was fitted on; it has no weights.
     */
    public static final class Trained {
        final String kind;
        final Split fittedOn;
        final float temperature;
        final int depth;
        final Trained imitates;

        private Trained(String kind, Split fittedOn, float temperature, int depth, Trained imitates) {
            this.kind = kind;
            this.fittedOn = fittedOn;
            this.temperature = temperature;
            this.depth = depth;
            this.imitates = imitates;
        }

        boolean isStudent() {
            return kind.equals("student");
        }

        @Override
        public String toString() {
            return switch (kind) {
                case "student" -> "a student distilled on " + fittedOn + " at T = " + Check.fmt(temperature);
                case "network" -> "a neural network fitted on " + fittedOn + " to imitate " + imitates;
                default -> "a depth-" + depth + " decision tree fitted on " + fittedOn + " to imitate " + imitates;
            };
        }
    }

    /** One number the {@link Lab} handed out. */
    record Measurement(String metric, Trained model, Trained reference, Split on, double value) {}

    /**
     * A stand-in laboratory for snippets 4 and 5: each method records what it was asked to do and answers at once with
     * a fixed number of a realistic size (illustrative, not measured). Only the checks create one.
     */
    public static final class Lab {
        final List<Trained> fitted = new ArrayList<>();
        final List<Measurement> measured = new ArrayList<>();
        private final Trained student = new Trained("student", Split.TRAIN, 2f, 0, null);

        Lab() {}

        /**
         * Distils a student from the course's teacher.
         *
         * @param transferSet the images the student learns from
         * @param temperature \(T > 0\)
         * @return the student
         * @throws IllegalArgumentException if {@code transferSet} is null or \(T \le 0\)
         */
        public Trained distil(Split transferSet, float temperature) {
            require(transferSet != null, "transferSet is null: pass Split.TRAIN, Split.VALIDATION or Split.TEST");
            require(temperature > 0 && Float.isFinite(temperature), "T must be positive, got " + temperature);
            return record(new Trained("student", transferSet, temperature, 0, null));
        }

        /** The distilled student that snippet 5 wants to explain (distilled on {@link Split#TRAIN}). */
        public Trained student() {
            return student;
        }

        /**
         * Fits another neural network to imitate a model's predictions on {@code data}.
         *
         * @throws IllegalArgumentException on a null argument
         */
        public Trained neuralNetwork(Split data, Trained imitate) {
            require(data != null && imitate != null, "neuralNetwork(data, imitate) needs both arguments");
            return record(new Trained("network", data, 0f, 0, imitate));
        }

        /**
         * Fits a decision tree of at most {@code maxDepth} levels (up to \(2^{maxDepth}\) rules) to imitate a model's
         * predictions on {@code data}.
         *
         * @throws IllegalArgumentException on a null argument or a depth below 1
         */
        public Trained decisionTree(Split data, Trained imitate, int maxDepth) {
            require(data != null && imitate != null, "decisionTree(data, imitate, maxDepth) needs all three arguments");
            require(maxDepth >= 1, "maxDepth must be at least 1, got " + maxDepth);
            return record(new Trained("tree", data, 0f, maxDepth, imitate));
        }

        /**
         * Accuracy: the share of the images of {@code on} on which {@code model} predicts the true label.
         *
         * @throws IllegalArgumentException on a null argument
         */
        public double accuracy(Trained model, Split on) {
            require(model != null && on != null, "accuracy(model, on) needs both arguments");
            return measure("accuracy", model, null, on, accuracyOf(model, on));
        }

        /**
         * Fidelity: the share of the images of {@code on} on which {@code model} predicts what {@code of} predicts.
         *
         * @throws IllegalArgumentException on a null argument
         */
        public double fidelity(Trained model, Trained of, Split on) {
            require(model != null && of != null && on != null, "fidelity(model, of, on) needs all three arguments");
            return measure("fidelity", model, of, on, fidelityOf(model, of, on));
        }

        private Trained record(Trained t) {
            fitted.add(t);
            return t;
        }

        private double measure(String metric, Trained model, Trained reference, Split on, double value) {
            measured.add(new Measurement(metric, model, reference, on, value));
            return value;
        }

        private static void require(boolean holds, String message) {
            if (!holds) {
                throw new IllegalArgumentException(message);
            }
        }

        // Illustrative numbers, of the size notebooks 05 and 07 measure. On validation the best of T = 2, 4, 8 is 4, on
        // test it is 8 (so a choice made on the test set shows in the number returned); a model graded on the images it
        // was fitted on looks better than it is.
        static double accuracyOf(Trained m, Split on) {
            boolean seen = m.fittedOn == on;
            return switch (m.kind) {
                case "student" -> {
                    double l = Math.log(m.temperature) / Math.log(2);
                    if (seen) {
                        yield 0.97 - 0.002 * (l - 2) * (l - 2);
                    }
                    double smallerSet = m.fittedOn == Split.TRAIN ? 0 : 0.06;
                    yield switch (on) {
                        case VALIDATION -> 0.846 - 0.02 * (l - 2) * (l - 2) - 0.001 * l;
                        case TEST -> 0.838 - 0.01 * (l - 3) * (l - 3);
                        case TRAIN -> 0.872 - 0.01 * (l - 2) * (l - 2);
                    } - smallerSet;
                }
                case "network" -> seen ? 0.885 : 0.835;
                default -> Math.min(0.9, 0.40 + 0.05 * Math.min(m.depth, 8) + (seen ? 0.03 : 0));
            };
        }

        static double fidelityOf(Trained m, Trained of, Split on) {
            if (m == of) {
                return 1.0;
            }
            boolean seen = m.fittedOn == on;
            if (m.imitates != of) {
                return accuracyOf(m, on) - 0.05; // two models agree about as often as each is right
            }
            return m.kind.equals("network") ? (seen ? 0.97 : 0.93)
                    : Math.min(0.98, 0.44 + 0.05 * Math.min(m.depth, 10) + (seen ? 0.04 : 0));
        }
    }

    // ---------------------------------------------------------------- snippet 1

    private static final float[] Y1 = {0f, 1f, 0f};
    private static final float[] P1 = {0.2f, 0.5f, 0.3f};

    /**
     * Checks snippet 1 on the tutorial's worked example (label (0, 1, 0), softmax output (0.2, 0.5, 0.3)) and on two
     * other one-hot labels. Prints ✓ or the mistake found; never throws.
     */
    public static CheckResult checkCrossEntropy(CrossEntropy crossEntropy) {
        return Check.run("cross-entropy", () -> {
            expectCrossEntropy(crossEntropy, Y1, P1, true);
            expectCrossEntropy(crossEntropy, new float[] {1f, 0f, 0f, 0f}, new float[] {0.7f, 0.1f, 0.1f, 0.1f}, false);
            expectCrossEntropy(crossEntropy, new float[] {0f, 0f, 1f}, new float[] {0.06f, 0.04f, 0.9f}, false);
            return "crossEntropy((0, 1, 0), (0.2, 0.5, 0.3)) = −ln 0.5 = 0.6931 nats: the tutorial's 0.2 was wrong. With a "
                    + "one-hot label only the true class's term survives, so the cross-entropy is −ln of the probability "
                    + "the network gives the true class (notebook 04, §1–2: the hard term, worked by hand).";
        });
    }

    private static void expectCrossEntropy(CrossEntropy f, float[] y, float[] p, boolean worked) {
        float[] yc = y.clone();
        float[] pc = p.clone();
        String call = "crossEntropy(" + Check.show(y) + ", " + Check.show(p) + ")";
        double v = Check.call(call, () -> f.of(yc, pc));
        Check.require(Arrays.equals(yc, y) && Arrays.equals(pc, p), call + " changed its input arrays: leave them alone.");
        int k = 0;
        for (int i = 0; i < y.length; i++) {
            k = y[i] > y[k] ? i : k;
        }
        double pk = p[k];
        double expected = -Math.log(pk);
        if (Check.close(v, expected, 1e-5)) {
            return;
        }
        String what = call + " = " + Check.fmt(v) + ", expected " + Check.fmt(expected);
        Check.require(!Check.close(v, 0.2, 1e-6), call + " = 0.2: that is the tutorial's number"
                + (worked ? "" : " (and your function returns it for other inputs too)") + ". Is it right? Compute "
                + "−Σ y_i ln p_i for these y and p: with a one-hot y only one term is not zero.");
        Check.require(!Double.isNaN(v) && !Double.isInfinite(v), what + ": " + v + " means a ln 0 was taken: ln of the "
                + "label's zeros. y and p are swapped: the label weights the terms, the softmax output goes inside the log, "
                + "−Σ y_i ln p_i.");
        Check.require(!Check.close(v, -expected, 1e-5), what + ": negative. Cross-entropy is −Σ y_i ln p_i, and ln p < 0, "
                + "so the minus sign makes it positive: you dropped it.");
        Check.require(!Check.close(v, expected / Math.log(10), 1e-5), what + ": you used log base 10 (Math.log10). The "
                + "cross-entropy of a softmax is in nats, with the natural log, Math.log.");
        Check.require(!Check.close(v, expected / Math.log(2), 1e-5), what + ": that is in bits (log base 2). Use the "
                + "natural log, Math.log: the loss is in nats.");
        Check.require(!Check.close(v, pk, 1e-5) && !Check.close(v, 1 - pk, 1e-5), what + ": " + Check.fmt(v)
                + " is the probability of the true class" + (Check.close(pk, 0.5, 1e-6) ? " (or 1 minus it)" : "")
                + ", not its log. The cross-entropy is −ln p_true.");
        Check.require(!Check.close(v, expected / y.length, 1e-5), what + ": " + y.length + " times too small: you averaged "
                + "over the classes. The cross-entropy sums over classes (a loss averages over examples, not classes).");
        double allLogs = 0;
        double entropy = 0;
        double squared = 0;
        for (int i = 0; i < y.length; i++) {
            allLogs -= Math.log(p[i]);
            entropy -= p[i] * Math.log(p[i]);
            squared += (y[i] - p[i]) * (y[i] - p[i]);
        }
        Check.require(!Check.close(v, allLogs, 1e-5), what + ": you added −ln p_i over every class. Weight each term by "
                + "y_i: only the true class counts.");
        Check.require(!Check.close(v, entropy, 1e-5), what + ": that is the entropy of p, −Σ p_i ln p_i: it ignores the "
                + "label. The cross-entropy is −Σ y_i ln p_i.");
        Check.require(!Check.close(v, squared, 1e-5), what + ": that is the squared error Σ (y_i − p_i)², a different "
                + "loss. The cross-entropy is −Σ y_i ln p_i.");
        throw Check.wrong(what + ": the cross-entropy of a one-hot label is −Σ y_i ln p_i = −ln p_true.");
    }

    // ---------------------------------------------------------------- snippet 2

    /**
     * Checks snippet 2 on three teacher/student pairs: soft teacher probabilities, a one-hot teacher (a hard label, with
     * zeros) and a uniform teacher. Prints ✓ or the mistake found; never throws.
     */
    public static CheckResult checkSoftCrossEntropy(SoftCrossEntropy h) {
        return Check.run("soft cross-entropy", () -> {
            expectSoft(h, new float[] {0.7f, 0.2f, 0.1f}, new float[] {0.5f, 0.3f, 0.2f});
            expectSoft(h, new float[] {1f, 0f, 0f}, new float[] {0.6f, 0.3f, 0.1f});
            expectSoft(h, new float[] {0.25f, 0.25f, 0.25f, 0.25f}, new float[] {0.4f, 0.3f, 0.2f, 0.1f});
            return "H(p_t, p_s) = −Σ p_t ln p_s: the teacher's probabilities weight the log of the student's. Reversed, the "
                    + "loss is infinite whenever the teacher gives a class probability 0 (a hard label does, for every "
                    + "wrong class), and minimising it would push all of the student's probability onto the teacher's top "
                    + "class: the dark knowledge is lost. (Notebook 04, §1: the soft term as Hinton's cross-entropy "
                    + "and as KL(p_t ‖ p_s), teacher first.)";
        });
    }

    private static double crossEntropy(float[] weights, float[] inLog) {
        double h = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] != 0) {
                h -= weights[i] * Math.log(inLog[i]);
            }
        }
        return h;
    }

    private static void expectSoft(SoftCrossEntropy f, float[] t, float[] s) {
        float[] tc = t.clone();
        float[] sc = s.clone();
        String call = "softCrossEntropy(teacher = " + Check.show(t) + ", student = " + Check.show(s) + ")";
        double v = Check.call(call, () -> f.of(tc, sc));
        Check.require(Arrays.equals(tc, t) && Arrays.equals(sc, s), call + " changed its input arrays: leave them alone.");
        double expected = crossEntropy(t, s);
        if (Check.close(v, expected, 1e-5)) {
            return;
        }
        String what = call + " = " + Check.fmt(v) + ", expected " + Check.fmt(expected);
        boolean teacherHasZeros = false;
        for (float x : t) {
            teacherHasZeros |= x == 0;
        }
        double reversed = crossEntropy(s, t); // infinite when the teacher has a zero
        String reversal = ": the arguments are reversed. −Σ p_s ln p_t weights the log of the teacher's probabilities by "
                + "the student's; the cross-entropy with the teacher as target is H(p_t, p_s) = −Σ p_t ln p_s: the target "
                + "outside the log, the prediction inside.";
        Check.require(!Double.isInfinite(v) && !Double.isNaN(v), what + ": " + v + " means a ln 0 was taken"
                + (teacherHasZeros ? ": the teacher gives a class probability 0, and your code takes its log" + reversal
                : ". Which probabilities go inside the log?"));
        Check.require(!Double.isFinite(reversed) || !Check.close(v, reversed, 1e-5), what + reversal);
        Check.require(!teacherHasZeros || Math.abs(v) > 1e-9, what + ": 0 for a one-hot teacher, which is a hard label: "
                + "the loss must then be the ordinary cross-entropy −ln p_s[true class]. Skipping the zero terms of "
                + "−Σ p_s ln p_t hides that the arguments are reversed: −Σ p_t ln p_s.");
        double teacherEntropy = 0;
        for (float x : t) {
            teacherEntropy -= x > 0 ? x * Math.log(x) : 0;
        }
        Check.require(teacherEntropy < 1e-9 || !Check.close(v, expected - teacherEntropy, 1e-5), what + ": that is the KL "
                + "divergence KL(p_t ‖ p_s), the cross-entropy minus the teacher's entropy. Same gradient for the "
                + "student, but this function is the cross-entropy −Σ p_t ln p_s (notebook 04 compares the two).");
        Check.require(!Check.close(v, -expected, 1e-5), what + ": negative: you dropped the minus sign of −Σ p_t ln p_s.");
        Check.require(!Check.close(v, expected / Math.log(10), 1e-5), what + ": you used log base 10; use the natural "
                + "log, Math.log.");
        Check.require(!Check.close(v, expected / t.length, 1e-5), what + ": you averaged over the classes: the "
                + "cross-entropy sums over them.");
        throw Check.wrong(what + ": the cross-entropy of the student against the teacher is −Σ_i p_t,i ln p_s,i.");
    }

    // ---------------------------------------------------------------- snippet 3

    private static final float[] SAME = {3f, 1f, 0.2f, -1f};
    private static final float[] TEACHER3 = {5f, 1f, 0f, -2f};
    private static final float[] STUDENT3 = {2f, 1.5f, 0f, -1f};

    /**
     * Checks snippet 3 against {@link DistillationLoss#softTerm}: identical teacher and student logits at T = 4 (the
     * loss must be 0), then different logits at T = 4 and T = 2. Prints ✓ or the mistake found; never throws.
     */
    public static CheckResult checkSoftTerm(SoftTerm softTerm) {
        return Check.run("soft term", () -> {
            try (NDManager manager = NDManager.newBaseManager()) {
                expectSoftTerm(softTerm, manager, SAME, SAME, 4f);
                expectSoftTerm(softTerm, manager, TEACHER3, STUDENT3, 4f);
                expectSoftTerm(softTerm, manager, TEACHER3, STUDENT3, 2f);
            }
            return "both distributions are softened with the same T: T² · KL(softmax(z_t / T) ‖ softmax(z_s / T)), 0 when "
                    + "the student's logits equal the teacher's. Softening only one side compares distributions at two "
                    + "temperatures: a student identical to its teacher still gets a loss, and the loss is smallest when "
                    + "the student's logits are T times the teacher's (only the student softened) or 1/T times them (only "
                    + "the teacher). (Notebook 03: what T does; notebook 04: the loss, and its gradient T (p_s − p_t).)";
        });
    }

    /** \( \mathrm{softmax}(z / T) \), max-shifted; also the tests' model of a learner's soft term. */
    static double[] softmax(float[] z, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v / temperature);
        }
        double[] e = new double[z.length];
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            e[i] = Math.exp(z[i] / temperature - max);
            sum += e[i];
        }
        for (int i = 0; i < z.length; i++) {
            e[i] /= sum;
        }
        return e;
    }

    /** \( \mathrm{KL}(p \| q) = \sum_i p_i (\ln p_i - \ln q_i) \), in nats. */
    static double kl(double[] p, double[] q) {
        double d = 0;
        for (int i = 0; i < p.length; i++) {
            d += p[i] * (Math.log(p[i]) - Math.log(q[i]));
        }
        return d;
    }

    private static double entropy(double[] p) {
        double h = 0;
        for (double x : p) {
            h -= x * Math.log(x);
        }
        return h;
    }

    private static void expectSoftTerm(SoftTerm f, NDManager manager, float[] zt, float[] zs, float temperature) {
        float[] tc = zt.clone();
        float[] sc = zs.clone();
        String call = "softTerm(teacher " + Check.show(zt) + ", student " + Check.show(zs) + ", T = "
                + Check.fmt(temperature) + ")";
        double v = Check.call(call, () -> f.of(tc, sc, temperature));
        Check.require(Arrays.equals(tc, zt) && Arrays.equals(sc, zs), call + " changed its input arrays: leave them alone.");
        double expected;
        try (NDManager scratch = manager.newSubManager()) {
            expected = DistillationLoss.softTerm(scratch.create(new float[][] {zs}), scratch.create(new float[][] {zt}),
                    temperature).getFloat();
        }
        if (Check.close(v, expected, 1e-4)) {
            return;
        }
        double t = temperature;
        double t2 = t * t;
        String what = call + " = " + Check.fmt(v) + ", expected " + Check.fmt(expected);
        if (zt == zs) {
            what += ": for identical teacher and student logits the soft term must be 0 (the student already matches "
                    + "its teacher; there is nothing to learn)";
        }
        Check.require(Double.isFinite(v), what + ": not finite. Compute the softmaxes with the softmax(z, T) given above.");
        double onlyStudent = t2 * kl(softmax(zt, 1), softmax(zs, t));
        double onlyTeacher = t2 * kl(softmax(zt, t), softmax(zs, 1));
        Check.require(!Check.close(v, onlyStudent, 1e-4) && !Check.close(v, onlyStudent / t2, 1e-4), what
                + ". Only the student's logits are divided by T: you compare the teacher at T = 1 with the student at T = "
                + Check.fmt(t) + ". Soften both with the same T: softmax(teacherLogits, T) and softmax(studentLogits, T).");
        Check.require(!Check.close(v, onlyTeacher, 1e-4) && !Check.close(v, onlyTeacher / t2, 1e-4), what
                + ". Only the teacher's logits are divided by T: you compare the teacher at T = " + Check.fmt(t)
                + " with the student at T = 1. Soften both with the same T: softmax(teacherLogits, T) and "
                + "softmax(studentLogits, T).");
        double neither = kl(softmax(zt, 1), softmax(zs, 1));
        Check.require(!Check.close(v, t2 * neither, 1e-4) && !Check.close(v, neither, 1e-4), what + ": T is not used in "
                + "either softmax. Soften both distributions: softmax(teacherLogits, T) and softmax(studentLogits, T).");
        double[] pt = softmax(zt, t);
        double[] ps = softmax(zs, t);
        double right = kl(pt, ps);
        Check.require(!Check.close(v, right, 1e-4), what + ": the T² factor is missing. Without it the soft term's "
                + "gradient shrinks like 1/T² (notebook 04, §4).");
        Check.require(!Check.close(v, t * right, 1e-4), what + ": multiply the KL by T², not by T.");
        Check.require(!Check.close(v, t2 * kl(ps, pt), 1e-4), what + ": the KL is reversed: the teacher's distribution "
                + "goes first, KL(p_t ‖ p_s) = Σ p_t (ln p_t − ln p_s).");
        Check.require(!Check.close(v, t2 * (right + entropy(pt)), 1e-4), what + ": that is the cross-entropy "
                + "−Σ p_t ln p_s, the KL plus the teacher's entropy. The snippet computes the KL, which is 0 when the "
                + "student matches the teacher.");
        Check.require(!Check.close(v, -expected, 1e-4), what + ": the sign is flipped: a KL divergence is never negative.");
        throw Check.wrong(what + ". The soft term is T² · Σ_i p_t,i (ln p_t,i − ln p_s,i), with p = softmax(z, T) on both "
                + "sides.");
    }

    // ---------------------------------------------------------------- snippet 4

    /**
     * Checks snippet 4: students distilled on {@link Split#TRAIN} only, T chosen by {@link Split#VALIDATION} accuracy,
     * and the chosen student's test accuracy measured once and returned. Prints ✓ or the mistake found; never throws.
     */
    public static CheckResult checkExperiment(Experiment experiment) {
        return Check.run("test-set protocol", () -> {
            Lab lab = new Lab();
            double reported = Check.call("experiment(lab)", () -> experiment.run(lab));
            List<Trained> students = lab.fitted.stream().filter(Trained::isStudent).toList();
            Check.require(!students.isEmpty(), "experiment(lab) distilled no student: call lab.distil(split, T) for each "
                    + "temperature.");
            for (Trained s : students) {
                Check.require(s.fittedOn != Split.TEST, "a student was distilled on the test images (lab.distil(Split.TEST, "
                        + "…)): it has seen every image it is then graded on. The lab gives it a test accuracy of "
                        + Check.fmt(Lab.accuracyOf(s, Split.TEST)) + ", but that measures how well it learned those images, "
                        + "not how it does on images it has never seen. Distil on Split.TRAIN.");
                Check.require(s.fittedOn != Split.VALIDATION, "a student was distilled on the validation images: they "
                        + "are kept apart to choose T, so they must not be learned from. Distil on Split.TRAIN.");
            }
            List<Measurement> accuracies = lab.measured.stream().filter(m -> m.metric().equals("accuracy")).toList();
            long testedStudents = accuracies.stream().filter(m -> m.on() == Split.TEST).map(Measurement::model)
                    .distinct().count();
            Check.require(testedStudents <= 1, "you measured the test accuracy of " + testedStudents + " students. "
                    + "Comparing candidates on the test set makes it part of the choice, and the best of several test "
                    + "scores is an optimistic one. Choose T by accuracy on Split.VALIDATION; measure test accuracy once, "
                    + "at the end, for the chosen student only.");
            Check.require(students.size() >= 2, "only one student was distilled: keep the tutorial's comparison of "
                    + "temperatures (one student per T, on Split.TRAIN) and choose among them on Split.VALIDATION.");
            Trained best = null;
            double bestValidation = Double.NEGATIVE_INFINITY;
            for (Trained s : students) {
                Measurement v = accuracies.stream().filter(m -> m.model() == s && m.on() == Split.VALIDATION).findFirst()
                        .orElseThrow(() -> Check.wrong("the student at T = " + Check.fmt(s.temperature) + " has no "
                                + "validation accuracy: choose T by measuring every candidate with "
                                + "lab.accuracy(student, Split.VALIDATION)."));
                if (v.value() > bestValidation) {
                    bestValidation = v.value();
                    best = s;
                }
            }
            Trained chosen = best;
            Measurement test = accuracies.stream().filter(m -> m.on() == Split.TEST).findFirst().orElse(null);
            Check.require(test == null || test.model() == chosen, "you report the test accuracy of the student at T = "
                    + Check.fmt(test == null ? 0 : test.model().temperature) + ", but the best on validation is the one at T = "
                    + Check.fmt(chosen.temperature) + ": report the student chosen on validation.");
            if (test == null || reported != test.value()) {
                Measurement source = accuracies.stream().filter(m -> m.value() == reported).findFirst().orElse(null);
                Check.require(source == null || source.on() != Split.VALIDATION, "you report a validation accuracy ("
                        + Check.fmt(reported) + "): T was chosen by it, so it is biased upwards. Report the chosen "
                        + "student's test accuracy, lab.accuracy(best, Split.TEST), measured once.");
                Check.require(source == null || source.on() != Split.TRAIN, "you report a training accuracy ("
                        + Check.fmt(reported) + "), measured on the images the student learned from. Report the chosen "
                        + "student's test accuracy, lab.accuracy(best, Split.TEST).");
                throw Check.wrong("experiment(lab) returned " + Check.fmt(reported) + ", not the chosen student's test "
                        + "accuracy" + (test == null ? "" : " (" + Check.fmt(test.value()) + ")") + ": return "
                        + "lab.accuracy(best, Split.TEST) for the student with the best validation accuracy.");
            }
            double leaked = Lab.accuracyOf(new Trained("student", Split.TEST, chosen.temperature, 0, null), Split.TEST);
            return "the test-set leak is fixed: students distilled on Split.TRAIN, T = " + Check.fmt(chosen.temperature)
                    + " chosen by validation accuracy, and the test accuracy measured once, for that student: "
                    + Check.fmt(reported) + " (the lab's illustrative number). The tutorial's protocol reports about "
                    + Check.fmt(leaked) + ": a student graded on the images it was distilled on. (Notebook 07, §1: a "
                    + "validation half for every choice, a test half for what is reported; notebook 06 chooses its bias "
                    + "without looking at the test set.)";
        });
    }

    // ---------------------------------------------------------------- snippet 5

    /** The deepest tree whose rules a person can still read: up to 2^5 = 32 leaves. */
    static final int READABLE_DEPTH = 5;

    /**
     * Checks snippet 5: the explanatory model is a decision tree of depth at most 5 fitted to the student's predictions
     * on training images, and the number reported is its fidelity to the student on held-out images. Prints ✓ or the
     * mistake found; never throws.
     */
    public static CheckResult checkExplanation(Experiment explanation) {
        return Check.run("explanatory model", () -> {
            Lab lab = new Lab();
            double reported = Check.call("explanatoryModel(lab)", () -> explanation.run(lab));
            Trained student = lab.student();
            List<Trained> explainers = lab.fitted.stream().filter(t -> !t.isStudent()).toList();
            Check.require(!explainers.isEmpty(), "explanatoryModel(lab) fitted no explanatory model: fit one to the "
                    + "student, e.g. lab.decisionTree(Split.TRAIN, student, 3).");
            Measurement m = lab.measured.stream().filter(x -> x.value() == reported).reduce((a, b) -> b).orElse(null);
            Check.require(m != null, "explanatoryModel(lab) returned " + Check.fmt(reported) + ", which is none of the "
                    + "numbers the lab gave it: return the number you measured.");
            Trained e = m.model();
            Check.require(!e.isStudent(), "you report a number about the student itself (" + m.metric() + " "
                    + Check.fmt(reported) + "), not about the explanatory model.");
            Check.require(!e.kind.equals("network"), "your explanatory model is another neural network: it is as hard "
                    + "to read as the student it is meant to explain, so it explains nothing. Fit a model a person can "
                    + "read: lab.decisionTree(Split.TRAIN, student, depth), depth at most " + READABLE_DEPTH + ".");
            Check.require(e.depth <= READABLE_DEPTH, "a depth-" + e.depth + " tree has up to " + (1L << Math.min(e.depth, 62))
                    + " leaves, each a rule: nobody reads that many (notebook 07: depth 3 is readable, depth 8 is not). "
                    + "Keep the depth at most " + READABLE_DEPTH + ", and report how faithful the small tree is.");
            Check.require(e.imitates == student, "your tree imitates " + e.imitates + ", not the student you want to "
                    + "explain: fit it to lab.student().");
            Check.require(e.fittedOn != Split.TEST, "the tree was fitted on the test images: fit it on Split.TRAIN and keep "
                    + "the test images for measuring it.");
            Check.require(!m.metric().equals("accuracy"), "you report the explanatory model's accuracy ("
                    + Check.fmt(reported) + "): how often it predicts the true label, which says nothing about whether it "
                    + "does what the student does. Measure its fidelity, the share of held-out images on which it "
                    + "predicts what the student predicts: lab.fidelity(tree, student, Split.TEST).");
            Check.require(m.reference() == student, "you report the tree's fidelity to " + m.reference()
                    + ", not to the student it explains: lab.fidelity(tree, student, Split.TEST).");
            Check.require(m.on() != e.fittedOn, "fidelity measured on the images the tree was fitted on ("
                    + Check.fmt(reported) + ") flatters it: measure it on held-out images, Split.TEST.");
            return "the explanatory model is now a depth-" + e.depth + " decision tree fitted to the student's predictions, "
                    + "and its fidelity is measured: it agrees with the student on " + Math.round(100 * reported)
                    + " % of held-out images (the lab's illustrative number, of the size notebook 07 measures). That is "
                    + "how far its rules may be read as a description of the student; the tutorial fitted a second "
                    + "network and never measured it. (Notebook 07, §5: surrogate trees and fidelity against depth.)";
        });
    }
}
