package org.distill4j.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * The hardware bound: the fp32 FLOP/s of one large square matrix product through DJL, \(2N^3\) floating-point
 * operations for an \(N \times N\) by \(N \times N\) product.
 *
 * <p>A network whose training step costs \(F\) FLOPs per sample can at best train
 * \(\text{GEMM FLOP/s} / F\) samples per second on this machine: everything it does besides matrix products (activations,
 * the loss, the optimizer, gathering batches) only lowers that.
 */
final class GemmBound {

    /** Median and best GFLOP/s over {@code repeats} products, after two warm-up products. */
    record Result(int n, double medianGflops, double bestGflops, int repeats) {}

    private GemmBound() {}

    static Result measure(Device device, int n, int repeats) {
        try (NDManager m = NDManager.newBaseManager(device)) {
            NDArray a = m.randomNormal(new Shape(n, n));
            NDArray b = m.randomNormal(new Shape(n, n));
            double[] gflops = new double[repeats];
            for (int i = -2; i < repeats; i++) {
                long t0 = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0); // waits for the product (matters on a GPU)
                }
                double s = (System.nanoTime() - t0) / 1e9;
                if (i >= 0) {
                    gflops[i] = 2.0 * n * n * (double) n / s / 1e9;
                }
            }
            Arrays.sort(gflops);
            return new Result(n, gflops[repeats / 2], gflops[repeats - 1], repeats);
        }
    }
}
