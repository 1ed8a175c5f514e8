package io.envbook.kernel.groovy;

import groovy.lang.Binding;
import io.envbook.dsl.DslException;
import io.envbook.dsl.MissingNames;
import io.envbook.kernel.Evaluator.ErrorReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;

/**
 * Turns what a Groovy cell threw into a short Jupyter error: the cause, and only the cell's own lines.
 * A name that does not exist gets a sentence and the closest existing one:
 *
 * <pre>
 * MissingMethodException: no method summ() on java.util.ArrayList, did you mean `sum`?
 * MissingPropertyException: `totl` is not defined in this session, did you mean `total`?
 * </pre>
 */
final class GroovyErrors {
  private GroovyErrors() {}

  static ErrorReport describe(Throwable t, Binding session) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root && !(root instanceof DslException)) {
      if (root instanceof InterruptedException) {
        break;
      }
      root = root.getCause();
    }
    if (root instanceof InterruptedException || t instanceof InterruptedException) {
      String msg = root.getMessage() == null || root.getMessage().isBlank() ? "the cell was interrupted" : root.getMessage();
      return new ErrorReport("Interrupted", msg, List.of("Interrupted: " + msg));
    }
    if (t instanceof MultipleCompilationErrorsException e) {
      List<String> lines = new ArrayList<>();
      e.getErrorCollector().getErrors().forEach(m -> {
        if (m instanceof SyntaxErrorMessage s) {
          lines.add(s.getCause().getSourceLocator() + ":" + s.getCause().getLine() + ": " + firstLine(s.getCause().getOriginalMessage()));
        } else {
          lines.add(firstLine(String.valueOf(m)));
        }
      });
      String first = lines.isEmpty() ? firstLine(e.getMessage()) : lines.get(0);
      return new ErrorReport("CompilationError", first, lines.isEmpty() ? List.of(first) : lines);
    }
    if (root instanceof DslException d) {
      return new ErrorReport("DslError", d.getMessage(), List.of(d.getMessage()));
    }
    String ename = root.getClass().getSimpleName();
    String evalue = root.getMessage() == null ? "" : firstLine(root.getMessage());
    String missing = MissingNames.sentence(root, sessionNames(session));
    if (missing != null) {
      ename = MissingNames.exceptionName(root);
      evalue = missing;
    }
    List<String> tb = new ArrayList<>();
    tb.add(ename + (evalue.isEmpty() ? "" : ": " + evalue));
    for (StackTraceElement f : root.getStackTrace()) {
      if (f.getFileName() != null && f.getFileName().matches("cell\\d+\\.groovy") && f.getLineNumber() > 0) {
        tb.add("    at " + f.getFileName() + " line " + f.getLineNumber());
      }
    }
    return new ErrorReport(ename, evalue, tb);
  }

  private static Set<String> sessionNames(Binding session) {
    Set<String> names = new TreeSet<>();
    if (session != null) {
      names.addAll(GroovyEvaluator.variableNames(session));
    }
    return names;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }
}
