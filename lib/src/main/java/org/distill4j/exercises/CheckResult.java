package org.distill4j.exercises;

/**
 * What an exercise check concluded about the learner's code: passed, not implemented yet, or wrong (with a message
 * naming the likely mistake and how to fix it).
 *
 * <p>A check prints its result (one line starting with ✓, … or ✗) and returns it, so a solution notebook can assert
 * {@code result.passed()}.
 *
 * @param exercise what was checked, e.g. {@code "softmax"}
 * @param status the verdict
 * @param message for {@link Status#PASSED} what was verified; otherwise what is wrong and what to try
 */
public record CheckResult(String exercise, Status status, String message) {

    /** The three verdicts a check can reach. */
    public enum Status {
        /** Every case agreed with the library's reference implementation. */
        PASSED,
        /** The learner's function still throws {@link UnsupportedOperationException} (the shipped TODO). */
        NOT_IMPLEMENTED,
        /** A case disagreed, threw, or returned something unusable. */
        WRONG
    }

    /** True when every case agreed with the reference. */
    public boolean passed() {
        return status == Status.PASSED;
    }

    @Override
    public String toString() {
        String mark = switch (status) {
            case PASSED -> "✓ ";
            case NOT_IMPLEMENTED -> "… ";
            case WRONG -> "✗ ";
        };
        return mark + exercise + ": " + message;
    }
}
