package org.distill4j.metrics;

/**
 * Softmax with temperature and the KL divergence on one row of logits held in Java arrays, in double precision: the
 * host-side twins of {@code SoftTargets.logSoftmax} and the soft term of {@code DistillationLoss}, used by the metrics
 * (which copy logits to the host once, see {@link HostCopy}). The temperature is checked by the public metric that
 * calls these, with {@code SoftTargets.checkTemperature}.
 */
final class SoftmaxRows {

    private SoftmaxRows() {}

    /**
     * \( \log \mathrm{softmax}(z / T)_i = z_i / T - \log \sum_j \exp(z_j / T) \), max-shifted so no exponent overflows.
     *
     * @param z one row of logits {@code [classes]}
     * @param temperature \(T > 0\)
     * @return {@code [classes]} log-probabilities
     */
    static double[] logSoftmax(float[] z, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v / temperature);
        }
        double sum = 0;
        for (float v : z) {
            sum += Math.exp(v / temperature - max);
        }
        double logSum = max + Math.log(sum);
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = z[i] / temperature - logSum;
        }
        return out;
    }

    /**
     * \( \mathrm{KL}(p \| q) = \sum_i p_i (\log p_i - \log q_i) \) in nats, with \(p = \mathrm{softmax}(z_t / T)\)
     * (the teacher) and \(q = \mathrm{softmax}(z_s / T)\) (the student): 0 only when the two distributions are equal.
     *
     * @param teacher the teacher's logits {@code [classes]}
     * @param student the student's logits {@code [classes]}, same length
     * @param temperature \(T > 0\)
     */
    static double kl(float[] teacher, float[] student, double temperature) {
        double[] logP = logSoftmax(teacher, temperature);
        double[] logQ = logSoftmax(student, temperature);
        double kl = 0;
        for (int i = 0; i < logP.length; i++) {
            kl += Math.exp(logP[i]) * (logP[i] - logQ[i]);
        }
        return kl;
    }
}
