package io.envbook.kernel.jshell;

import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.VarSnippet;

/**
 * Keeps a JShell session's snippets few. JShell compiles every new snippet against all live ones and
 * imports every variable into it, so each cell ran slower than the one before (a trivial cell took
 * 26 ms after 800 cells). Statements, plain expressions and expression results ({@code $1},
 * {@code $2}, ...) leave nothing a later cell should name, so they are dropped once they ran: a cell's
 * value is shown, and kept only when the cell assigns it to a variable, the same for cells JShell runs
 * and for those that run directly ({@link DirectCells}), which have no {@code $n} at all. Declared
 * variables, methods, classes and imports are never dropped.
 */
final class SnippetPruner {
  private final JShell jshell;

  SnippetPruner(JShell jshell) {
    this.jshell = jshell;
  }

  /** Called after a cell ran (whether or not it failed) with the snippets it evaluated. */
  void afterCell(List<Snippet> ran) {
    for (Snippet s : ran) {
      if (jshell.status(s).isActive() && leavesNothing(s)) {
        jshell.drop(s);
      }
    }
  }

  private static boolean leavesNothing(Snippet s) {
    return s.kind() == Snippet.Kind.STATEMENT || s.kind() == Snippet.Kind.EXPRESSION
        || s instanceof VarSnippet v && v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
  }
}
