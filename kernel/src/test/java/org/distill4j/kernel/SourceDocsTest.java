package org.distill4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceDocsTest {

    @TempDir
    Path root;

    private SourceDocs docs() throws Exception {
        Path dir = Files.createDirectories(root.resolve("org/example"));
        Files.writeString(dir.resolve("Loss.java"), """
                package org.example;

                /** The loss. Its formula is below. */
                public final class Loss {
                    /** Builds a loss at temperature T. */
                    public Loss(float temperature) { }

                    /** Softmax at temperature T: p = exp(z / T) / sum. */
                    public static float softmax(float z, float temperature) { return z; }

                    /** One argument only. */
                    public static float softmax(java.util.Map<String, Integer> z) { return 0; }

                    public static float undocumented() { return 0; }

                    /** A nested builder. */
                    public static final class Builder {
                        /** Sets alpha. */
                        public Builder alpha(float alpha) { return this; }
                    }
                }
                """);
        return new SourceDocs(List.of(root, root.resolve("missing")));
    }

    @Test
    void findsTheDocCommentOfTheMethodWithThatNameAndNumberOfParameters() throws Exception {
        SourceDocs docs = docs();
        assertEquals("Softmax at temperature T: p = exp(z / T) / sum.",
                docs.javadoc("float Loss.softmax(float z, float temperature)").strip());
        assertEquals("One argument only.", docs.javadoc("float Loss.softmax(Map<String, Integer> z)").strip());
        assertEquals("Builds a loss at temperature T.", docs.javadoc("org.example.Loss.Loss(float temperature)").strip());
        assertEquals("Sets alpha.", docs.javadoc("Builder Loss.Builder.alpha(float alpha)").strip());
        assertTrue(docs.javadoc("org.example.Loss").startsWith("The loss."));
    }

    @Test
    void answersNullWhereThereIsNoDocComment() throws Exception {
        SourceDocs docs = docs();
        assertNull(docs.javadoc("float Loss.undocumented()"));
        assertNull(docs.javadoc("float Loss.softmax(float a, float b, float c)"), "no such arity");
        assertNull(docs.javadoc("int Math.max(int a, int b)"), "not one of our sources");
    }

    @Test
    void countsParametersOutsideTypeArguments() {
        assertEquals(0, SourceDocs.parameterCount(""));
        assertEquals(2, SourceDocs.parameterCount("Map<String, Integer> m, int n"));
        assertEquals(1, SourceDocs.parameterCount("Map<String, List<Integer>> m"));
    }
}
