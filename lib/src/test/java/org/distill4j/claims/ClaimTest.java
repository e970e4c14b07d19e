package org.distill4j.claims;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClaimTest {

    @BeforeEach
    void strictUnlessATestSaysOtherwise() {
        System.setProperty(Claim.STRICT_PROPERTY, "1");
    }

    @AfterEach
    void clearTheMode() {
        System.clearProperty(Claim.STRICT_PROPERTY);
    }

    /** What {@code body} prints on System.out. */
    private static String printed(Runnable body) {
        PrintStream old = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(old);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void exploringAFailedClaimWarnsWithBothNumbersAndTheNotebookGoesOn() {
        System.setProperty(Claim.STRICT_PROPERTY, "0");
        String out = printed(() -> Claim.atLeast(0.75, 0.8, "teacher test accuracy"));
        assertTrue(out.startsWith("⚠ "), out);
        assertTrue(out.contains("this notebook's text assumed teacher test accuracy at least 0.8; it is 0.75"), out);
        assertTrue(out.contains("If you changed a setting, the text may no longer apply; the notebook goes on."), out);
        String statement = printed(() -> Claim.that(false, "the distilled student beats the scratch student"));
        assertTrue(statement.contains("assumed that the distilled student beats the scratch student"), statement);
        String nan = printed(() -> Claim.between(Double.NaN, 0, 1, "loss"));
        assertTrue(nan.startsWith("⚠ ") && nan.contains("it is NaN"), nan);
    }

    @Test
    void exploringAClaimThatHoldsPrintsItsTickAsBefore() {
        System.setProperty(Claim.STRICT_PROPERTY, "0");
        assertEquals("✓ accuracy = 0.85 (at least 0.8)", printed(() -> Claim.atLeast(0.85, 0.8, "accuracy")).strip());
    }

    @Test
    void theModeIsReadAtEveryClaimAndBadValuesAreNamed() {
        for (String yes : new String[] {"1", "true", "YES", " 1 "}) {
            System.setProperty(Claim.STRICT_PROPERTY, yes);
            assertTrue(Claim.strict(), yes);
            assertThrows(AssertionError.class, () -> Claim.that(false, "x"));
        }
        for (String no : new String[] {"0", "false", "no"}) {
            System.setProperty(Claim.STRICT_PROPERTY, no);
            assertTrue(!Claim.strict(), no);
            assertDoesNotThrow(() -> printed(() -> Claim.that(false, "x")));
        }
        System.setProperty(Claim.STRICT_PROPERTY, "sometimes");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Claim::strict);
        assertTrue(e.getMessage().contains("distill4j.strictClaims") && e.getMessage().contains("sometimes"), e.getMessage());
    }

    @Test
    void strictAFailedClaimStopsWithTheSameAdvice() {
        AssertionError e = assertThrows(AssertionError.class, () -> Claim.that(false, "it holds"));
        assertTrue(e.getMessage().contains("Claim failed: it holds."), e.getMessage());
        assertTrue(e.getMessage().contains("if you changed a setting, the text may no longer apply"), e.getMessage());
    }

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
