package org.distill4j.claims;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * What a notebook says, checked: every number quoted in a notebook's text is backed by a claim in a code cell, so the
 * text cannot drift from the results. A claim that holds prints a ✓ line; one that fails stops the notebook with an
 * {@link AssertionError} whose message says what was expected and what was measured.
 *
 * <pre>{@code
 * Claim.atLeast(teacherAccuracy, 0.80, "teacher test accuracy");
 * Claim.that(distilled > scratch, "the distilled student beats the scratch student");
 * }</pre>
 */
public final class Claim {

    private Claim() {}

    /** Checks a yes/no statement. */
    public static void that(boolean holds, String statement) {
        if (!holds) {
            throw new AssertionError("Claim failed: " + statement
                    + ". The notebook's text says this should hold; if you changed settings, the text no longer applies.");
        }
        System.out.println("✓ " + statement);
    }

    /** Checks {@code value ≥ minimum}. */
    public static void atLeast(double value, double minimum, String quantity) {
        check(value >= minimum, quantity, value, "at least " + fmt(minimum));
    }

    /** Checks {@code value ≤ maximum}. */
    public static void atMost(double value, double maximum, String quantity) {
        check(value <= maximum, quantity, value, "at most " + fmt(maximum));
    }

    /** Checks {@code low ≤ value ≤ high}. */
    public static void between(double value, double low, double high, String quantity) {
        check(value >= low && value <= high, quantity, value, "between " + fmt(low) + " and " + fmt(high));
    }

    /** Checks {@code |value − expected| ≤ tolerance}. */
    public static void near(double value, double expected, double tolerance, String quantity) {
        check(Math.abs(value - expected) <= tolerance, quantity, value, fmt(expected) + " ± " + fmt(tolerance));
    }

    private static void check(boolean holds, String quantity, double value, String expectation) {
        if (!holds || Double.isNaN(value)) {
            throw new AssertionError("Claim failed: " + quantity + " is " + fmt(value) + ", expected " + expectation
                    + ". The notebook's text relies on this; if you changed settings, the text no longer applies.");
        }
        System.out.println("✓ " + quantity + " = " + fmt(value) + " (" + expectation + ")");
    }

    /** Four significant digits, no trailing zeros: 0.85, 1.04, 0.00001234, 12350. */
    static String fmt(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
