package org.distill4j.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Copies small NDArrays (logits and labels of an evaluation set) to Java arrays, where the metrics are plain loops.
 * Metrics are computed once per epoch on at most a few thousand rows, so the copy costs microseconds and keeps every
 * metric free of native temporaries.
 */
final class HostCopy {

    private HostCopy() {}

    /** {@code [rows, classes]} logits as rows of floats. */
    static float[][] rows(NDArray matrix, String what) {
        Shape s = matrix.getShape();
        if (s.dimension() != 2) {
            throw new IllegalArgumentException(what + " must be [batch, classes], got shape " + s);
        }
        int n = (int) s.get(0);
        int c = (int) s.get(1);
        float[] flat;
        if (matrix.getDataType() == DataType.FLOAT32) {
            flat = matrix.toFloatArray();
        } else {
            try (NDArray f = matrix.toType(DataType.FLOAT32, true)) {
                flat = f.toFloatArray();
            }
        }
        float[][] out = new float[n][c];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * c, out[i], 0, c);
        }
        return out;
    }

    /** {@code [rows]} integer labels. */
    static int[] labels(NDArray labels, int rows, int classes) {
        Shape s = labels.getShape();
        if (s.dimension() != 1 || s.get(0) != rows) {
            throw new IllegalArgumentException("labels must be [batch] = [" + rows + "] class indices, got shape " + s);
        }
        int[] out;
        switch (labels.getDataType()) {
            case INT32 -> out = labels.toIntArray();
            case INT64 -> {
                long[] l = labels.toLongArray();
                out = new int[l.length];
                for (int i = 0; i < l.length; i++) {
                    out[i] = (int) l[i];
                }
            }
            case UINT8, INT8 -> {
                try (NDArray i32 = labels.toType(DataType.INT32, true)) {
                    out = i32.toIntArray();
                }
            }
            default -> throw new IllegalArgumentException("labels must be integer class indices, got " + labels.getDataType());
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] < 0 || out[i] >= classes) {
                throw new IllegalArgumentException("label " + out[i] + " at row " + i + " is outside 0.." + (classes - 1));
            }
        }
        return out;
    }

    static int argMax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }

    static void checkSameShape(float[][] a, float[][] b, String what) {
        if (a.length != b.length || (a.length > 0 && a[0].length != b[0].length)) {
            throw new IllegalArgumentException(what + ": shapes differ, [" + a.length + ", " + (a.length > 0 ? a[0].length : 0)
                    + "] vs [" + b.length + ", " + (b.length > 0 ? b[0].length : 0) + "]");
        }
    }
}
