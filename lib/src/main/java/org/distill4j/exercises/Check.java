package org.distill4j.exercises;

import java.util.function.Supplier;

/**
 * The machinery every exercise check shares: run the learner's code so that nothing it does (an exception, a
 * {@link StackOverflowError}, an engine error, {@code null}) can escape into the notebook, and turn a detected mistake
 * into a {@link CheckResult}. Package-private: learners meet the checks through the exercise classes.
 */
final class Check {

    private Check() {}

    /** A mistake found in the learner's code; stops the check with this message. */
    static final class Mistake extends RuntimeException {
        final CheckResult.Status status;

        Mistake(CheckResult.Status status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** The body of a check: returns the message printed when everything passed, or throws a {@link Mistake}. */
    @FunctionalInterface
    interface Body {
        String run();
    }

    /** Stops the check: the learner's code is wrong, and {@code message} says how. */
    static Mistake wrong(String message) {
        return new Mistake(CheckResult.Status.WRONG, message);
    }

    /** Fails the check with {@code message} unless {@code holds}. */
    static void require(boolean holds, String message) {
        if (!holds) {
            throw wrong(message);
        }
    }

    /**
     * Runs a check body and prints its verdict. Never throws: a failure of the check's own machinery is reported as a
     * result too, so a check cell never stops the notebook.
     */
    static CheckResult run(String exercise, Body body) {
        CheckResult result;
        try {
            result = new CheckResult(exercise, CheckResult.Status.PASSED, body.run());
        } catch (Mistake m) {
            result = new CheckResult(exercise, m.status, m.getMessage());
        } catch (Throwable t) { // the check itself broke (or the learner's code escaped a call): still report, never rethrow
            result = new CheckResult(exercise, CheckResult.Status.WRONG, "the check could not finish: " + describe(t)
                    + ". Run your function on a small input by hand to see what happens.");
        }
        System.out.println(result);
        return result;
    }

    /**
     * Calls the learner's code for one case. Any {@link Throwable} becomes a {@link Mistake}: an
     * {@link UnsupportedOperationException} means the TODO is still there; anything else is reported with its message
     * and the case that triggered it.
     *
     * @param what the call, in words, e.g. {@code "softmax([1, 2, 3], T = 1)"}
     */
    static <T> T call(String what, Supplier<T> learnerCode) {
        T value;
        try {
            value = learnerCode.get();
        } catch (UnsupportedOperationException e) {
            throw new Mistake(CheckResult.Status.NOT_IMPLEMENTED, "not implemented yet. Replace the TODO line with your "
                    + "code, run that cell, then run this check again.");
        } catch (StackOverflowError e) {
            throw wrong(what + " never returned: StackOverflowError. Does a method call itself (perhaps with the same "
                    + "name as the one you are writing)?");
        } catch (Throwable t) {
            throw wrong(what + " threw " + describe(t) + hintFor(t));
        }
        if (value == null) {
            throw wrong(what + " returned null. Return your result (if you have not started yet, this is the "
                    + "\"not implemented yet\" case).");
        }
        return value;
    }

    /** As {@link #call(String, Supplier)} for learner code that returns nothing. */
    static void run(String what, Runnable learnerCode) {
        call(what, () -> {
            learnerCode.run();
            return Boolean.TRUE;
        });
    }

    static String describe(Throwable t) {
        String message = t.getMessage();
        if (message != null) {
            message = message.lines().findFirst().orElse("").strip();
            if (message.length() > 300) {
                message = message.substring(0, 300) + "…";
            }
        }
        return t.getClass().getSimpleName() + (message == null || message.isEmpty() ? "" : " (\"" + message + "\")");
    }

    private static String hintFor(Throwable t) {
        String m = String.valueOf(t.getMessage());
        if (t instanceof ArrayIndexOutOfBoundsException) {
            return ". An index ran past the end of an array: check your loop bounds.";
        }
        if (t instanceof NullPointerException) {
            return ". Something was null: is every variable you use assigned first?";
        }
        if (m.contains("does not require grad") || m.contains("doesn't require grad")) {
            return ". The loss is not connected to anything that records gradients: compute the student's logits "
                    + "inside the GradientCollector's try block, with NDArray operations (no toFloatArray() in between).";
        }
        if (m.contains("Gradient values are all zeros")) {
            return ". No gradient reached the student: call collector.backward(loss) inside the collector's try block, "
                    + "then student.step() after it.";
        }
        if (m.contains("shape") || m.contains("size of tensor") || m.contains("Shape")) {
            return ". Shapes did not fit: print getShape() of your arrays (logits are [batch, classes], labels [batch]).";
        }
        return ".";
    }

    /** Short text form of an array for messages: at most 6 values, 4 significant digits. */
    static String show(float[] v) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < Math.min(v.length, 6); i++) {
            s.append(i == 0 ? "" : ", ").append(fmt(v[i]));
        }
        return s.append(v.length > 6 ? ", …]" : "]").toString();
    }

    static String fmt(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** Largest absolute difference, infinite when lengths differ or a value is not finite. */
    static double maxDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            return Double.POSITIVE_INFINITY;
        }
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            if (!Float.isFinite(a[i]) || !Float.isFinite(b[i])) {
                return Double.POSITIVE_INFINITY;
            }
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    /** \( |a - b| \le tol \cdot \max(1, |b|) \). */
    static boolean close(double a, double b, double tol) {
        return Double.isFinite(a) && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
    }
}
