package org.distill4j.kernel;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;

/**
 * The javadoc of the course library's classes and methods, read from its sources, for Shift-Tab help: JShell finds
 * javadoc only in the JDK's own {@code src.zip}, but the library's javadoc is where its formulas are written.
 *
 * <p>Given a signature as JShell prints it — {@code NDArray SoftTargets.softmax(NDArray logits, float temperature)},
 * or a class name — it finds {@code SoftTargets.java} under the source roots, parses it, and returns the doc comment
 * of the class or of the method with that name and number of parameters; {@code null} when there is none.
 */
final class SourceDocs {

    private static final Pattern METHOD = Pattern.compile("(?:.*\\s)?([\\w.$]+)\\.([\\w$]+)\\((.*)\\)\\s*$");

    private final Map<String, Path> files = new HashMap<>();
    private final Map<Path, Parsed> parsed = new ConcurrentHashMap<>();

    private record Parsed(CompilationUnitTree unit, DocTrees docs) { }

    /** Indexes the {@code .java} files under {@code roots} (missing roots are skipped). */
    SourceDocs(List<Path> roots) {
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> p.toString().endsWith(".java"))
                        .forEach(p -> files.putIfAbsent(p.getFileName().toString().replace(".java", ""), p));
            } catch (IOException e) {
                // no docs from this root
            }
        }
    }

    /** The doc comment for a signature as JShell's documentation gives it, or {@code null}. */
    String javadoc(String signature) {
        Matcher m = METHOD.matcher(signature.strip());
        if (m.matches()) {
            String[] owner = m.group(1).split("\\.");
            return memberDoc(owner, m.group(2), parameterCount(m.group(3)));
        }
        String[] owner = signature.strip().split("\\.");
        return memberDoc(owner, null, -1);
    }

    /** Number of parameters in a parameter list, counting only commas outside {@code <...>}. */
    static int parameterCount(String params) {
        if (params.isBlank()) {
            return 0;
        }
        int depth = 0;
        int count = 1;
        for (char c : params.toCharArray()) {
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                count++;
            }
        }
        return count;
    }

    /**
     * The doc comment of {@code method} (with {@code arity} parameters; {@code null} method: the class itself) in the
     * class named by the last segments of {@code owner} that start with an upper-case letter (nested classes too).
     */
    private String memberDoc(String[] owner, String method, int arity) {
        List<String> classes = new ArrayList<>();
        for (String part : owner) {
            if (!part.isEmpty() && Character.isUpperCase(part.charAt(0))) {
                classes.add(part);
            }
        }
        if (classes.isEmpty() || !files.containsKey(classes.get(0))) {
            return null;
        }
        Parsed p = parsed.computeIfAbsent(files.get(classes.get(0)), SourceDocs::parse);
        if (p == null) {
            return null;
        }
        TreePath path = new TreePath(p.unit());
        List<? extends Tree> members = p.unit().getTypeDecls();
        ClassTree found = null;
        for (String name : classes) {
            found = null;
            for (Tree t : members) {
                if (t instanceof ClassTree c && c.getSimpleName().contentEquals(name)) {
                    found = c;
                    break;
                }
            }
            if (found == null) {
                return null;
            }
            path = new TreePath(path, found);
            members = found.getMembers();
        }
        if (method == null) {
            return p.docs().getDocComment(path);
        }
        String constructorName = classes.get(classes.size() - 1);
        for (Tree t : members) {
            if (t instanceof MethodTree mt && mt.getParameters().size() == arity
                    && (mt.getName().contentEquals(method)
                    || (mt.getName().contentEquals("<init>") && method.equals(constructorName)))) {
                return p.docs().getDocComment(new TreePath(path, mt));
            }
        }
        return null;
    }

    private static Parsed parse(Path file) {
        try {
            String source = Files.readString(file, StandardCharsets.UTF_8);
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            JavaFileObject fo = new SimpleJavaFileObject(URI.create("string:///" + file.getFileName()),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }
            };
            JavacTask task = (JavacTask) javac.getTask(null, null, d -> { }, List.of("-proc:none"), null, List.of(fo));
            CompilationUnitTree unit = task.parse().iterator().next();
            return new Parsed(unit, DocTrees.instance(task));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
