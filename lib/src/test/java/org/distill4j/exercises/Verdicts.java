package org.distill4j.exercises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions on a check's verdict. */
final class Verdicts {

    private Verdicts() {}

    static void assertPassed(CheckResult r) {
        assertTrue(r.passed(), () -> "expected ✓, got: " + r);
        assertTrue(r.toString().startsWith("✓ "), r::toString);
    }

    static void assertNotImplemented(CheckResult r) {
        assertEquals(CheckResult.Status.NOT_IMPLEMENTED, r.status(), r::toString);
        assertTrue(r.toString().contains("not implemented yet"), r::toString);
    }

    /** The check rejected the code with a message containing {@code expected}. */
    static void assertMistake(CheckResult r, String expected) {
        assertEquals(CheckResult.Status.WRONG, r.status(), r::toString);
        assertTrue(r.toString().startsWith("✗ "), r::toString);
        assertTrue(r.message().contains(expected), () -> "expected a message containing «" + expected + "», got: " + r);
    }
}
