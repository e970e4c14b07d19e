package org.distill4j.machine;

import org.distill4j.course.Course;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Loads the DJL engine once and multiplies two small matrices: extracts the PyTorch natives on a fresh machine
 * ({@code ./kit warm-up}, Binder's build) and proves the engine works ({@code ./kit doctor}).
 *
 * <p>Run: {@code java -cp "$(cat .kit/classpath.txt)" -Dai.djl.offline=true org.distill4j.machine.EngineCheck}
 */
public final class EngineCheck {

    private EngineCheck() {}

    public static void main(String[] args) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
            float trace = a.matMul(a).get("0,0").getFloat() + a.matMul(a).get("1,1").getFloat();
            if (trace != 7f + 22f) {
                throw new IllegalStateException("the engine computed a wrong matrix product (trace " + trace + ", expected 29)");
            }
        }
        System.out.println("engine OK: " + Course.environment());
    }
}
