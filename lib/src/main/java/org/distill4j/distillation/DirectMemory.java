package org.distill4j.distillation;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;

/**
 * Frees a direct {@link ByteBuffer} at once. Java frees direct buffers only when the garbage collector finds them
 * unreachable, which may be long after a large buffer stopped being used; JDK 9+ offers {@code
 * sun.misc.Unsafe#invokeCleaner} (module {@code jdk.unsupported}) for exactly this. Where it is unavailable the buffer is
 * left to the garbage collector, as before.
 */
final class DirectMemory {

    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
        Object unsafe = null;
        Method cleaner = null;
        try {
            Class<?> type = Class.forName("sun.misc.Unsafe");
            Field field = type.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            unsafe = field.get(null);
            cleaner = type.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unsafe = null;
            cleaner = null;
        }
        UNSAFE = unsafe;
        INVOKE_CLEANER = cleaner;
    }

    private DirectMemory() {}

    /** Frees {@code buffer}'s memory now; the buffer must not be used afterwards. Heap buffers are ignored. */
    static void free(ByteBuffer buffer) {
        if (buffer == null || !buffer.isDirect() || INVOKE_CLEANER == null) {
            return;
        }
        try {
            INVOKE_CLEANER.invoke(UNSAFE, buffer);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // a slice or duplicate cannot be freed this way: the garbage collector will free the original
        }
    }
}
