package io.envbook.kernel.jshell;

import io.envbook.kernel.Evaluator;
import io.envbook.kernel.Javadoc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;
import jdk.jshell.spi.ExecutionControl;

/**
 * Java cells on JShell, run in the kernel's own JVM (IJava's design), so values come back as live
 * objects and render richly, and cells use the engine's Java API directly. Every cell is split into
 * snippets the way JShell's own analysis splits it. A cell of only new methods, imports or types is
 * declared without JShell ({@link DeclaredCells}), one that declares nothing runs directly
 * ({@link DirectCells}), the rest goes through JShell.
 */
public final class JShellEvaluator implements Evaluator {
  static final List<String> STARTUP = List.of(
      "import java.util.*;", "import java.nio.file.*;", "import java.time.*;",
      "import io.envbook.env.*;", "import io.envbook.model.*;", "import io.envbook.rollout.*;", "import io.envbook.report.*;",
      "import io.envbook.eval.*;", "import io.envbook.dsl.*;", "import io.envbook.kernel.display.*;",
      "import static io.envbook.kernel.Notebook.*;");
  /** The packages STARTUP imports, where a simple class name in a signature may live. */
  private static final List<String> IMPORTED_PACKAGES = java.util.stream.Stream.concat(java.util.stream.Stream.of("java.lang"),
      STARTUP.stream().filter(i -> !i.startsWith("import static")).map(i -> i.substring(7, i.length() - 3))).toList();
  private final JShell jshell;
  private final SourceCodeAnalysis analysis;
  private final SnippetPruner pruner;
  private final LiveExecution live = new LiveExecution();
  private final CellFrames frames = new CellFrames();
  private final DirectCells direct;
  private final DeclaredCells declared;
  /** Held while a cell evaluates; completion and inspection hand pending declarations to JShell only when it is free. */
  private final java.util.concurrent.locks.ReentrantLock session = new java.util.concurrent.locks.ReentrantLock();
  private volatile boolean stopped;
  private static final java.util.regex.Pattern TYPE_DECLARATION = java.util.regex.Pattern.compile(
      "\\s*(?:(?:public|protected|private|abstract|static|final|strictfp|sealed|non-sealed)\\s+)*"
          + "(?:class|interface|enum|@interface)\\s+[\\w$]|\\s*(?:(?:public|protected|private|abstract|static|final|strictfp)\\s+)*record\\s+[\\w$]+\\s*[<(]");
  private static final java.util.Set<String> PRIMITIVES = java.util.Set.of("int", "long", "double", "float", "boolean", "char", "short", "byte");

  /** Formatted with the cell's number, the one before it and an import's name. */
  private static final List<String> WARM_UP = List.of("1 + %1$d", "int warmUp%1$d(int x) { return 2 * x + 1; }",
      "class WarmUp%1$d { int x; int sum() { return x + 1; } }", "new WarmUp%2$d().sum()", "import java.util.function.%3$s;",
      "List.of(1, %1$d).stream().map(x -> x * 2).toList().size()");
  private static final List<String> WARM_UP_IMPORTS = List.of("Function", "Supplier", "Consumer", "Predicate", "BiFunction",
      "UnaryOperator", "BinaryOperator", "IntFunction", "ToIntFunction", "BooleanSupplier", "IntPredicate", "LongSupplier",
      "DoubleUnaryOperator", "IntUnaryOperator", "BiConsumer", "ObjIntConsumer");
  /** 40 by default; the system property {@code envbook.java.warmUpCells} sets another number, for benchmarks. */
  static final int WARM_UP_CELLS = Integer.getInteger("envbook.java.warmUpCells", 40);
  /** A scratch session borrows another's analysis and must not release that session's class index. */
  private final boolean scratch;

  public JShellEvaluator() {
    this(null);
    if (direct != null) {
      warmUp(analysis);
    }
  }

  /**
   * A session; a scratch one splits its cells with the given session's analysis (splitting only
   * parses), so JShell starts no class index for it (see {@link DeferredClassIndex}).
   */
  private JShellEvaluator(SourceCodeAnalysis borrowed) {
    jshell = JShell.builder().executionEngine(live, Map.of()).build();
    jshell.addToClasspath(System.getProperty("java.class.path"));
    scratch = borrowed != null;
    analysis = scratch ? borrowed : jshell.sourceCodeAnalysis();
    if (!scratch) {
      DeferredClassIndex.hold(analysis);
    }
    pruner = new SnippetPruner(jshell);
    CellCompiler compiler = cellCompiler(live);
    declared = compiler == null ? null : new DeclaredCells(jshell, live, compiler);
    direct = compiler == null ? null : new DirectCells(jshell, live, compiler, declared);
    for (String s : STARTUP) {
      jshell.eval(s);
    }
    if (direct != null) {
      direct.warmUp();
    }
  }

  /**
   * Runs cells of each kind (expression, method, class and a cell using it, import, lambda) in a
   * scratch session, so that
   * the JIT has compiled javac and JShell before the user's first cells rather than during them: in a
   * fresh kernel, the kernel's CPU time per cell over cells 11 to 70 went from 11.3 to 6.3 ms (new
   * `1 + n`), 10.5 to 6.3 (method), 16.2 to 9.7 (class) and 7.8 to 4.8 (import). The first cell waits
   * for it: sent the moment the kernel is ready, it took 0.40 s before and 0.85 s now. The session
   * itself sees none of it.
   */
  private static void warmUp(SourceCodeAnalysis analysis) {
    JShellEvaluator warm = new JShellEvaluator(analysis);
    try {
      for (int i = 0; i < WARM_UP_CELLS; i++) {
        String cell = WARM_UP.get(i % WARM_UP.size());
        warm.eval(String.format(cell, i, i - 1, WARM_UP_IMPORTS.get(i / WARM_UP.size() % WARM_UP_IMPORTS.size())));
      }
    } catch (Exception e) {
      throw new IllegalStateException("the Java warm-up failed: " + e, e);
    } finally {
      warm.close();
    }
    io.envbook.kernel.ReturnedHeap.afterWarmUp();
  }

  @Override
  public Object eval(String code) throws Exception {
    session.lock();
    try {
      return evalCell(code);
    } finally {
      session.unlock();
    }
  }

  private Object evalCell(String code) throws Exception {
    stopped = false;
    List<String> snippets = split(code);
    if (snippets.isEmpty()) {
      return NO_RESULT;
    }
    if (direct != null && declared.namesAPendingType(code)) {
      declared.handToJShell();
    }
    if (direct != null && declared.declare(snippets, direct::imports)) {
      return NO_RESULT;
    }
    if (direct != null && snippets.stream().noneMatch(JShellEvaluator::declaresAType)) {
      Object value = runDirect(code, snippets.get(snippets.size() - 1));
      if (value != DirectCells.NOT_DIRECT) {
        return value;
      }
    }
    if (declared != null) {
      declared.handToJShell();
    }
    List<Snippet> ran = new ArrayList<>();
    try {
      return evalSnippets(code, snippets, ran);
    } finally {
      pruner.afterCell(ran);
    }
  }

  /**
   * Whether the snippet plainly declares a class, interface, enum or record: the path of cells that
   * declare nothing does not take such a cell, and trying it costs two failed javac compiles.
   */
  static boolean declaresAType(String snippet) {
    return TYPE_DECLARATION.matcher(snippet).lookingAt();
  }

  /** The cell's snippets, as JShell's completeness analysis splits them. */
  private List<String> split(String code) throws CompilationError {
    List<String> snippets = new ArrayList<>();
    String remaining = code;
    while (!remaining.isBlank()) {
      SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
      if (info.completeness() == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE
          || info.completeness() == SourceCodeAnalysis.Completeness.CONSIDERED_INCOMPLETE) {
        throw new CompilationError("the cell ends before the statement is complete: " + firstLine(remaining.strip()));
      }
      String rest = info.remaining() == null ? "" : info.remaining();
      snippets.add(remaining.substring(0, remaining.length() - rest.length()));
      remaining = rest;
    }
    return snippets;
  }

  private Object runDirect(String code, String last) throws Exception {
    int lastStart = code.lastIndexOf(last) + leadingBlanks(last); // lines stay where they were
    try {
      return direct.run(new DirectCells.Cell(code.substring(0, lastStart), last));
    } catch (ExecutionControl.StoppedException e) {
      throw new InterruptedException("the cell was interrupted");
    }
  }

  private Object evalSnippets(String code, List<String> snippets, List<Snippet> ran) throws Exception {
    frames.newCell();
    Snippet last = null;
    int start = 0;
    for (String source : snippets) {
      List<SnippetEvent> events = jshell.eval(source);
      if (stopped) {
        throw new InterruptedException("the cell was interrupted");
      }
      for (SnippetEvent e : events) {
        if (e.causeSnippet() == null) {
          ran.add(e.snippet());
          frames.snippet(e.snippet().id(), CompileErrors.lineOf(code, start + leadingBlanks(source)) - 1);
        }
        if (e.exception() != null) {
          throw e.exception();
        }
        if (e.status() == Snippet.Status.REJECTED) {
          throw CompileErrors.of(jshell, e.snippet(), code, start);
        }
        if (e.causeSnippet() == null) {
          last = e.snippet();
        }
      }
      start += source.length();
    }
    return valueOf(last);
  }

  private Object valueOf(Snippet last) throws Exception {
    if (last == null) {
      return NO_RESULT;
    }
    boolean expression = last.kind() == Snippet.Kind.EXPRESSION
        || last instanceof VarSnippet v && v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    if (!expression) {
      return NO_RESULT;
    }
    VarSnippet variable = last instanceof VarSnippet v ? v : variableNamed(((jdk.jshell.ExpressionSnippet) last).name());
    if (variable == null || variable.typeName().equals("void")) {
      return NO_RESULT;
    }
    String text = jshell.varValue(variable);
    Object value = live.takeValue();
    return PRIMITIVES.contains(variable.typeName()) ? text : value;
  }

  /** The live variable an expression that just names one refers to. */
  private VarSnippet variableNamed(String name) {
    return name == null ? null : jshell.variables().filter(v -> v.name().equals(name) && jshell.status(v).isActive())
        .reduce((a, b) -> b).orElse(null);
  }

  /** The compiler of the direct paths, or null when this JVM does not let the kernel reuse javac's internals. */
  private static CellCompiler cellCompiler(LiveExecution live) {
    try {
      return new CellCompiler(live.replClasses());
    } catch (IllegalAccessError | java.io.IOException | RuntimeException e) {
      System.err.println("envbook: Java cells run through JShell's slower pipeline only (" + e + "); the kernelspec's "
          + "--add-exports options give the faster one");
      return null;
    }
  }

  /** Lets JShell see the declarations made without it, unless a cell is running (then it sees them after). */
  private void handDeclarationsToJShell() {
    if (declared != null && session.tryLock()) {
      try {
        declared.handToJShell();
      } finally {
        session.unlock();
      }
    }
  }

  @Override
  public Completion complete(String code, int cursor) {
    handDeclarationsToJShell();
    DeferredClassIndex.awaitForCompletion(analysis);
    int[] anchor = new int[1];
    TreeSet<String> matches = new TreeSet<>();
    for (SourceCodeAnalysis.Suggestion s : analysis.completionSuggestions(code, cursor, anchor)) {
      matches.add(s.continuation());
    }
    return new Completion(List.copyOf(matches), anchor[0], cursor);
  }

  @Override
  public Map<String, Object> inspect(String code, int cursor) {
    handDeclarationsToJShell();
    List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(code, cursor, true);
    if (docs.isEmpty()) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (SourceCodeAnalysis.Documentation d : docs) {
      String javadoc = d.javadoc();
      if (javadoc == null || javadoc.isBlank()) {
        Javadoc.Doc shipped = SignatureDocs.find(d.signature(), IMPORTED_PACKAGES);
        javadoc = shipped == null ? null : shipped.text();
      } else {
        javadoc = Javadoc.text(javadoc);
      }
      sb.append(d.signature()).append('\n');
      if (javadoc != null && !javadoc.isBlank()) {
        sb.append(javadoc).append("\n\n");
      }
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("text/plain", sb.toString().strip());
    return data;
  }

  @Override
  public String isComplete(String code) {
    return switch (analysis.analyzeCompletion(code).completeness()) {
      case COMPLETE, COMPLETE_WITH_SEMI, EMPTY -> "complete";
      case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> "incomplete";
      case UNKNOWN -> "invalid";
    };
  }

  @Override
  public Map<String, Object> languageInfo() {
    return info();
  }

  /** The {@code language_info} of this language, known without starting an evaluator. */
  public static Map<String, Object> info() {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("name", "java");
    info.put("version", String.valueOf(Runtime.version().feature()));
    info.put("mimetype", "text/x-java-source");
    info.put("file_extension", ".jshell");
    info.put("pygments_lexer", "java");
    info.put("codemirror_mode", "text/x-java");
    return info;
  }

  @Override
  public ErrorReport describe(Throwable t) {
    if (t instanceof InterruptedException) {
      return CellFrames.INTERRUPTED;
    }
    if (t instanceof CompilationError c) {
      List<String> tb = new ArrayList<>(c.lines);
      tb.set(0, "CompilationError: " + tb.get(0));
      return new ErrorReport("CompilationError", c.getMessage(), tb);
    }
    if (t instanceof EvalException e) {
      return frames.describe(e.getExceptionClassName(), e.getMessage(), e.getStackTrace());
    }
    if (t instanceof ExecutionControl.UserException e) {
      return frames.describe(e.causeExceptionClass(), e.getMessage(), e.getStackTrace());
    }
    if (t instanceof UnresolvedReferenceException u) {
      String msg = "unresolved reference in " + firstLine(u.getSnippet().source());
      return new ErrorReport("CompilationError", msg, List.of(msg));
    }
    String msg = t.getMessage() == null ? "" : t.getMessage();
    return new ErrorReport(t.getClass().getSimpleName(), msg, List.of(t.getClass().getSimpleName() + ": " + msg));
  }

  @Override
  public void interrupt(Thread cellThread) {
    stopped = true;
    // JShell stops the thread the cell's code runs on, which ends the wait of the kernel's thread;
    // interrupting that wait instead would leave the cell's code running into the next cell
    jshell.stop();
  }

  /** Ends the JShell session. */
  public void close() {
    if (!scratch) {
      DeferredClassIndex.release(analysis);
    }
    jshell.close();
  }

  /** How many cells ran directly rather than through JShell (for tests). */
  int directCells() {
    return direct == null ? 0 : direct.ran();
  }

  /** How many cells declared their methods or imports without JShell (for tests). */
  int declaredCells() {
    return declared == null ? 0 : declared.declared();
  }

  /** How many snippets the session holds now (for tests). */
  long activeSnippets() {
    return jshell.snippets().filter(sn -> jshell.status(sn).isActive()).count();
  }

  /** How many blank characters a snippet starts with: its code begins after them. */
  private static int leadingBlanks(String snippet) {
    return snippet.length() - snippet.stripLeading().length();
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** A cell that does not compile. */
  static final class CompilationError extends Exception {
    /** The traceback: each error, with the cell's line and a caret under the spot. */
    final List<String> lines;

    CompilationError(String message) {
      this(message, List.of(message));
    }

    CompilationError(String message, List<String> lines) {
      super(message);
      this.lines = List.copyOf(lines);
    }
  }
}
