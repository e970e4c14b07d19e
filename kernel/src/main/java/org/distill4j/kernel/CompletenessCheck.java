package org.distill4j.kernel;

import java.net.URI;
import java.util.List;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

import com.sun.source.util.JavacTask;

import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

/**
 * Jupyter's {@code is_complete} question — should Enter run this code, or start a new line? — answered from JShell's
 * completeness analysis, with a syntax check on top: JShell calls {@code int x = ;} complete (it ends with a
 * semicolon), but no Java parser accepts it, so it is {@code invalid}.
 *
 * <p>Answers: {@code complete}, {@code incomplete} (with the indent for the next line), {@code invalid}.
 */
final class CompletenessCheck {

    /** Jupyter's answer and, when incomplete, the indent of the next line. */
    record Answer(String status, String indent) { }

    private static final String INDENT = "    ";

    private CompletenessCheck() {
    }

    static Answer of(SourceCodeAnalysis analysis, String code) {
        if (code.isBlank()) {
            return new Answer("complete", "");
        }
        StringBuilder source = new StringBuilder();
        SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(code);
        while (info.completeness().isComplete()) {
            source.append(info.source()).append('\n');
            info = analysis.analyzeCompletion(info.remaining());
        }
        Completeness rest = info.completeness();
        if (rest == Completeness.DEFINITELY_INCOMPLETE || rest == Completeness.CONSIDERED_INCOMPLETE) {
            return new Answer("incomplete", indentAfter(code));
        }
        if (rest == Completeness.UNKNOWN) {
            return new Answer("invalid", "");
        }
        return parses(source.toString()) ? new Answer("complete", "") : new Answer("invalid", "");
    }

    /**
     * Whether some snippet form makes {@code source} parse: class members (methods, fields, classes), a compilation unit (imports), statements, or
     * one expression (JShell shows an expression's value, so {@code 1 + 1} is a complete cell).
     */
    static boolean parses(String source) {
        String trimmed = source.strip();
        String expression = trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
        return parsesAs(source + "\nclass $C { }")
                || parsesAs("class $C { " + source + "\n}")
                || parsesAs("class $C { void $m() throws Throwable { " + source + "\n} }")
                || parsesAs("class $C { Object $v = (" + expression + "\n); }");
    }

    private static boolean parsesAs(String unit) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Cell.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return unit;
            }
        };
        try {
            JavacTask task = (JavacTask) javac.getTask(null, null, diagnostics, List.of("-proc:none"), null, List.of(file));
            task.parse();
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
        return diagnostics.getDiagnostics().stream().noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR);
    }

    /** Four spaces more for each bracket the code left open. */
    private static String indentAfter(String code) {
        int open = 0;
        for (char c : code.toCharArray()) {
            if (c == '{' || c == '(' || c == '[') {
                open++;
            } else if ((c == '}' || c == ')' || c == ']') && open > 0) {
                open--;
            }
        }
        return INDENT.repeat(Math.max(open, 0));
    }
}
