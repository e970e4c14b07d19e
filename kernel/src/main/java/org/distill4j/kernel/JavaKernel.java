package org.distill4j.kernel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishClearOutput;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;
import org.dflib.jjava.jupyter.messages.reply.ShutdownReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;
import org.dflib.jjava.jupyter.messages.request.ShutdownRequest;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

/**
 * The course's Java kernel: JShell evaluates each cell inside this JVM, the Jupyter protocol comes from
 * jjava-jupyter's {@link BaseKernel}.
 *
 * <p>What it promises a learner, each checked by {@code tools/kernel_tests.py} with the Jupyter project's own kernel
 * test suite and by the unit tests:
 * <ul>
 *   <li>every cell gets a reply: {@code ok}, an error that says what went wrong, or — after Kernel ▸ Interrupt — an
 *       error that says it was interrupted ({@link CellExecution}); the next cell runs normally;</li>
 *   <li>after an error, cells that were already queued (Run All) are not run: they are answered "aborted";</li>
 *   <li>a cell's value is shown with a {@code text/plain} form beside any rich form;</li>
 *   <li>Shift-Tab help ({@code inspect}), Tab completion, {@code is_complete} and {@code history} are answered;</li>
 *   <li>{@code System.exit} in a cell does not end the kernel ({@link ExitGuard}); a shutdown request ends it within
 *       a second.</li>
 * </ul>
 */
public final class JavaKernel extends BaseKernel {

    static final String NAME = "distill4j";

    private final CellIO cellIO;
    private final CellHistory history;
    private final CellExecution cells;
    private final CompletableFuture<JShell> shell;
    /** Execute requests sent before this instant are answered "aborted" (set when a cell fails; stop_on_error). */
    private volatile Instant abortSentBefore = Instant.MIN;

    /**
     * A kernel whose JShell compiles against {@code classpath} (this JVM's own, so that cells share its classes) and
     * first runs the snippets of {@code initScript} (imports), if it exists. JShell starts in the background: the
     * kernel answers at once, and a cell waits until JShell is ready.
     */
    JavaKernel(List<String> classpath, Path initScript) {
        this(new CellIO(), new CellHistory(), new CellExecution.Provider(), classpath, initScript);
    }

    private JavaKernel(CellIO io, CellHistory history, CellExecution.Provider provider, List<String> classpath,
                       Path initScript) {
        super(NAME, version(), new LanguageInfo.Builder("java")
                        .version(String.valueOf(Runtime.version().feature()))
                        .mimetype("text/x-java-source")
                        .fileExtension(".jshell")
                        .pygments("java")
                        .codemirror("text/x-java")
                        .build(),
                List.of(), history, io, new CommManager(), new Renderer(), null, null, true,
                new StringStyler.Builder().addPrimaryStyle(TextColor.BOLD_RESET_FG)
                        .addSecondaryStyle(TextColor.BOLD_RED_FG).addHighlightStyle(TextColor.BOLD_RESET_FG).build());
        this.cellIO = io;
        this.history = history;
        this.cells = provider.control();
        this.shell = CompletableFuture.supplyAsync(() -> startShell(provider, classpath, initScript));
    }

    private static String version() {
        String v = JavaKernel.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static JShell startShell(CellExecution.Provider provider, List<String> classpath, Path initScript) {
        JShell jshell = JShell.builder().executionEngine(provider, Map.of()).build();
        classpath.forEach(jshell::addToClasspath);
        if (initScript != null && Files.isReadable(initScript)) {
            try {
                String init = Files.readString(initScript, StandardCharsets.UTF_8);
                for (String snippet : snippets(jshell, init)) {
                    for (SnippetEvent e : jshell.eval(snippet)) {
                        if (e.status() == Snippet.Status.REJECTED) {
                            System.err.println("[distill4j kernel] start-up snippet rejected: " + snippet.strip());
                        }
                    }
                }
            } catch (java.io.IOException e) {
                System.err.println("[distill4j kernel] cannot read " + initScript + ": " + e.getMessage());
            }
        }
        return jshell;
    }

    JShell shell() {
        try {
            return shell.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while JShell was starting", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("JShell did not start: " + e.getCause(), e.getCause());
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Evaluation
    // -------------------------------------------------------------------------------------------------------------

    /** The cell split into JShell snippets (each a complete statement, declaration or expression). */
    private static List<String> snippets(JShell jshell, String code) {
        List<String> out = new ArrayList<>();
        SourceCodeAnalysis analysis = jshell.sourceCodeAnalysis();
        SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(code);
        while (info.completeness().isComplete()) {
            if (!info.source().isBlank()) {
                out.add(info.source());
            }
            info = analysis.analyzeCompletion(info.remaining());
        }
        if (!info.remaining().isBlank()) {
            out.add(info.remaining()); // incomplete or unknown: JShell's own diagnostics will say why
        }
        return out;
    }

    /**
     * Runs a cell and returns the value of its last snippet when that snippet is an expression (as IPython shows the
     * value of a cell's last expression), else {@code null}.
     *
     * @throws CellFailure when a snippet does not compile, throws, or was interrupted; later snippets do not run
     */
    @Override
    public Object evalRaw(String code) {
        JShell jshell = shell();
        Object last = null;
        for (String snippet : snippets(jshell, code)) {
            if (cells.interrupted()) {
                throw CellFailure.interrupted("stopped by Kernel > Interrupt before this line ran: "
                        + firstLine(snippet));
            }
            last = evalSnippet(jshell, snippet);
        }
        return last;
    }

    private Object evalSnippet(JShell jshell, String snippet) {
        List<SnippetEvent> events = jshell.eval(snippet);
        Object value = null;
        boolean shown = false;
        for (SnippetEvent e : events) {
            Object v = e.value() == null || e.exception() != null ? null : cells.takeValue(e.value());
            if (e.causeSnippet() != null) {
                continue;
            }
            JShellException failure = e.exception();
            if (failure != null) {
                throw CellFailure.of(failure, snippet);
            }
            if (e.status() == Snippet.Status.REJECTED) {
                throw CellFailure.compile(jshell, e.snippet(), snippet);
            }
            Snippet.SubKind kind = e.snippet().subKind();
            if (kind == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND || kind == Snippet.SubKind.OTHER_EXPRESSION_SUBKIND
                    || kind == Snippet.SubKind.VAR_VALUE_SUBKIND) {
                value = v;
                shown = true;
            }
        }
        return shown ? value : null;
    }

    private static String firstLine(String s) {
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() > 80 ? line.substring(0, 77) + "..." : line;
    }

    /** Renders a value: the course's renderers where one applies, always with a {@code text/plain} form. */
    DisplayData render(Object value) {
        DisplayData data = value instanceof DisplayData d ? d : getRenderer().render(value);
        if (!data.hasDataForType(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN)) {
            data.putText(String.valueOf(value));
        }
        return data;
    }

    /** Runs a cell as an execute request does: an interrupt while it runs stops it. */
    @Override
    public DisplayData eval(String code) {
        cells.beginCell();
        try {
            Object value = evalRaw(code);
            return value == null ? null : render(value);
        } finally {
            cells.endCell();
        }
    }

    @Override
    protected void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        ExecuteRequest request = message.getContent();
        env.setBusyDeferIdle();
        if (sentBefore(message, abortSentBefore)) {
            env.reply(new Aborted());
            return;
        }
        commManager.setMessageContext(message);
        boolean silent = request.isSilent();
        int count = silent ? executionCount.get() : executionCount.getAndIncrement();
        if (!silent) {
            env.publish(new PublishExecuteInput(request.getCode(), count));
        }
        replaceOutputStreams(env);
        cellIO.attach(env, request.isStdinEnabled());
        env.defer(() -> cellIO.detach(env));
        String output = "";
        try {
            DisplayData out = eval(request.getCode());
            System.out.flush();
            System.err.flush();
            if (out != null && !silent) {
                env.publish(new PublishExecuteResult(count, out));
                Object text = out.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN);
                output = text == null ? "" : text.toString();
            }
            env.defer().reply(new ExecuteReply(count, Collections.emptyMap()));
        } catch (RuntimeException | Error e) {
            System.out.flush();
            System.err.flush();
            CellFailure failure = e instanceof CellFailure f ? f : CellFailure.internal(e);
            if (request.shouldStopOnError()) {
                abortSentBefore = Instant.now();
            }
            ErrorReply error = new ErrorReply(failure.name(), failure.getMessage(), failure.traceback());
            error.setExecutionCount(count);
            env.publish(new PublishError(failure.name(), failure.getMessage(), failure.traceback()));
            env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), error);
            output = failure.name() + ": " + failure.getMessage();
        }
        if (request.shouldStoreHistory() && !silent) {
            history.add(count, request.getCode(), output);
        }
    }

    /** Whether the request's header says it was sent before {@code instant} (a header without a date: no). */
    static boolean sentBefore(Message<?> message, Instant instant) {
        if (instant == Instant.MIN || message.getHeader().getTimestamp() == null) {
            return false;
        }
        Instant sent = parseDate(message.getHeader().getTimestamp().getDateString());
        return sent != null && sent.isBefore(instant);
    }

    /** A Jupyter header date (ISO 8601, microseconds, "Z" or an offset), or {@code null} if it is not one. */
    static Instant parseDate(String date) {
        if (date == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(date, java.time.format.DateTimeFormatter.ISO_DATE_TIME).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(date).toInstant(java.time.ZoneOffset.UTC);
            } catch (java.time.format.DateTimeParseException again) {
                return null;
            }
        }
    }

    /** Publishes a display of {@code value} in the running cell's output (the cells' {@code display(...)}). */
    void show(Object value) {
        display(render(value));
    }

    /** Clears the running cell's output, at once or when the next output arrives. */
    void clearOutput(boolean wait) {
        cellIO.publish(wait ? PublishClearOutput.BEFORE_NEXT_OUTPUT : PublishClearOutput.NOW);
    }

    /** A last message to the running cell, if any (the kernel is about to end: see {@link ExitGuard}). */
    void lastWords(String text) {
        try {
            cellIO.publish(new PublishStream(PublishStream.StreamType.ERR, text));
        } catch (RuntimeException e) {
            System.err.print(text);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Interrupt, shutdown, kernel info
    // -------------------------------------------------------------------------------------------------------------

    /** Kernel ▸ Interrupt (arrives on the control channel while the shell channel is busy running the cell). */
    @Override
    public void interrupt() {
        cells.interrupt();
    }

    /** Answers, stops any running cell, and ends the JVM shortly after, so that the reply gets out first. */
    @Override
    protected void handleShutdownRequest(ShellReplyEnvironment env, Message<ShutdownRequest> message) {
        ShutdownRequest request = message.getContent();
        env.reply(request.isRestart() ? ShutdownReply.SHUTDOWN_AND_RESTART : ShutdownReply.SHUTDOWN);
        interrupt();
        Thread exit = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(0);
        }, "shutdown");
        exit.setDaemon(false);
        exit.start();
    }

    /** jjava's history handler, with the {@code status} field the protocol requires ({@link StatusHistory}). */
    @Override
    protected void handleHistoryRequest(ShellReplyEnvironment env, Message<HistoryRequest> message) {
        HistoryRequest request = message.getContent();
        env.setBusyDeferIdle();
        java.util.Set<HistoryManager.ResultFlag> flags = java.util.EnumSet.noneOf(HistoryManager.ResultFlag.class);
        if (request.includeOutput()) {
            flags.add(HistoryManager.ResultFlag.INCLUDE_OUTPUT);
        }
        List<HistoryEntry> entries = switch (request.getAccessType()) {
            case TAIL -> history.lookupTail(((HistoryRequest.Tail) request).getMaxReturnLength(), flags);
            case RANGE -> {
                HistoryRequest.Range range = (HistoryRequest.Range) request;
                yield history.lookupRange(range.getSessionIndex(), range.getStart(), range.getStop(), flags);
            }
            case SEARCH -> {
                HistoryRequest.Search search = (HistoryRequest.Search) request;
                if (search.filterUnique()) {
                    flags.add(HistoryManager.ResultFlag.UNIQUE);
                }
                yield history.search(search.getPattern(), search.getMaxReturnLength(), flags);
            }
        };
        env.reply(new StatusHistory(entries));
    }

    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
        env.setBusyDeferIdle();
        env.reply(new KernelInfo(Header.PROTOCOL_VERISON, name, version, getLanguageInfo(), getBanner()));
    }

    // -------------------------------------------------------------------------------------------------------------
    // Inspect, complete, is_complete
    // -------------------------------------------------------------------------------------------------------------

    /**
     * Shift-Tab: the signatures, and the first sentence of the javadoc where JShell finds it, of what is under the
     * cursor (a name, or the method whose call's parentheses the cursor is in).
     */
    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        int pos = Math.min(Math.max(at, 0), code.length());
        while (pos < code.length() && Character.isJavaIdentifierPart(code.charAt(pos))) {
            pos++;
        }
        int paren = pos;
        while (paren < code.length() && Character.isWhitespace(code.charAt(paren))) {
            paren++;
        }
        if (paren < code.length() && code.charAt(paren) == '(') {
            pos = paren + 1;
        }
        SourceCodeAnalysis analysis = shell().sourceCodeAnalysis();
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(code, pos, true);
        if ((docs == null || docs.isEmpty()) && pos > 0 && Character.isJavaIdentifierPart(code.charAt(pos - 1))) {
            // a method name without its parenthesis: ask as if the call were being typed
            docs = analysis.documentation(code.substring(0, pos) + "(", pos + 1, true);
        }
        if (docs == null || docs.isEmpty()) {
            return null;
        }
        String text = docs.stream()
                .map(d -> {
                    String javadoc = d.javadoc() != null ? d.javadoc() : sourceDocs().javadoc(d.signature());
                    return d.signature() + (javadoc == null ? "" : "\n    " + summary(javadoc, extraDetail));
                })
                .collect(Collectors.joining("\n\n"));
        return new DisplayData(text);
    }

    private SourceDocs sourceDocs;

    /** The course library's sources ({@code distill4j.home}/lib/src/main/java), indexed on first use. */
    private synchronized SourceDocs sourceDocs() {
        if (sourceDocs == null) {
            String home = System.getProperty("distill4j.home", System.getenv().getOrDefault("DISTILL4J_HOME", "."));
            sourceDocs = new SourceDocs(List.of(Path.of(home, "lib", "src", "main", "java")));
        }
        return sourceDocs;
    }

    /** The javadoc's first sentence (all of it with {@code detail}), tags and HTML stripped. */
    static String summary(String javadoc, boolean detail) {
        String text = javadoc.replaceAll("(?s)\\{@(?:code|link|linkplain|literal)\\s+([^}]*)}", "$1")
                .replaceAll("<[^>]+>", "").replaceAll("\\s+", " ").strip();
        if (detail) {
            return text;
        }
        int atTag = text.indexOf(" @");
        if (atTag >= 0) {
            text = text.substring(0, atTag);
        }
        int end = text.indexOf(". ");
        return end >= 0 ? text.substring(0, end + 1) : text;
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions =
                shell().sourceCodeAnalysis().completionSuggestions(code, at, anchor);
        List<String> matches = suggestions.stream()
                .sorted((a, b) -> Boolean.compare(b.matchesType(), a.matchesType()))
                .map(SourceCodeAnalysis.Suggestion::continuation).distinct().toList();
        return new ReplacementOptions(matches, anchor[0], at);
    }

    @Override
    public String isComplete(String code) {
        CompletenessCheck.Answer answer = CompletenessCheck.of(shell().sourceCodeAnalysis(), code);
        return switch (answer.status()) {
            case "complete" -> IS_COMPLETE_YES;
            case "invalid" -> IS_COMPLETE_BAD;
            default -> answer.indent();
        };
    }

    @Override
    public List<String> formatError(Throwable e) {
        return (e instanceof CellFailure f ? f : CellFailure.internal(e)).traceback();
    }

    // -------------------------------------------------------------------------------------------------------------
    // Messages jjava-jupyter does not have
    // -------------------------------------------------------------------------------------------------------------

    /** {@code kernel_info_reply} with the {@code status} field the protocol (and jupyter_kernel_test) require. */
    static final class KernelInfo extends KernelInfoReply {
        @SuppressWarnings("unused")
        private final String status = "ok";

        KernelInfo(String protocol, String name, String version, LanguageInfo language, String banner) {
            super(protocol, name, version, language, banner, List.of());
        }
    }

    /**
     * {@code history_reply}: {@code status}, and each entry as the protocol's tuple {@code [session, line, input]}
     * or, with output, {@code [session, line, [input, output]]}.
     */
    @SuppressWarnings({"unchecked", "rawtypes", "unused"})
    static final class StatusHistory implements ContentType<StatusHistory> {
        private final String status = "ok";
        private final List<List<Object>> history;

        StatusHistory(List<HistoryEntry> entries) {
            this.history = entries.stream().map(e -> List.<Object>of(e.getSession(), e.getCellNumber(),
                    e.hasOutput() ? List.of(e.getInput(), e.getOutput()) : e.getInput())).toList();
        }

        @Override
        public MessageType<StatusHistory> getType() {
            return (MessageType) MessageType.HISTORY_REPLY;
        }
    }

    /** The reply to an execute request that was not run because an earlier cell failed (as IPython answers). */
    @SuppressWarnings({"unchecked", "rawtypes", "unused"})
    static final class Aborted implements ContentType<Aborted> {
        private final String status = "aborted";

        @Override
        public MessageType<Aborted> getType() {
            return (MessageType) MessageType.EXECUTE_REPLY;
        }
    }

    /** jjava's I/O with the hooks this kernel needs to attach it to a request and publish from a cell. */
    static final class CellIO extends JupyterIO {
        private volatile ShellReplyEnvironment env;

        CellIO() {
            super(StandardCharsets.UTF_8);
        }

        void attach(ShellReplyEnvironment env, boolean stdin) {
            this.env = env;
            setEnv(env);
            setJupyterInEnabled(stdin);
        }

        void detach(ShellReplyEnvironment env) {
            retractEnv(env);
            this.env = null;
        }

        <T extends ContentType<T>> void publish(T content) {
            ShellReplyEnvironment current = env;
            if (current == null) {
                throw new IllegalStateException("no cell is running: output can only be shown from a running cell");
            }
            current.publish(content);
        }
    }

    /**
     * Why a cell failed, in Jupyter's terms: a short name ({@code ename}), a message ({@code evalue}) and the lines a
     * notebook shows ({@code traceback}). Stack traces are cut at the cell: the kernel's own frames say nothing to a
     * learner.
     */
    static final class CellFailure extends RuntimeException {
        private final String name;
        private final List<String> traceback;

        private CellFailure(String name, String message, List<String> traceback) {
            super(message, null, false, false);
            this.name = name;
            this.traceback = traceback;
        }

        String name() {
            return name;
        }

        List<String> traceback() {
            return traceback;
        }

        static CellFailure interrupted(String message) {
            return new CellFailure("Interrupted", message, List.of(red("Interrupted: " + message),
                    "Variables set before the interrupt keep their values; run the cell again to start it over."));
        }

        static CellFailure of(JShellException e, String snippet) {
            if (e instanceof UnresolvedReferenceException u) {
                String what = u.getSnippet().source().strip().lines().findFirst().orElse("");
                return new CellFailure("UnresolvedReference", "uses something not defined yet: " + what,
                        List.of(red("UnresolvedReference: this line uses a declaration that does not compile yet"),
                                "    " + firstLine(snippet),
                                "Define (or fix) it first — run the cells above this one from the top."));
            }
            EvalException ee = (EvalException) e;
            String className = ee.getExceptionClassName();
            if (CellExecution.INTERRUPTED.equals(className)) {
                return interrupted(ee.getMessage());
            }
            String simple = className.substring(className.lastIndexOf('.') + 1);
            String message = ee.getMessage() == null ? "" : ee.getMessage();
            List<String> lines = new ArrayList<>();
            lines.add(red(className + (message.isEmpty() ? "" : ": " + message)));
            lines.addAll(frames(ee.getStackTrace(), snippet));
            for (Throwable cause = ee.getCause(); cause != null; cause = cause.getCause()) {
                String causeName = cause instanceof EvalException c ? c.getExceptionClassName() : cause.getClass().getName();
                lines.add("Caused by: " + causeName + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
                lines.addAll(frames(cause.getStackTrace(), snippet));
            }
            return new CellFailure(simple, message, lines);
        }

        /**
         * The frames down to the cell's own code (JShell names its frames by snippet: an empty class name and a file
         * name like {@code #12}), as "at …" lines, the last one quoting the cell's line.
         */
        private static List<String> frames(StackTraceElement[] stack, String snippet) {
            List<String> lines = new ArrayList<>();
            for (StackTraceElement f : stack) {
                if (f.getClassName().isEmpty() || f.getClassName().startsWith("REPL.")
                        || (f.getFileName() != null && f.getFileName().startsWith("#"))) {
                    String[] source = snippet.strip().split("\n");
                    int line = Math.min(Math.max(f.getLineNumber(), 1), source.length) - 1;
                    lines.add("    at the cell: " + source[line].strip());
                    break;
                }
                if (f.getClassName().startsWith("jdk.internal.reflect") || f.getClassName().startsWith("java.lang.reflect")) {
                    continue;
                }
                lines.add("    at " + f);
                if (lines.size() >= 12) {
                    lines.add("    ...");
                    break;
                }
            }
            return lines;
        }

        static CellFailure compile(JShell jshell, Snippet snippet, String source) {
            List<Diag> diags = jshell.diagnostics(snippet).filter(Diag::isError).toList();
            List<String> lines = new ArrayList<>();
            String first = diags.isEmpty() ? "this code does not compile" : message(diags.get(0));
            lines.add(red("CompilationError: " + first));
            String[] sourceLines = source.split("\n", -1);
            for (Diag d : diags) {
                if (d != diags.get(0)) {
                    lines.add(red(message(d)));
                }
                long pos = Math.max(d.getStartPosition(), 0);
                int line = 0;
                long lineStart = 0;
                while (line < sourceLines.length - 1 && lineStart + sourceLines[line].length() < pos) {
                    lineStart += sourceLines[line].length() + 1;
                    line++;
                }
                if (line < sourceLines.length) {
                    lines.add("    " + sourceLines[line]);
                    lines.add("    " + " ".repeat((int) Math.max(0, pos - lineStart)) + "^");
                }
            }
            return new CellFailure("CompilationError", first, lines);
        }

        private static String message(Diag d) {
            return d.getMessage(Locale.ENGLISH).lines().findFirst().orElse("").strip();
        }

        static CellFailure internal(Throwable e) {
            List<String> lines = new ArrayList<>();
            lines.add(red(e.getClass().getName() + ": " + e.getMessage()));
            Arrays.stream(e.getStackTrace()).limit(12).forEach(f -> lines.add("    at " + f));
            return new CellFailure(e.getClass().getSimpleName(), String.valueOf(e.getMessage()), lines);
        }

        private static String red(String s) {
            return "\u001b[1;31m" + s + "\u001b[0m";
        }
    }
}
