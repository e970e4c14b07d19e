package org.distill4j.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CourseTest {

    @Test
    void epochsMultiplierAndLimitsFallBackToTheNotebookDefaults() {
        assertEquals(4, Course.epochs(4));
        assertEquals(5000, Course.trainLimit(5000));
        System.setProperty("distill4j.epochs", "3");
        try {
            assertEquals(12, Course.epochs(4));
            System.setProperty("distill4j.epochs", "zero");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Course.epochs(4));
            assertTrue(e.getMessage().contains("DISTILL4J_EPOCHS"), e.getMessage());
        } finally {
            System.clearProperty("distill4j.epochs");
        }
    }
}
