package org.distill4j.exercises;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import org.distill4j.distillation.SoftTargets;

/**
 * Exercise 1: softmax with temperature, \( q_i = e^{z_i / T} / \sum_j e^{z_j / T} \), on plain Java arrays and
 * numerically stable. The reference is {@link SoftTargets#softmax}.
 *
 * <pre>{@code
 * SoftmaxExercise.check((logits, T) -> softmax(logits, T));
 * }</pre>
 */
public final class SoftmaxExercise {

    private SoftmaxExercise() {}

    /** The learner's function. */
    @FunctionalInterface
    public interface Softmax {
        /**
         * @param logits {@code [classes]}; must not be modified
         * @param temperature \(T > 0\)
         * @return {@code [classes]} probabilities summing to 1
         */
        float[] apply(float[] logits, float temperature);
    }

    private static final float[][] ORDINARY = {{1f, 2f, 3f}, {2f, 1f, 0.1f, -1f}};

    /**
     * Checks {@code softmax} against {@link SoftTargets#softmax} on ordinary logits, several temperatures, huge logits
     * (±1000, and 10 at \(T = 0.01\)) and a one-class input. Prints ✓ or the mistake found; never throws.
     */
    public static CheckResult check(Softmax softmax) {
        return Check.run("softmax", () -> {
            try (NDManager manager = NDManager.newBaseManager()) {
                for (float[] z : ORDINARY) {
                    expect(softmax, manager, z, 1f);
                }
                expectTemperature(softmax, manager, new float[] {3f, 1f, 0.2f}, 4f);
                expectTemperature(softmax, manager, new float[] {3f, 1f, 0.2f}, 0.5f);
                expectStable(softmax, manager, new float[] {1000f, 999f, 998f}, 1f, "logits of 1000");
                expectStable(softmax, manager, new float[] {-1000f, -1001f, -1003f}, 1f, "logits of -1000");
                expectStable(softmax, manager, new float[] {10f, 9f, 7f}, 0.01f, "logits of 10 at T = 0.01");
                expect(softmax, manager, new float[] {5f}, 2f);
            }
            return "correct on 8 cases, including logits of ±1000 and T from 0.01 to 4.";
        });
    }

    private static float[] reference(NDManager manager, float[] z, float t) {
        return SoftTargets.softmax(manager.create(z), t).toFloatArray();
    }

    private static float[] answer(Softmax softmax, float[] z, float t) {
        float[] copy = z.clone();
        String call = "softmax(" + Check.show(z) + ", T = " + Check.fmt(t) + ")";
        float[] q = Check.call(call, () -> softmax.apply(copy, t));
        Check.require(Arrays.equals(copy, z), "your softmax changed the logits array it was given (" + Check.show(z)
                + " became " + Check.show(copy) + "): compute into a new array and leave the input alone.");
        Check.require(q.length == z.length, call + " returned " + q.length + " values for " + z.length
                + " logits: return one probability per logit.");
        return q;
    }

    private static void expect(Softmax softmax, NDManager manager, float[] z, float t) {
        float[] q = answer(softmax, z, t);
        float[] ref = reference(manager, z, t);
        if (Check.maxDiff(q, ref) <= 1e-5) {
            return;
        }
        String call = "softmax(" + Check.show(z) + ", T = " + Check.fmt(t) + ")";
        double sum = 0;
        boolean finite = true;
        for (float v : q) {
            sum += v;
            finite &= Float.isFinite(v);
        }
        Check.require(finite, call + " returned " + Check.show(q) + ": not finite. Subtract the largest logit before "
                + "exponentiating, and divide by the sum of all exponentials.");
        Check.require(Math.abs(sum - 1) < 1e-4, call + " returned " + Check.show(q) + ", which sums to " + Check.fmt(sum)
                + ", not 1: divide every exponential by the sum of all of them.");
        throw Check.wrong(call + " returned " + Check.show(q) + " but should be " + Check.show(ref)
                + ": exponentiate z_i / T (not z_i, not the probabilities) and normalise.");
    }

    /** As {@link #expect} for {@code t != 1}, first naming a T left out or used upside down. */
    private static void expectTemperature(Softmax softmax, NDManager manager, float[] z, float t) {
        float[] q = answer(softmax, z, t);
        String call = "softmax(" + Check.show(z) + ", T = " + Check.fmt(t) + ")";
        Check.require(Check.maxDiff(q, reference(manager, z, 1f)) > 1e-5, call + " returned the T = 1 softmax "
                + Check.show(q) + ": divide the logits by T before exponentiating (expected "
                + Check.show(reference(manager, z, t)) + ").");
        Check.require(Check.maxDiff(q, reference(manager, z, 1f / t)) > 1e-5, call + " returned " + Check.show(q)
                + ", the softmax at T = " + Check.fmt(1f / t) + ": you multiplied the logits by T; divide them by T"
                + " (a higher T must give a flatter distribution).");
        expect(softmax, manager, z, t);
    }

    private static void expectStable(Softmax softmax, NDManager manager, float[] z, float t, String what) {
        float[] q = answer(softmax, z, t);
        boolean finite = true;
        for (float v : q) {
            finite &= Float.isFinite(v);
        }
        String why = z[0] > 0 ? "overflows" : "underflows";
        String detail = z[0] > 0 ? "e^1000 is infinite in float and double, and ∞/∞ is NaN"
                : "every e^-1000 is 0, and 0/0 is NaN";
        Check.require(finite, "your softmax " + why + " for " + what + ": subtract the max first. It returned "
                + Check.show(q) + " (" + detail + "); softmax(z) = softmax(z - max z), and then the largest exponent is "
                + "e^0 = 1.");
        expect(softmax, manager, z, t);
    }
}
