package io.envbook.kernel.jshell;

import io.envbook.kernel.Evaluator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * Java cells on JShell, run in the kernel's own JVM (IJava's design), so values come back as live
 * objects and render richly, and cells use the engine's Java API directly. Every cell is split into
 * snippets the way JShell's own analysis splits it.
 */
public final class JShellEvaluator implements Evaluator {
  static final List<String> STARTUP = List.of(
      "import java.util.*;", "import java.nio.file.*;", "import java.time.*;",
      "import io.envbook.env.*;", "import io.envbook.model.*;", "import io.envbook.rollout.*;", "import io.envbook.report.*;",
      "import io.envbook.eval.*;", "import io.envbook.dsl.*;", "import io.envbook.kernel.display.*;",
      "import static io.envbook.kernel.Notebook.*;");
  private final JShell jshell;
  private final SourceCodeAnalysis analysis;
  private final SnippetPruner pruner;
  private final LiveExecution live = new LiveExecution();
  private volatile boolean stopped;
  private static final java.util.Set<String> PRIMITIVES = java.util.Set.of("int", "long", "double", "float", "boolean", "char", "short", "byte");

  public JShellEvaluator() {
    jshell = JShell.builder().executionEngine(live, Map.of()).build();
    jshell.addToClasspath(System.getProperty("java.class.path"));
    analysis = jshell.sourceCodeAnalysis();
    pruner = new SnippetPruner(jshell);
    for (String s : STARTUP) {
      jshell.eval(s);
    }
  }

  @Override
  public synchronized Object eval(String code) throws Exception {
    List<Snippet> ran = new ArrayList<>();
    try {
      return evalSnippets(code, ran);
    } finally {
      pruner.afterCell(ran);
    }
  }

  private Object evalSnippets(String code, List<Snippet> ran) throws Exception {
    String remaining = code;
    Snippet last = null;
    stopped = false;
    while (!remaining.isBlank()) {
      SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
      if (info.completeness() == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE
          || info.completeness() == SourceCodeAnalysis.Completeness.CONSIDERED_INCOMPLETE) {
        throw new CompilationError("the cell ends before the statement is complete: " + firstLine(remaining.strip()));
      }
      String source = info.source() == null ? remaining : info.source();
      remaining = info.remaining() == null ? "" : info.remaining();
      List<SnippetEvent> events = jshell.eval(source);
      if (stopped) {
        throw new InterruptedException("the cell was interrupted");
      }
      for (SnippetEvent e : events) {
        if (e.causeSnippet() == null) {
          ran.add(e.snippet());
        }
        check(e);
        if (e.causeSnippet() == null) {
          last = e.snippet();
        }
      }
    }
    return valueOf(last);
  }

  private void check(SnippetEvent e) throws Exception {
    if (e.exception() != null) {
      throw e.exception();
    }
    if (e.status() == Snippet.Status.REJECTED) {
      List<String> messages = new ArrayList<>();
      jshell.diagnostics(e.snippet()).forEach((Diag d) -> {
        if (d.isError()) {
          messages.add(d.getMessage(java.util.Locale.ROOT).replace('\n', ' '));
        }
      });
      throw new CompilationError(messages.isEmpty() ? "the snippet was rejected: " + firstLine(e.snippet().source())
          : String.join("; ", messages));
    }
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

  @Override
  public Completion complete(String code, int cursor) {
    int[] anchor = new int[1];
    TreeSet<String> matches = new TreeSet<>();
    for (SourceCodeAnalysis.Suggestion s : analysis.completionSuggestions(code, cursor, anchor)) {
      matches.add(s.continuation());
    }
    return new Completion(List.copyOf(matches), anchor[0], cursor);
  }

  @Override
  public Map<String, Object> inspect(String code, int cursor) {
    List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(code, cursor, true);
    if (docs.isEmpty()) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (SourceCodeAnalysis.Documentation d : docs) {
      sb.append(d.signature()).append('\n');
      if (d.javadoc() != null && !d.javadoc().isBlank()) {
        sb.append(d.javadoc().strip()).append("\n\n");
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
      return new ErrorReport("Interrupted", "the cell was interrupted", List.of("Interrupted: the cell was interrupted"));
    }
    if (t instanceof CompilationError c) {
      return new ErrorReport("CompilationError", c.getMessage(), List.of("CompilationError: " + c.getMessage()));
    }
    if (t instanceof EvalException e) {
      String ename = e.getExceptionClassName();
      String simple = ename.substring(ename.lastIndexOf('.') + 1);
      if (simple.equals("StopException") || ename.contains("InterruptedException")) {
        return new ErrorReport("Interrupted", "the cell was interrupted", List.of("Interrupted: the cell was interrupted"));
      }
      String msg = e.getMessage() == null ? "" : e.getMessage();
      List<String> tb = new ArrayList<>();
      tb.add(simple + (msg.isEmpty() ? "" : ": " + msg));
      for (StackTraceElement f : e.getStackTrace()) {
        if (f.getClassName().startsWith("REPL.")) {
          tb.add("    at line " + f.getLineNumber() + " of a cell");
        }
      }
      return new ErrorReport(simple, msg, tb);
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
    jshell.stop();
    cellThread.interrupt();
  }

  /** Ends the JShell session. */
  public void close() {
    jshell.close();
  }

  /** How many snippets the session holds now (for tests). */
  long activeSnippets() {
    return jshell.snippets().filter(sn -> jshell.status(sn).isActive()).count();
  }

  /** The number of the latest expression result ({@code $n}) still held, 0 for none (for tests). */
  int lastResultIndex() {
    return jshell.variables().filter(v -> jshell.status(v).isActive() && v.name().matches("\\$\\d+"))
        .mapToInt(v -> Integer.parseInt(v.name().substring(1))).max().orElse(0);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** A cell that does not compile. */
  static final class CompilationError extends Exception {
    CompilationError(String message) {
      super(message);
    }
  }
}
