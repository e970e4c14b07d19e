package org.distill4j.kernel;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs the code of a cell inside the kernel's own JVM (so that cells and the display hooks share the course
 * library's classes), each cell on a fresh thread that an interrupt can stop.
 *
 * <p>An interrupt first asks politely — {@link Thread#interrupt()}, which ends a {@code Thread.sleep}, a blocking
 * wait, or a training loop that checks {@code Thread.interrupted()} between batches — and, if the cell is still
 * running after {@link #GRACE_MILLIS}, stops its thread ({@code Thread.stop}, which ends a busy loop; JDK 17–19).
 * On a JDK where threads can no longer be stopped, the cell is abandoned: the kernel answers again and says that
 * the old code may still be running in the background until Restart.
 *
 * <p>A cell's thread starts as DJL's own engine thread does, with PyTorch's gradient recording off ({@link
 * EngineThread}): gradients are recorded inside a {@code GradientCollector} only, as in a plain Java program.
 *
 * <p>JShell asks for a value as a string; the real object is kept here under a key so that the kernel can render
 * it ({@link #takeValue}).
 */
final class CellExecution extends DirectExecutionControl {

    /** How long an interrupted cell may take to stop by itself before its thread is stopped. */
    static final long GRACE_MILLIS = 700;

    /** Marks exceptions of cells that were interrupted (JShell passes only a class name and a message back). */
    static final String INTERRUPTED = "org.distill4j.kernel.Interrupted";

    /** Threads started by a cell, and the threads they start, carry this: see {@link ExitGuard}. */
    static final InheritableThreadLocal<Boolean> CELL_CODE = new InheritableThreadLocal<>();

    private static final Object NULL = new Object();
    private static final AtomicInteger CELLS = new AtomicInteger();
    private static final AtomicLong VALUES = new AtomicLong();

    private final Map<String, Object> values = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private boolean cellActive;
    private volatile Thread running;
    private volatile boolean interrupted;
    private volatile boolean abandoned;

    /** A cell (one execute request, maybe several snippets) begins: forget the last one's interrupt. */
    void beginCell() {
        synchronized (lock) {
            interrupted = false;
            abandoned = false;
            cellActive = true;
        }
    }

    /** The cell has ended: an interrupt from now on finds nothing to stop. */
    void endCell() {
        synchronized (lock) {
            cellActive = false;
        }
    }

    /** Whether the current cell was interrupted (its remaining snippets must not run). */
    boolean interrupted() {
        return interrupted;
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        Object[] outcome = new Object[2]; // value, failure
        Thread cell = new Thread(() -> {
            CELL_CODE.set(Boolean.TRUE);
            EngineThread.recordNoGradients();
            try {
                outcome[0] = doit.invoke(null);
            } catch (Throwable t) {
                outcome[1] = t;
            }
        }, "cell-" + CELLS.incrementAndGet());
        cell.setDaemon(true);
        cell.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        synchronized (lock) {
            if (interrupted) {
                throw new UserException("stopped by Kernel > Interrupt before this line ran", INTERRUPTED,
                        new StackTraceElement[0]);
            }
            running = cell;
            cell.start();
        }
        try {
            while (cell.isAlive() && !abandoned) {
                cell.join(50);
            }
        } finally {
            running = null;
        }
        if (interrupted) {
            throw new UserException(abandoned
                    ? "the code did not stop and keeps running in the background; use Kernel > Restart to end it"
                    : "stopped by Kernel > Interrupt", INTERRUPTED, new StackTraceElement[0]);
        }
        if (outcome[1] != null) {
            throw (Exception) (outcome[1] instanceof Exception e ? e : new java.lang.reflect.InvocationTargetException(
                    (Throwable) outcome[1]));
        }
        String key = "v" + VALUES.incrementAndGet();
        values.put(key, outcome[0] == null ? NULL : outcome[0]);
        return key;
    }

    /** The object a cell's snippet produced, under the key JShell reported as its value; removed once taken. */
    Object takeValue(String key) {
        Object value = key == null ? null : values.remove(key);
        return value == NULL ? null : value;
    }

    /**
     * Interrupts the running cell, if any, and returns at once; the escalation (stopping the thread after the grace
     * period) happens on a helper thread so that the kernel keeps answering.
     */
    void interrupt() {
        Thread cell;
        synchronized (lock) {
            if (!cellActive) {
                return;
            }
            interrupted = true;
            cell = running;
        }
        if (cell == null) {
            return; // between two snippets, or compiling: the next snippet will not start
        }
        cell.interrupt();
        Thread escalate = new Thread(() -> {
            try {
                cell.join(GRACE_MILLIS);
                if (cell.isAlive()) {
                    stopThread(cell);
                    cell.join(TimeUnit.SECONDS.toMillis(1));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (cell.isAlive()) {
                abandoned = true;
            }
        }, "interrupt-" + cell.getName());
        escalate.setDaemon(true);
        escalate.start();
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static void stopThread(Thread thread) {
        try {
            thread.stop();
        } catch (UnsupportedOperationException e) {
            // JDK 20+: threads cannot be stopped; the caller abandons the cell.
        }
    }

    @Override
    public void stop() {
        interrupt();
    }

    /** Gives JShell this execution control. */
    static final class Provider implements ExecutionControlProvider {
        private final CellExecution control = new CellExecution();

        CellExecution control() {
            return control;
        }

        @Override
        public String name() {
            return "distill4j-cells";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return control;
        }
    }
}
