package io.envbook.kernel.groovy;

import groovy.lang.Binding;
import groovy.lang.MetaClass;
import groovy.lang.MetaMethod;
import groovy.lang.MetaProperty;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import groovy.lang.Script;
import io.envbook.dsl.DslException;
import io.envbook.kernel.Evaluator.ErrorReport;
import io.envbook.util.Suggest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.codehaus.groovy.runtime.InvokerHelper;
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
    if (root instanceof MissingMethodException e && e.getMethod() != null && e.getType() != null) {
      ename = "MissingMethodException";
      evalue = missingMethod(e, session);
    } else if (root instanceof MissingPropertyException e && e.getProperty() != null && e.getType() != null) {
      ename = "MissingPropertyException";
      evalue = missingProperty(e, session);
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

  private static String missingMethod(MissingMethodException e, Binding session) {
    String name = e.getMethod();
    String call = name + "(" + argumentTypes(e.getArguments()) + ")";
    if (Script.class.isAssignableFrom(e.getType())) {
      Set<String> names = new TreeSet<>(sessionNames(session));
      names.addAll(methodNames(e.getType()));
      return "`" + call + "` is not defined in this session: no cell declared a method or closure `" + name + "`,"
          + orNothing(Suggest.didYouMean(name, names));
    }
    Set<String> methods = methodNames(e.getType());
    String type = e.getType().getName();
    if (methods.contains(name)) {
      return type + "." + name + " does not take (" + argumentTypes(e.getArguments()) + ")" + (e.isStatic() ? " statically" : "");
    }
    return "no method " + call + " on " + type + "," + orNothing(Suggest.didYouMean(name, methods));
  }

  private static String missingProperty(MissingPropertyException e, Binding session) {
    String name = e.getProperty();
    if (Script.class.isAssignableFrom(e.getType())) {
      return "`" + name + "` is not defined in this session: no cell has set it," + orNothing(Suggest.didYouMean(name, sessionNames(session)));
    }
    Set<String> properties = new TreeSet<>();
    for (MetaProperty p : metaClass(e.getType()).getProperties()) {
      properties.add(p.getName());
    }
    return "no property `" + name + "` on " + e.getType().getName() + "," + orNothing(Suggest.didYouMean(name, properties));
  }

  private static String orNothing(String hint) {
    return hint.isEmpty() ? " and no known name is close" : hint;
  }

  private static Set<String> sessionNames(Binding session) {
    Set<String> names = new TreeSet<>();
    if (session != null) {
      for (Object k : session.getVariables().keySet()) {
        names.add(String.valueOf(k));
      }
    }
    return names;
  }

  /** Methods Groovy would call on the type: its own and the GDK's (such as {@code sum} on a list). */
  private static Set<String> methodNames(Class<?> type) {
    Set<String> names = new TreeSet<>();
    MetaClass meta = metaClass(type);
    for (MetaMethod m : meta.getMethods()) {
      names.add(m.getName());
    }
    for (MetaMethod m : meta.getMetaMethods()) {
      names.add(m.getName());
    }
    names.removeIf(n -> n.contains("$") || n.equals("methodMissing") || n.equals("propertyMissing"));
    return names;
  }

  private static MetaClass metaClass(Class<?> type) {
    return InvokerHelper.getMetaClass(type);
  }

  private static String argumentTypes(Object[] args) {
    if (args == null) {
      return "";
    }
    return Arrays.stream(args).map(a -> a == null ? "null" : a.getClass().getSimpleName()).collect(Collectors.joining(", "));
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }
}
