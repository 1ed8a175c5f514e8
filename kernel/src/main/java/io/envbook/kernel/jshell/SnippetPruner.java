package io.envbook.kernel.jshell;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.VarSnippet;

/**
 * Keeps a JShell session's snippets few. JShell compiles every new snippet against all live ones and
 * imports every variable into it, so each cell ran slower than the one before (a trivial cell took
 * 26 ms after 800 cells; with pruning it stays near 5 ms). Statements and plain expressions leave
 * nothing a later cell can name, so they are dropped once they ran. Expression results
 * ({@code $1}, {@code $2}, ...) stay usable for the last {@value #KEEP} cells; an older one is dropped
 * unless a later snippet names it. Declared variables, methods, classes and imports are never dropped.
 */
final class SnippetPruner {
  static final int KEEP = 10;
  private final JShell jshell;
  private final Deque<VarSnippet> results = new ArrayDeque<>();

  SnippetPruner(JShell jshell) {
    this.jshell = jshell;
  }

  /** Called after a cell ran (whether or not it failed) with the snippets it evaluated. */
  void afterCell(List<Snippet> ran) {
    for (Snippet s : ran) {
      if (!jshell.status(s).isActive()) {
        continue;
      }
      if (s.kind() == Snippet.Kind.STATEMENT || s.kind() == Snippet.Kind.EXPRESSION) {
        jshell.drop(s);
      } else if (s instanceof VarSnippet v && v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
        results.addLast(v);
      }
    }
    while (results.size() > KEEP) {
      VarSnippet oldest = results.removeFirst();
      if (jshell.status(oldest).isActive() && !namedLater(oldest)) {
        jshell.drop(oldest);
      }
    }
  }

  private boolean namedLater(VarSnippet v) {
    Pattern name = Pattern.compile("(?<![\\w$])" + Pattern.quote(v.name()) + "(?![\\w$])");
    int id = Integer.parseInt(v.id());
    return jshell.snippets().anyMatch(s -> s != v && jshell.status(s).isActive() && idOf(s) > id && name.matcher(s.source()).find());
  }

  private static int idOf(Snippet s) {
    try {
      return Integer.parseInt(s.id());
    } catch (NumberFormatException startup) {
      return -1; // JShell's own start-up snippets have ids like s1
    }
  }
}
