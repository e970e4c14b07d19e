package org.distill4j.claims;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * What a notebook says, checked: every number quoted in a notebook's text is backed by a claim in a code cell, so the
 * text cannot drift from the results. A claim that holds prints a ✓ line. What a claim that fails does depends on who
 * runs the notebook:
 * <ul>
 * <li><b>strict</b> (the course's tests: {@code ./kit test}, {@code ./kit run} and CI set
 *     {@code DISTILL4J_STRICT_CLAIMS=1}): it stops the notebook with an {@link AssertionError} whose message says what
 *     was expected and what was measured;
 * <li><b>exploring</b> (a learner's session, the default): it prints a ⚠ warning with the same numbers ("this
 *     notebook's text assumed …; if you changed a setting, the text may no longer apply") and the notebook goes on,
 *     so that "Run All" reaches the end after a "Try this" change.
 * </ul>
 * The mode is read at every claim from the system property {@code distill4j.strictClaims}, else the environment
 * variable {@code DISTILL4J_STRICT_CLAIMS}: {@code 1}/{@code true}/{@code yes} is strict, {@code 0}/{@code false}/
 * {@code no} or unset is exploring.
 *
 * <pre>{@code
 * Claim.atLeast(teacherAccuracy, 0.80, "teacher test accuracy");
 * Claim.that(distilled > scratch, "the distilled student beats the scratch student");
 * }</pre>
 */
public final class Claim {

    /** The system property that selects the mode (it wins over the environment variable). */
    public static final String STRICT_PROPERTY = "distill4j.strictClaims";

    /** The environment variable the test runner sets to {@code 1}. */
    public static final String STRICT_ENV = "DISTILL4J_STRICT_CLAIMS";

    private static final String ADVICE = "if you changed a setting, the text may no longer apply";

    private Claim() {}

    /**
     * True when a failed claim stops the notebook (tests and CI), false when it only warns (a learner's session).
     *
     * @throws IllegalArgumentException if the setting is neither a yes nor a no
     */
    public static boolean strict() {
        String v = System.getProperty(STRICT_PROPERTY);
        String from = "-D" + STRICT_PROPERTY;
        if (v == null || v.isBlank()) {
            v = System.getenv(STRICT_ENV);
            from = STRICT_ENV;
        }
        if (v == null || v.isBlank()) {
            return false;
        }
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true", "yes" -> true;
            case "0", "false", "no" -> false;
            default -> throw new IllegalArgumentException(from + " must be 1 (failed claims stop the notebook) or 0 (they "
                    + "warn), got '" + v + "'. Unset it for a learner's session.");
        };
    }

    /** Checks a yes/no statement. */
    public static void that(boolean holds, String statement) {
        if (!holds) {
            fail("Claim failed: " + statement + ".", "this notebook's text assumed that " + statement);
            return;
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
            fail("Claim failed: " + quantity + " is " + fmt(value) + ", expected " + expectation + ".",
                    "this notebook's text assumed " + quantity + " " + expectation + "; it is " + fmt(value));
            return;
        }
        System.out.println("✓ " + quantity + " = " + fmt(value) + " (" + expectation + ")");
    }

    /** Strict: throws with {@code error}. Exploring: prints the warning built from {@code assumption} and returns. */
    private static void fail(String error, String assumption) {
        if (strict()) {
            throw new AssertionError(error + " The notebook's text relies on this; " + ADVICE + ".");
        }
        System.out.println("⚠ " + assumption + ". " + Character.toUpperCase(ADVICE.charAt(0)) + ADVICE.substring(1)
                + "; the notebook goes on. (Under ./kit test this claim would stop it.)");
    }

    /** Four significant digits, no trailing zeros: 0.85, 1.04, 0.00001234, 12350. */
    static String fmt(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
