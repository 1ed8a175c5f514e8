package io.envbook.kernel.jshell;

import io.envbook.util.Suggest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;

/**
 * javac's errors for a Java cell, as a notebook user reads them: the line of the cell, javac's first
 * sentence (a missing name as {@code cannot find symbol: variable nosuch}, with a "did you mean" among
 * the session's names), then the line itself with a caret under the spot.
 *
 * <pre>
 * line 2: cannot find symbol: variable totl, did you mean `total`?
 *     System.out.println(totl);
 *                        ^
 * </pre>
 */
final class CompileErrors {
  private static final Pattern SYMBOL = Pattern.compile("^\\s*symbol:\\s+(\\w+)\\s+([\\w$]+)", Pattern.MULTILINE);
  private static final Pattern JSHELL_RESULT = Pattern.compile("\\$\\d+");
  /** javac's {@code location:} line: {@code interface java.util.List<E>}, {@code variable xs of type java.util.List<...>}. */
  private static final Pattern LOCATION = Pattern.compile(
      "^\\s*location:\\s+(?:variable [\\w$]+ of type |class |interface |enum |record |@interface )([\\w$.]+)", Pattern.MULTILINE);

  private CompileErrors() {}

  /** The error of a snippet JShell rejected; {@code start} is where the snippet begins in {@code cell}. */
  static JShellEvaluator.CompilationError of(JShell jshell, Snippet snippet, String cell, int start) {
    List<String> lines = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    jshell.diagnostics(snippet).filter(Diag::isError).forEach(d -> {
      // javac's preferred position: the `.` of a.b().summ(), where the start is the `a`; the caret goes
      // under the name after the dot
      long position = d.getPosition() >= 0 ? d.getPosition() : d.getStartPosition();
      int at = position < 0 ? -1 : start + (int) position;
      if (at >= 0 && at < cell.length() && cell.charAt(at) == '.') {
        do {
          at++;
        } while (at < cell.length() && (cell.charAt(at) == ' ' || cell.charAt(at) == '\t'));
      }
      String message = (at < 0 ? "" : "line " + lineOf(cell, at) + ": ") + sentence(jshell, d.getMessage(Locale.ROOT));
      messages.add(message);
      lines.add(message);
      if (at >= 0) {
        lines.addAll(caret(cell, at));
      }
    });
    if (messages.isEmpty()) {
      String rejected = "the snippet was rejected: " + snippet.source().strip();
      return new JShellEvaluator.CompilationError(rejected, List.of(rejected));
    }
    return new JShellEvaluator.CompilationError(String.join("; ", messages), lines);
  }

  private static String sentence(JShell jshell, String javac) {
    String first = javac.lines().findFirst().orElse(javac).strip();
    Matcher symbol = SYMBOL.matcher(javac);
    if (!first.startsWith("cannot find symbol") || !symbol.find()) {
      return first;
    }
    String name = symbol.group(2);
    String sentence = "cannot find symbol: " + symbol.group(1) + " " + name;
    if (JSHELL_RESULT.matcher(name).matches()) {
      return sentence + " (a cell's value is shown but not kept as " + name + " the way jshell keeps it: assign it to a "
          + "variable, var x = ..., to use it in a later cell)";
    }
    Matcher location = LOCATION.matcher(javac);
    if (location.find() && !location.group(1).startsWith(CellCompiler.PACKAGE + ".")) {
      String type = location.group(1);
      String hint = Suggest.didYouMean(name, memberNames(type, symbol.group(1)));
      return sentence + " in " + type + (hint.isEmpty() ? "" : "," + hint);
    }
    String hint = Suggest.didYouMean(name, sessionNames(jshell));
    return sentence + (hint.isEmpty() ? "" : "," + hint);
  }

  /** The public methods or fields of a class the kernel can load; none for a cell's own types. */
  private static Set<String> memberNames(String type, String kind) {
    Set<String> names = new TreeSet<>();
    Class<?> c = load(type);
    if (c == null) {
      return names;
    }
    if (kind.equals("method")) {
      for (java.lang.reflect.Method m : c.getMethods()) {
        names.add(m.getName());
      }
    } else if (kind.equals("variable")) {
      for (java.lang.reflect.Field f : c.getFields()) {
        names.add(f.getName());
      }
    }
    return names;
  }

  /** {@code a.b.C.D} as a class: tried as a top-level name, then with the last dots as nesting. */
  private static Class<?> load(String name) {
    String candidate = name;
    while (true) {
      try {
        return Class.forName(candidate, false, CompileErrors.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        int dot = candidate.lastIndexOf('.');
        if (dot < 0) {
          return null;
        }
        candidate = candidate.substring(0, dot) + "$" + candidate.substring(dot + 1);
      }
    }
  }

  private static Set<String> sessionNames(JShell jshell) {
    Set<String> names = new TreeSet<>();
    jshell.variables().filter(s -> jshell.status(s).isActive()).forEach(s -> names.add(s.name()));
    jshell.methods().filter(s -> jshell.status(s).isActive()).forEach(s -> names.add(s.name()));
    jshell.types().filter(s -> jshell.status(s).isActive()).forEach(s -> names.add(s.name()));
    return names;
  }

  /** The line of {@code cell} (from 1) that holds offset {@code at}. */
  static int lineOf(String cell, int at) {
    int line = 1;
    for (int i = 0; i < Math.min(at, cell.length()); i++) {
      if (cell.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /** The cell's line holding {@code at}, and a caret under it. */
  private static List<String> caret(String cell, int at) {
    if (at > cell.length()) {
      return List.of();
    }
    int from = cell.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
    if (at == 0) {
      from = 0;
    }
    int to = cell.indexOf('\n', at);
    String line = cell.substring(from, to < 0 ? cell.length() : to);
    String pad = line.substring(0, Math.min(at - from, line.length())).replaceAll("[^\\t]", " ");
    return List.of("    " + line, "    " + pad + "^");
  }
}
