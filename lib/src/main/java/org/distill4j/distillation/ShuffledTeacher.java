package org.distill4j.distillation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.Random;

/**
 * A control for distillation: a teacher whose top class and top probability are kept, but whose wrong-class
 * probabilities are <em>permuted at random</em> among the wrong classes, independently for each image. It is as
 * confident and as soft as the real teacher (same top probability, same entropy at every temperature), yet its
 * wrong-class structure — "this shirt looks a bit like a pullover, not like a boot" — is noise. Hinton et al. (2015)
 * credit distillation's gain to exactly that structure; if the real teacher does no better than this one, the
 * structure did not matter here.
 *
 * <p>The loss is the {@link DistillationLoss} at the recipe's T and α with the shuffled teacher. The permutation is
 * made on the teacher's probabilities at the recipe's temperature \(T\): with \(\log p = \mathrm{logSoftmax}(z_t / T)\)
 * permuted into \(\log p'\), the targets are the logits \(z' = T \log p'\), so that \(\mathrm{softmax}(z' / T) = p'\)
 * exactly. The same seed gives the same permutations.
 */
final class ShuffledTeacher implements Objective {

    static final ShuffledTeacher INSTANCE = new ShuffledTeacher();

    /** Mixed into the seed so that the permutations do not repeat the data order drawn from the same seed. */
    private static final long SALT = 0x5EEDF00DL;

    private ShuffledTeacher() {}

    @Override
    public String name() {
        return "shuffled teacher";
    }

    @Override
    public boolean needsTeacherLogits(Recipe recipe) {
        return recipe.alpha() > 0;
    }

    @Override
    public NDArray targets(NDArray teacherLogits, Recipe recipe, long seed) {
        return shuffle(teacherLogits, recipe.temperature(), seed);
    }

    /**
     * The shuffled teacher's logits (see the class comment).
     *
     * @param teacherLogits {@code [N, classes]}
     * @return {@code [N, classes]}, owned by the manager of {@code teacherLogits}
     */
    static NDArray shuffle(NDArray teacherLogits, float temperature, long seed) {
        int n = (int) teacherLogits.getShape().get(0);
        int classes = (int) teacherLogits.getShape().get(1);
        float[] logp;
        try (NDArray lp = SoftTargets.logSoftmax(teacherLogits, temperature)) {
            logp = lp.toFloatArray();
        }
        Random random = new Random(seed ^ SALT);
        int[] wrong = new int[classes - 1];
        for (int r = 0; r < n; r++) {
            int base = r * classes;
            int top = 0;
            for (int c = 1; c < classes; c++) {
                if (logp[base + c] > logp[base + top]) {
                    top = c;
                }
            }
            for (int c = 0, k = 0; c < classes; c++) {
                if (c != top) {
                    wrong[k++] = c;
                }
            }
            for (int i = wrong.length - 1; i > 0; i--) { // Fisher–Yates over the wrong classes' values
                int j = random.nextInt(i + 1);
                float t = logp[base + wrong[i]];
                logp[base + wrong[i]] = logp[base + wrong[j]];
                logp[base + wrong[j]] = t;
            }
        }
        float[] logits = new float[logp.length];
        for (int i = 0; i < logp.length; i++) {
            logits[i] = temperature * logp[i];
        }
        return teacherLogits.getManager().create(logits, teacherLogits.getShape()).toDevice(teacherLogits.getDevice(), false);
    }

    @Override
    public NDArray loss(Batch batch, NDList outputs, Recipe recipe) {
        return LogitDistillation.INSTANCE.loss(batch, outputs, recipe);
    }

    @Override
    public String toString() {
        return name();
    }
}
