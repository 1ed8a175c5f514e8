package io.envbook.dsl;

import groovy.lang.Closure;
import java.util.List;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.control.SourceUnit;

/**
 * The source text of the closures a script hands to DSL keywords ({@code prompt { }}, {@code reward
 * { }}, {@code tool('add', '..') { }}, {@code scripted { }}), found in the script's syntax tree by the
 * keyword and the line of its call. A rollout file records them, so a run notices that the reward it
 * would resume was written by other code. The script is parsed (not compiled) once, when first asked.
 */
final class ClosureSources {
  private final String fileName;
  private final String source;
  private List<Found> found;

  /** A closure passed to {@code keyword} by a call on {@code line}; {@code firstArgument} is a tool's name. */
  private record Found(String keyword, String firstArgument, int line, int lastLine, String text) {}

  ClosureSources(String fileName, String source) {
    this.fileName = fileName;
    this.source = source;
  }

  /**
   * The text of the closure given to {@code keyword} on {@code line} (for a tool, the one named
   * {@code toolName}), with each line trimmed; for a closure that is not written there (a variable),
   * its class name.
   */
  synchronized String text(String keyword, int line, String toolName, Closure<?> closure) {
    if (found == null) {
      found = source == null ? List.of() : parse();
    }
    Found best = null;
    for (Found f : found) {
      boolean named = toolName == null || toolName.equals(f.firstArgument());
      if (f.keyword().equals(keyword) && named && line >= f.line() && line <= f.lastLine() && (best == null || f.line() == line)) {
        best = f;
      }
    }
    return best != null ? best.text() : "closure " + closure.getClass().getName();
  }

  private List<Found> parse() {
    java.util.Set<Found> out = new java.util.LinkedHashSet<>(); // the script's run() holds its statements too
    try {
      SourceUnit su = SourceUnit.create(fileName, source);
      su.parse();
      su.completePhase();
      su.nextPhase();
      su.convert();
      String[] lines = source.split("\n", -1);
      CodeVisitorSupport visitor = new CodeVisitorSupport() {
        @Override
        public void visitMethodCallExpression(MethodCallExpression call) {
          if (call.getArguments() instanceof ArgumentListExpression args && !args.getExpressions().isEmpty()
              && args.getExpressions().getLast() instanceof ClosureExpression body) {
            Expression first = args.getExpressions().getFirst();
            String name = first instanceof ConstantExpression c && c.getValue() instanceof String s ? s : null;
            out.add(new Found(call.getMethodAsString(), name, call.getLineNumber(), body.getLastLineNumber(), slice(lines, body)));
          }
          super.visitMethodCallExpression(call);
        }
      };
      visit(su.getAST().getStatementBlock(), visitor);
      for (ClassNode c : su.getAST().getClasses()) {
        for (MethodNode m : c.getMethods()) {
          visit(m.getCode(), visitor);
        }
      }
    } catch (RuntimeException | org.codehaus.groovy.GroovyBugError e) {
      return List.copyOf(out); // a script that does not parse never ran; nothing to record
    }
    return List.copyOf(out);
  }

  private static void visit(Statement code, CodeVisitorSupport visitor) {
    if (code != null) {
      code.visit(visitor);
    }
  }

  /** The closure's text from its opening to its closing brace, each line trimmed, blank lines dropped. */
  private static String slice(String[] lines, ClosureExpression body) {
    StringBuilder sb = new StringBuilder();
    for (int l = body.getLineNumber(); l <= body.getLastLineNumber() && l <= lines.length; l++) {
      String line = lines[l - 1];
      int from = l == body.getLineNumber() ? Math.min(line.length(), body.getColumnNumber() - 1) : 0;
      int to = l == body.getLastLineNumber() ? Math.min(line.length(), body.getLastColumnNumber() - 1) : line.length();
      String part = line.substring(from, Math.max(from, to)).strip();
      if (!part.isEmpty()) {
        sb.append(sb.isEmpty() ? "" : "\n").append(part);
      }
    }
    return sb.toString();
  }
}
