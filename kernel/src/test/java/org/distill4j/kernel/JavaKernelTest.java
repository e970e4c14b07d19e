package org.distill4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The kernel without its sockets: JShell evaluation, errors, interrupts, completeness, inspection. */
class JavaKernelTest {

    private static JavaKernel kernel;

    @BeforeAll
    static void start() {
        List<String> cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).toList();
        kernel = new JavaKernel(cp, null);
    }

    @AfterAll
    static void stop() {
        kernel.shell().close();
    }

    private static String text(DisplayData d) {
        return (String) d.getData(MIMEType.TEXT_PLAIN);
    }

    @Test
    void aCellsValueIsItsLastExpressionWithTextAndDeclarationsShowNothing() {
        assertNull(kernel.eval("int base = 40;"));
        assertEquals("42", text(kernel.eval("int two = 2;\nbase + two")));
        assertNull(kernel.eval("void hello() { }"));
        assertEquals("[1, 2]", text(kernel.eval("java.util.List.of(1, 2)")));
        assertNull(kernel.eval("String s = \"declared\";"), "a declaration is not shown");
        assertEquals("declared", text(kernel.eval("s")), "a variable on its own is");
    }

    @Test
    void cellsRecordNoGradientsOutsideACollectorLikeAPlainProgram() {
        assertEquals("PyTorch", text(kernel.eval("ai.djl.engine.Engine.getInstance().getEngineName()")));
        for (int cell = 0; cell < 2; cell++) { // each cell runs on a new thread, where PyTorch starts with grad mode on
            assertEquals("false", text(kernel.eval("ai.djl.pytorch.jni.JniUtils.isGradMode()")));
        }
        assertEquals("true", text(kernel.eval("boolean on;\n"
                + "try (var c = ai.djl.engine.Engine.getInstance().newGradientCollector()) {"
                + " on = ai.djl.pytorch.jni.JniUtils.isGradMode(); }\non")), "inside a collector it records");
        assertEquals("false", text(kernel.eval("ai.djl.pytorch.jni.JniUtils.isGradMode()")), "and stops after");
    }

    @Test
    void aCompileErrorNamesTheProblemAndPointsAtIt() {
        JavaKernel.CellFailure f = assertThrows(JavaKernel.CellFailure.class, () -> kernel.eval("int broken = ;"));
        assertEquals("CompilationError", f.name());
        assertEquals("illegal start of expression", f.getMessage());
        assertTrue(f.traceback().get(1).contains("int broken = ;"), f.traceback().toString());
        assertEquals("                 ^", f.traceback().get(2), "the caret is under the ';'");
    }

    @Test
    void anExceptionKeepsItsClassAndMessageAndTheTraceStopsAtTheCell() {
        JavaKernel.CellFailure f = assertThrows(JavaKernel.CellFailure.class,
                () -> kernel.eval("Integer.parseInt(\"twelve\")"));
        assertEquals("NumberFormatException", f.name());
        assertEquals("For input string: \"twelve\"", f.getMessage());
        assertTrue(f.traceback().get(f.traceback().size() - 1).equals("    at the cell: Integer.parseInt(\"twelve\")"), f.traceback().toString());
        assertTrue(f.traceback().stream().noneMatch(l -> l.contains("org.distill4j.kernel")), "no kernel frames");
    }

    @Test
    void laterSnippetsOfAFailedCellDoNotRun() {
        kernel.eval("int counter = 0;");
        assertThrows(JavaKernel.CellFailure.class, () -> kernel.eval("counter++;\nthrow new RuntimeException();\ncounter++;"));
        assertEquals("1", text(kernel.eval("counter")));
    }

    @Test
    void anInterruptStopsABusyLoopWithinTwoSecondsAndTheNextCellRuns() throws Exception {
        for (String loop : List.of("long n = 0; while (true) { n++; }", "Thread.sleep(60_000);",
                "while (true) { try { Thread.sleep(10); } catch (InterruptedException e) { } }")) {
            Thread interrupter = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
                kernel.interrupt();
            });
            long t0 = System.nanoTime();
            interrupter.start();
            JavaKernel.CellFailure f = assertThrows(JavaKernel.CellFailure.class, () -> kernel.eval(loop));
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals("Interrupted", f.name(), loop);
            assertTrue(seconds < 2.3, loop + " took " + seconds + " s");
            assertEquals("3", text(kernel.eval("1 + 2")), "the kernel still runs cells after: " + loop);
        }
    }

    @Test
    void anInterruptOfAnIdleKernelChangesNothing() {
        kernel.interrupt();
        assertEquals("7", text(kernel.eval("3 + 4")));
    }

    @Test
    void isCompleteSeparatesCompleteIncompleteAndInvalidCode() {
        for (String complete : List.of("int x = 1;", "1 + 1", "void f() { }", "import java.util.*;", "class A { }")) {
            assertEquals(JavaKernel.IS_COMPLETE_YES, kernel.isComplete(complete), complete);
        }
        assertEquals("    ", kernel.isComplete("for (int i = 0; i < 3; i++) {"));
        assertEquals("        ", kernel.isComplete("void f() {\n  if (true) {"));
        for (String invalid : List.of("int x = ;", "1 +* 2;", "class { }")) {
            assertEquals(JavaKernel.IS_COMPLETE_BAD, kernel.isComplete(invalid), invalid);
        }
    }

    @Test
    void inspectGivesTheSignatureOfTheNameUnderTheCursor() {
        DisplayData d = kernel.inspect("Math.max", 8, false);
        assertTrue(text(d).contains("int max(int a, int b)") || text(d).contains("max(int"), text(d));
        DisplayData inCall = kernel.inspect("Math.abs(-3)", 6, false);
        assertTrue(text(inCall).contains("abs("), text(inCall));
        assertNull(kernel.inspect("   ", 1, false));
    }

    @Test
    void inspectReadsTheLibrarysJavadocFromItsSources() {
        System.setProperty("distill4j.home", java.nio.file.Path.of("..").toAbsolutePath().normalize().toString());
        String code = "org.distill4j.distillation.SoftTargets.softmax";
        String help = text(kernel.inspect(code, code.length(), false));
        assertTrue(help.contains("SoftTargets.softmax(") && help.contains("float temperature)"), help);
        assertTrue(help.endsWith("\n    Softmax with temperature over the last axis."), "the javadoc's first sentence: " + help);
        String detail = text(kernel.inspect(code, code.length(), true));
        assertTrue(detail.contains("the row maximum is subtracted"), "more detail on a second Shift-Tab: " + detail);
    }

    @Test
    void completionOffersMembersFromTheAnchor() {
        var options = kernel.complete("Math.ma", 7);
        assertTrue(options.getReplacements().contains("max("), options.getReplacements().toString());
        assertEquals(5, options.getSourceStart());
    }

    @Test
    void javadocSummaryIsTheFirstSentenceWithoutTags() {
        assertEquals("Returns the greater of two int values.",
                JavaKernel.summary("Returns the greater of two {@code int} values. That is, more.\n@param a x", false));
        assertEquals("Returns a. More.", JavaKernel.summary("Returns <b>a</b>. More.", true));
    }

    @Test
    void headerDatesInJupytersFormatsAreRead() {
        assertEquals(Instant.parse("2026-11-30T16:28:45.789775Z"), JavaKernel.parseDate("2026-11-30T16:28:45.789775Z"));
        assertEquals(Instant.parse("2026-11-30T16:28:45.789775Z"),
                JavaKernel.parseDate("2026-11-30T17:28:45.789775+01:00"));
        assertEquals(Instant.parse("2026-11-30T16:28:45Z"), JavaKernel.parseDate("2026-11-30T16:28:45"));
        assertNull(JavaKernel.parseDate("yesterday"));
        assertFalse(JavaKernel.parseDate("2026-11-30T16:28:45Z").isBefore(Instant.parse("2026-11-30T16:28:45Z")));
    }
}
