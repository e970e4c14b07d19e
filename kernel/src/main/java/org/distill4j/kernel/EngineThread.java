package org.distill4j.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Makes a cell's thread what DJL expects of a thread: PyTorch's gradient recording off outside a {@code
 * GradientCollector}.
 *
 * <p>PyTorch keeps its grad mode per thread, and a new thread starts with it on. DJL switches it off once, on the
 * thread that loads the engine; a {@code GradientCollector} switches it on and, when closed, back to what it found. A
 * plain Java program runs on one thread, so outside a collector nothing is recorded. The kernel runs every cell on a
 * fresh thread (so that Kernel ▸ Interrupt can stop it), and there, without this, every forward pass outside a
 * collector recorded an autograd graph: the same numbers, but activations kept alive until the outputs were closed
 * (notebook 01 peaked at 1.24 GB with graphs, 0.93 GB without; see the README's kernel section).
 *
 * <p>Before the engine is loaded there is nothing to switch (the native call fails, harmlessly, and is tried again
 * at the next cell); the cell that loads it gets DJL's own setting.
 */
final class EngineThread {

    private static final Method SET_GRAD_MODE = find();

    private EngineThread() {}

    private static Method find() {
        try {
            return Class.forName("ai.djl.pytorch.jni.JniUtils", false, EngineThread.class.getClassLoader())
                    .getMethod("setGradMode", boolean.class);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null; // no PyTorch engine on the class path: nothing to do
        }
    }

    /** Switches PyTorch's gradient recording off on the calling thread, if the engine is loaded. */
    static void recordNoGradients() {
        if (SET_GRAD_MODE == null) {
            return;
        }
        try {
            SET_GRAD_MODE.invoke(null, false);
        } catch (InvocationTargetException e) {
            // UnsatisfiedLinkError: the engine's native library is not loaded yet
        } catch (ReflectiveOperationException | RuntimeException e) {
            // an engine build without this method: leave the thread as it is
        }
    }
}
