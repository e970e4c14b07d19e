import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.Locale;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.distill4j.course.Course;
import org.distill4j.data.ImageDataset;
import org.distill4j.interpretability.AttributionComparison;
import org.distill4j.interpretability.IntegratedGradients;
import org.distill4j.interpretability.KernelShap;
import org.distill4j.interpretability.Lime;
import org.distill4j.interpretability.PatchGrid;
import org.distill4j.models.Classifier;

/**
 * Do Integrated Gradients, KernelSHAP and LIME agree on the course's teacher, and what does each cost?
 *
 * <p>20 test images (the first 2 of each class), each explained for the teacher's own prediction, over the 49
 * patches of 4×4 pixels (IG's pixel map summed per patch). Agreement is Spearman's ρ of the signed per-patch values,
 * image by image; the same method with two seeds shows how much of the disagreement is sampling noise.
 *
 * <p>Run from the repository root after {@code ./kit setup} (or with the library's class path):
 * <pre>
 * java -cp "lib/target/classes:$(cat .kit/classpath.txt)" docs/ExplanationsAgree.java [samples, default 512]
 * </pre>
 */
public class ExplanationsAgree {

    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 512;   // coalitions (SHAP), perturbations (LIME)
        ImageDataset test = Course.fashion().test().firstPerClass(2);
        PatchGrid grid = PatchGrid.of(28, 28, 4);
        try (Classifier teacher = Course.teacher(); NDManager manager = NDManager.newBaseManager()) {
            Block model = teacher.block();
            NDArray images = test.images(manager);
            int[] predicted = teacher.logits(images).argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false)
                    .toIntArray();
            int n = predicted.length;

            IntegratedGradients ig = IntegratedGradients.builder().steps(32).build();
            KernelShap shap = KernelShap.builder().patch(4).samples(samples).seed(1).build();
            KernelShap shapOtherSeed = KernelShap.builder().patch(4).samples(samples).seed(2).build();
            Lime lime = Lime.builder().patch(4).samples(samples).seed(1).build();
            Lime limeOtherSeed = Lime.builder().patch(4).samples(samples).seed(2).build();

            // Warm-up (JIT, PyTorch's first calls), then timed runs over all 20 images.
            NDArray two = images.get("0:2");
            int[] twoTargets = {predicted[0], predicted[1]};
            ig.explain(model, two, twoTargets);
            shap.explain(model, two, twoTargets);
            lime.explain(model, two, twoTargets);

            long t0 = System.nanoTime();
            IntegratedGradients.Result igResult = ig.explain(model, images, predicted);
            double igSeconds = (System.nanoTime() - t0) / 1e9;
            KernelShap.Result shapResult = shap.explain(model, images, predicted);
            Lime.Result limeResult = lime.explain(model, images, predicted);
            float[][] shap2 = shapOtherSeed.explain(model, images, predicted).patchValues();
            float[][] lime2 = limeOtherSeed.explain(model, images, predicted).patchWeights();

            float[][] igPatches = new float[n][];
            for (int i = 0; i < n; i++) {
                igPatches[i] = grid.sum(igResult.maps()[i]);
            }
            float[][] shapPatches = shapResult.patchValues();
            float[][] limePatches = limeResult.patchWeights();

            System.out.println("Teacher " + teacher.architecture().name() + ", " + n + " test images (2 per class), "
                    + "target = the teacher's prediction, 49 patches of 4×4, black baseline.");
            System.out.println();
            // Patches whose pixels all equal the baseline (black background) are dummies: IG and exact Shapley values
            // give them 0, sampled estimates give them noise, and ranking that noise lowers rho. So rho is shown twice.
            float[] pixels = images.toFloatArray();
            boolean[][] varying = new boolean[n][grid.count()];
            int varyingTotal = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < grid.pixels(); j++) {
                    varying[i][grid.patchOf(j)] |= pixels[i * grid.pixels() + j] != 0f;
                }
                for (boolean v : varying[i]) {
                    varyingTotal += v ? 1 : 0;
                }
            }
            for (boolean onlyVarying : new boolean[] {false, true}) {
                System.out.println("Agreement: Spearman ρ of per-patch attributions, mean over images [95 % t-interval]"
                        + " (min, max), " + (onlyVarying ? "only the patches that differ from the baseline (mean "
                        + varyingTotal / n + " of 49)" : "all 49 patches"));
                boolean[][] keep = onlyVarying ? varying : null;
                row("IG vs KernelSHAP", igPatches, shapPatches, keep);
                row("IG vs LIME", igPatches, limePatches, keep);
                row("KernelSHAP vs LIME", shapPatches, limePatches, keep);
                row("KernelSHAP seed 1 vs seed 2", shapPatches, shap2, keep);
                row("LIME seed 1 vs seed 2", limePatches, lime2, keep);
            }
            System.out.println();
            System.out.println("Top-5 patches shared (by |value|), mean over images");
            topK("IG vs KernelSHAP", igPatches, shapPatches);
            topK("IG vs LIME", igPatches, limePatches);
            topK("KernelSHAP vs LIME", shapPatches, limePatches);
            System.out.println();

            double worstGap = 0;
            for (int i = 0; i < n; i++) {
                worstGap = Math.max(worstGap, Math.abs(shapResult.efficiencyGap(i)));
            }
            double meanFidelity = 0;
            for (int i = 0; i < n; i++) {
                meanFidelity += limeResult.fidelity(i) / n;
            }
            System.out.printf("KernelSHAP efficiency: max |Σφ − (f(x) − f(b))| = %.1e logits over %d images%n",
                    worstGap, n);
            System.out.printf("IG completeness (32 steps): max relative gap %.4f%n", igResult.maxRelativeGap());
            System.out.printf("LIME local fidelity (weighted R²): mean %.3f%n", meanFidelity);
            System.out.println();
            System.out.println("Cost per image                  model evaluations                      ms per image");
            System.out.printf("Integrated Gradients (32 steps) %-38s %.1f%n", "32 forward+backward + 2 forward", 1000 * igSeconds / n);
            System.out.printf("KernelSHAP (%d samples)%s%-38s %.1f%n", samples, pad("KernelSHAP", samples),
                    shapResult.evaluationsPerImage() + " forward", 1000 * shapResult.seconds() / n);
            System.out.printf("LIME (%d samples)%s%-38s %.1f%n", samples, pad("LIME", samples),
                    limeResult.evaluationsPerImage() + " forward", 1000 * limeResult.seconds() / n);
            System.out.println();
            System.out.println(Course.environment());
        }
    }

    /** Spaces after "NAME (SAMPLES samples)" up to the table's second column. */
    static String pad(String name, int samples) {
        return " ".repeat(Math.max(1, 32 - (name + " (" + samples + " samples)").length()));
    }

    /** Mean ρ over images; with {@code keep}, each image's ρ over its kept patches only. */
    static void row(String name, float[][] a, float[][] b, boolean[][] keep) {
        double[] rho = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            rho[i] = AttributionComparison.spearman(select(a[i], keep == null ? null : keep[i]),
                    select(b[i], keep == null ? null : keep[i]));
        }
        SummaryStatistics s = new SummaryStatistics();
        for (double r : rho) {
            s.addValue(r);
        }
        double half = new TDistribution(s.getN() - 1).inverseCumulativeProbability(0.975) * s.getStandardDeviation()
                / Math.sqrt(s.getN());
        System.out.printf("  %-30s ρ = %.2f [%.2f, %.2f]  (%.2f, %.2f)%n", name, s.getMean(), s.getMean() - half,
                s.getMean() + half, s.getMin(), s.getMax());
    }

    static float[] select(float[] values, boolean[] keep) {
        if (keep == null) {
            return values;
        }
        int count = 0;
        for (boolean k : keep) {
            count += k ? 1 : 0;
        }
        float[] out = new float[count];
        for (int i = 0, o = 0; i < values.length; i++) {
            if (keep[i]) {
                out[o++] = values[i];
            }
        }
        return out;
    }

    static void topK(String name, float[][] a, float[][] b) {
        double[] overlap = AttributionComparison.perImage(a, b, (x, y) -> AttributionComparison.topKOverlap(x, y, 5));
        System.out.printf("  %-30s %.2f%n", name, AttributionComparison.mean(overlap));
    }
}
