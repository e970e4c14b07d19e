package org.distill4j.exercises;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import org.distill4j.interpretability.IntegratedGradients;
import org.distill4j.interpretability.Saliency;
import org.distill4j.models.Classifier;
import org.distill4j.models.Mlp;

/**
 * Exercise 4: Integrated Gradients (Sundararajan, Taly and Yan, 2017) from a gradient oracle, and its completeness
 * check. The reference is {@link IntegratedGradients}; the oracle is {@link Saliency#signed()}.
 *
 * <pre>{@code
 * IntegratedGradientsExercise.check((x, baseline, steps, gradient) -> integratedGradients(x, baseline, steps, gradient));
 * IntegratedGradientsExercise.checkCompleteness((attributions, scoreAtX, scoreAtBaseline) -> relativeGap(...));
 * }</pre>
 */
public final class IntegratedGradientsExercise {

    private static final int FEATURES = 12;
    private static final int CLASSES = 3;
    private static final int STEPS = 64;

    private IntegratedGradientsExercise() {}

    /** The gradient of the explained score, \( \partial z_c / \partial x \), at any input point. */
    @FunctionalInterface
    public interface Gradient {
        /** @param point {@code [features]} (not modified) @return {@code [features]} */
        float[] at(float[] point);
    }

    /** The learner's Integrated Gradients. */
    @FunctionalInterface
    public interface Method {
        /**
         * @param x the input {@code [features]}
         * @param baseline \(x'\) {@code [features]}
         * @param steps \(m\), the number of points on the path
         * @param gradient \( \partial z_c / \partial x \) at a point
         * @return attributions {@code [features]}
         */
        float[] attribute(float[] x, float[] baseline, int steps, Gradient gradient);
    }

    /** The learner's completeness check. */
    @FunctionalInterface
    public interface Completeness {
        /**
         * @return \( |\sum_j \mathrm{IG}_j - (z_c(x) - z_c(x'))| \,/\, |z_c(x) - z_c(x')| \)
         */
        double relativeGap(float[] attributions, double scoreAtInput, double scoreAtBaseline);
    }

    /**
     * Checks {@code ig} against {@link IntegratedGradients} on a linear model (where IG is exactly
     * \((x - x') \odot w_c\)) and on a small ReLU network, with a constant non-zero baseline. Any reasonable rule for
     * the path points (midpoint, left or right Riemann sum) passes. Prints ✓ or the mistake found; never throws.
     */
    public static CheckResult check(Method ig) {
        return Check.run("Integrated Gradients", () -> {
            try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
                Random random = new Random(3);
                float[] x = new float[FEATURES];
                for (int j = 0; j < FEATURES; j++) {
                    x[j] = random.nextFloat();
                }
                float[] baseline = new float[FEATURES];
                Arrays.fill(baseline, 0.25f);
                try (Classifier linear = Classifier.create(Mlp.builder().inputs(FEATURES).hidden().classes(CLASSES).build(), 1, Device.cpu());
                     Classifier relu = Classifier.create(Mlp.builder().inputs(FEATURES).hidden(16).classes(CLASSES).build(), 2, Device.cpu())) {
                    compare(ig, manager, linear, x, baseline, 1, 0.02, "a linear model");
                    compare(ig, manager, relu, x, baseline, 2, 0.05, "a small ReLU network");
                }
            }
            return "matches the library's IntegratedGradients on a linear model and a ReLU network.";
        });
    }

    private static void compare(Method ig, NDManager manager, Classifier model, float[] x, float[] baseline, int target,
            double tolerance, String which) {
        Gradient gradient = point -> {
            try (NDManager sub = manager.newSubManager()) {
                return Saliency.signed().attribute(model.block(), sub.create(point.clone(), new Shape(1, FEATURES)),
                        new int[] {target})[0];
            }
        };
        float[] expected;
        try (NDManager sub = manager.newSubManager()) {
            expected = IntegratedGradients.builder().steps(STEPS).baseline(baseline).build()
                    .explain(model.block(), sub.create(x, new Shape(1, FEATURES)), new int[] {target}).maps()[0];
        }
        float[] xc = x.clone();
        float[] bc = baseline.clone();
        String call = "your IG on " + which + " (" + STEPS + " steps)";
        float[] got = Check.call(call, () -> ig.attribute(xc, bc, STEPS, gradient));
        Check.require(Arrays.equals(xc, x) && Arrays.equals(bc, baseline), call + " changed the input or the baseline "
                + "array: build each path point in a new array.");
        Check.require(got.length == FEATURES, call + " returned " + got.length + " values for " + FEATURES
                + " features: return one attribution per feature.");
        double scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        if (Check.maxDiff(got, expected) <= tolerance * scale) {
            return;
        }
        String what = call + " returned " + Check.show(got) + ", expected " + Check.show(expected);
        float[] diff = new float[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
            diff[j] = x[j] - baseline[j];
        }
        float[] meanGradient = combine(expected, diff, (a, b) -> a / b);
        Check.require(!near(got, meanGradient, tolerance), what + ": these are the averaged gradients without the "
                + "(x − baseline) factor: multiply each feature's average gradient by (x_j − x'_j).");
        Check.require(!near(got, combine(expected, expected, (a, b) -> a * STEPS), tolerance), what + ": " + STEPS + " times too large: average "
                + "the gradients over the steps (divide the sum by m).");
        Check.require(!near(got, combine(meanGradient, x, (a, b) -> a * b), tolerance), what + ": you multiplied by x, not by (x − baseline):"
                + " the baseline here is 0.25, not 0.");
        Check.require(!near(got, combine(gradient.at(x), diff, (a, b) -> a * b), tolerance), what + ": you used only the gradient at x: "
                + "average the gradient at points along the straight path x' + α (x − x'), α from 0 to 1.");
        Check.require(!near(got, combine(gradient.at(baseline), diff, (a, b) -> a * b), tolerance), what + ": you used only the gradient at "
                + "the baseline: the path points must move from x' to x, x' + α (x − x') with α = k / m.");
        Check.require(!near(got, combine(expected, expected, (a, b) -> -a), tolerance), what + ": the sign is flipped: multiply by (x − x'), "
                + "not (x' − x).");
        throw Check.wrong(what + ": IG_j = (x_j − x'_j) × the mean over k of ∂z/∂x_j at x' + (k / m)(x − x').");
    }

    /**
     * Checks {@code completeness} on hand-made cases: a perfect match (gap 0), a 10 % gap, a negative score change
     * and attributions that add up with the wrong sign. Prints ✓ or the mistake found; never throws.
     */
    public static CheckResult checkCompleteness(Completeness completeness) {
        return Check.run("completeness check", () -> {
            expectGap(completeness, new float[] {0.5f, 1f, 0.5f}, 3, 1, 0);
            expectGap(completeness, new float[] {1f, 0.5f, 0.3f}, 4, 2, 0.1);
            expectGap(completeness, new float[] {-1f, -0.5f, -1.5f}, 1, 4, 0);
            expectGap(completeness, new float[] {-1f, -0.5f, -0.5f}, 4, 2, 2);
            return "gives the relative completeness gap, 0 when the attributions add up to z(x) − z(x').";
        });
    }

    private static void expectGap(Completeness completeness, float[] a, double fx, double fb, double expected) {
        String call = "relativeGap(" + Check.show(a) + ", z(x) = " + Check.fmt(fx) + ", z(x') = " + Check.fmt(fb) + ")";
        double got = Check.call(call, () -> completeness.relativeGap(a.clone(), fx, fb));
        if (Check.close(got, expected, 1e-5)) {
            return;
        }
        double sum = 0;
        for (float v : a) {
            sum += v;
        }
        String what = call + " = " + Check.fmt(got) + ", expected " + Check.fmt(expected);
        Check.require(!Check.close(got, Math.abs(sum - fx) / Math.abs(fx), 1e-5), what + ": compare the sum with "
                + "z(x) − z(x'), the change in score from the baseline, not with z(x) alone.");
        Check.require(!Check.close(got, Math.abs(sum - (fx - fb)), 1e-5), what + ": divide the gap by |z(x) − z(x')| "
                + "to make it relative.");
        Check.require(!Check.close(got, (sum - (fx - fb)) / (fx - fb), 1e-5), what + ": take absolute values, a gap "
                + "of −10 % is as bad as +10 %.");
        throw Check.wrong(what + ": the gap is |Σ_j IG_j − (z(x) − z(x'))| / |z(x) − z(x')|.");
    }

    private static boolean near(float[] a, float[] b, double tolerance) {
        double scale = 0;
        for (float v : b) {
            scale = Math.max(scale, Math.abs(v));
        }
        return Check.maxDiff(a, b) <= tolerance * Math.max(scale, 1e-6);
    }

    /** {@code op(a[i], b[i])} for every feature {@code i}. */
    private static float[] combine(float[] a, float[] b, DoubleBinaryOperator op) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) op.applyAsDouble(a[i], b[i]);
        }
        return out;
    }
}
