package org.distill4j.distillation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of an array in a new order each epoch, copied row by row on the host into a buffer the engine reads
 * without copying it again.
 *
 * <p>Why not {@code array.get(rows)} on the device? On the CPU, PyTorch's indexing with an index tensor copies element
 * by element: about 150 ms for the 12,000 × 784 training images, as long as half an epoch of the 784-100-10 student.
 * Copying 784-float rows with {@link ByteBuffer#put(int, ByteBuffer, int, int)} takes a few milliseconds, and {@link
 * NDManager#create(java.nio.Buffer, Shape, DataType)} on a direct buffer does not copy (DJL 0.35.1, PyTorch engine).
 * The values are bit for bit those of the gather.
 *
 * <p>The buffer is reused from one epoch to the next: the array of an epoch must be closed before the next call.
 * {@link #close()} hands it on to the next run over data of the same size, so that thirty training runs in one notebook
 * neither allocate thirty buffers of the training set nor keep them alive until the garbage collector gets round to
 * them (measured: 3.7 GB of memory for notebook 05 before, and 0.7 s per run for the allocation alone).
 */
final class ShuffledRows implements AutoCloseable {

    private final ByteBuffer source;
    private final ByteBuffer target;
    private final Shape shape;
    private final DataType dataType;
    private final int rowBytes;

    /**
     * @param all {@code [N, ...]}: read through a direct view of its memory when the engine offers one (on the CPU),
     *     else copied once to the host; it must stay open, and unchanged, while this is used
     */
    ShuffledRows(NDArray all) {
        this.shape = all.getShape();
        this.dataType = all.getDataType();
        long n = shape.get(0);
        this.rowBytes = Math.toIntExact(shape.size() / Math.max(1, n) * dataType.getNumOfBytes());
        this.source = all.toByteBuffer(true).order(ByteOrder.nativeOrder());
        this.target = take(source.remaining());
    }

    /** The rows in the order {@code rows} (a permutation of 0..N-1), owned by {@code manager}, on its device. */
    NDArray inOrder(int[] rows, NDManager manager) {
        target.clear();
        for (int k = 0; k < rows.length; k++) {
            target.put(k * rowBytes, source, source.position() + rows[k] * rowBytes, rowBytes);
        }
        target.limit(rows.length * rowBytes);
        return manager.create(target, shape, dataType);
    }

    /**
     * Hands the buffer back for the next run over data of the same size (the arrays of every epoch must be closed
     * first). One idle buffer is kept per size, and at most {@link #IDLE_BYTES} in all: a buffer pushed out is freed
     * at once, the least recently returned first.
     */
    @Override
    public void close() {
        List<ByteBuffer> displaced = new ArrayList<>();
        synchronized (IDLE) {
            ByteBuffer same = IDLE.remove(target.capacity()); // then put: the newest goes last
            IDLE.put(target.capacity(), target);
            if (same != null) {
                displaced.add(same);
            }
            long bytes = heldBytes();
            for (var it = IDLE.values().iterator(); bytes > IDLE_BYTES && it.hasNext(); ) {
                ByteBuffer oldest = it.next();
                bytes -= oldest.capacity();
                displaced.add(oldest);
                it.remove();
            }
        }
        displaced.forEach(DirectMemory::free);
    }

    /**
     * The most memory idle buffers may hold: one 55,000-image training set (172 MB) with its labels and targets, so
     * that notebook 05's thirty runs on the same images reuse one buffer, while a learner who trains on many sizes
     * of data does not collect a buffer for each.
     */
    static final long IDLE_BYTES = 256L << 20;

    /**
     * Buffers of finished runs, by size, least recently returned first. Allocating a fresh 172 MB buffer took 0.7 s on
     * our 2-core machine (the memory is zeroed and faulted in page by page), a quarter of a whole one-epoch run in
     * notebook 05, which trains thirty students on the same 55,000 images.
     */
    private static final Map<Integer, ByteBuffer> IDLE = new LinkedHashMap<>();

    /** Memory held by idle buffers now, in bytes (for tests). */
    static long idleBytes() {
        synchronized (IDLE) {
            return heldBytes();
        }
    }

    /** The idle buffers' bytes; the caller holds {@code IDLE}'s lock. */
    private static long heldBytes() {
        long bytes = 0;
        for (ByteBuffer b : IDLE.values()) {
            bytes += b.capacity();
        }
        return bytes;
    }

    private static ByteBuffer take(int bytes) {
        ByteBuffer b;
        synchronized (IDLE) {
            b = IDLE.remove(bytes);
        }
        return b != null ? b.clear() : ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }
}
