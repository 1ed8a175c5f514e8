package io.envbook.kernel.jshell;

import io.envbook.kernel.Evaluator.ErrorReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where in the user's code an exception of a Java cell happened, as traceback lines: a line of the
 * cell that ran, or a method declared in an earlier cell. Frames of the JDK and the engine are left
 * out. JShell reports its snippets' frames as {@code #id:line}, direct cells as their own class.
 *
 * <pre>
 * ArithmeticException: / by zero
 *     at ratio, line 2 of the cell that declared it
 *     at line 3 of the cell
 * </pre>
 */
final class CellFrames {
  private static final String DIRECT_CELL = CellCompiler.PACKAGE + ".$EnvbookCell$";
  private static final String SNIPPET_WRAPPER = CellCompiler.PACKAGE + ".$JShell$";
  private static final java.util.regex.Pattern WRAPPER = java.util.regex.Pattern.compile("(REPL\\.)?\\$(JShell|EnvbookCell|EnvbookDecl)\\$\\d+[A-Z]*[.$]");
  /** What an interrupted Java cell reports, however it was stopped. */
  static final ErrorReport INTERRUPTED =
      new ErrorReport("Interrupted", "the cell was interrupted", List.of("Interrupted: the cell was interrupted"));
  /** The snippets of the cell that ran last, by JShell id, with the cell line each starts on. */
  private final Map<String, Integer> cellSnippets = new HashMap<>();

  /** Called as a cell starts. */
  void newCell() {
    cellSnippets.clear();
  }

  /** A snippet of the running cell that JShell evaluated, starting on {@code line} (0-based) of the cell. */
  void snippet(String id, int line) {
    cellSnippets.put(id, line);
  }

  ErrorReport describe(String className, String message, StackTraceElement[] trace) {
    String simple = className.substring(className.lastIndexOf('.') + 1);
    if (simple.equals("StopException") || className.contains("InterruptedException")) {
      return INTERRUPTED;
    }
    String msg = message == null ? "" : withoutWrapperNames(message);
    List<String> tb = new ArrayList<>();
    tb.add(simple + (msg.isEmpty() ? "" : ": " + msg));
    for (StackTraceElement f : trace) {
      String where = where(f);
      if (where != null) {
        tb.add("    at " + where);
      }
    }
    return new ErrorReport(simple, msg, tb);
  }

  /**
   * A message without JShell's wrapper classes: the JVM's helpful null-pointer text names a cell's
   * variable as {@code "REPL.$JShell$16.s"} and a cell's record as {@code REPL.$JShell$16$P}; the user
   * wrote {@code s} and {@code P}.
   */
  static String withoutWrapperNames(String message) {
    return WRAPPER.matcher(message).replaceAll("");
  }

  private String where(StackTraceElement f) {
    String method = f.getMethodName();
    boolean topLevel = method == null || method.isEmpty() || method.equals("do_it$");
    String in = topLevel ? "" : method + ", ";
    if (f.getClassName().startsWith(DIRECT_CELL)) {
      return in + "line " + (f.getLineNumber() - 1) + " of the cell";
    }
    if (f.getClassName().startsWith(DeclaredCells.WRAPPER)) {
      return in + "line " + (f.getLineNumber() - 1) + " of the cell that declared it";
    }
    String file = f.getFileName();
    if (file != null && file.matches("#\\d+")) {
      Integer start = cellSnippets.get(file.substring(1));
      if (start != null) {
        return in + "line " + (start + f.getLineNumber()) + " of the cell";
      }
      return in + "line " + f.getLineNumber() + " of the cell that declared it";
    }
    if (f.getClassName().startsWith(SNIPPET_WRAPPER) && !topLevel) {
      return method + ", declared in an earlier cell";
    }
    return null;
  }
}
