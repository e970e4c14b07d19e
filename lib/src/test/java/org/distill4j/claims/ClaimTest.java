package org.distill4j.claims;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClaimTest {

    @Test
    void aClaimThatHoldsPassesAndOneThatFailsStopsWithBothNumbers() {
        assertDoesNotThrow(() -> Claim.atLeast(0.85, 0.8, "accuracy"));
        AssertionError e = assertThrows(AssertionError.class, () -> Claim.atLeast(0.75, 0.8, "accuracy"));
        assertTrue(e.getMessage().contains("accuracy is 0.75"), e.getMessage());
        assertTrue(e.getMessage().contains("at least 0.8"), e.getMessage());
    }

    @Test
    void nearUsesTheToleranceOnBothSides() {
        assertDoesNotThrow(() -> Claim.near(1.04, 1.0, 0.05, "x"));
        assertDoesNotThrow(() -> Claim.near(0.96, 1.0, 0.05, "x"));
        assertThrows(AssertionError.class, () -> Claim.near(1.06, 1.0, 0.05, "x"));
        assertThrows(AssertionError.class, () -> Claim.near(0.94, 1.0, 0.05, "x"));
    }

    @Test
    void nanNeverSatisfiesAClaim() {
        assertThrows(AssertionError.class, () -> Claim.between(Double.NaN, 0, 1, "loss"));
        assertThrows(AssertionError.class, () -> Claim.that(false, "it holds"));
    }

    @Test
    void numbersAreFormattedReadably() {
        assertEquals("3", Claim.fmt(3.0));
        assertEquals("0.85", Claim.fmt(0.85));
        assertEquals("0.00001", Claim.fmt(1e-5));
        assertEquals("0.1235", Claim.fmt(0.123456));
        assertEquals("NaN", Claim.fmt(Double.NaN));
    }
}
