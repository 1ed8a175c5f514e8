package io.envbook.kernel.groovy;

import java.util.List;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import org.codehaus.groovy.syntax.Token;
import org.codehaus.groovy.syntax.Types;

/**
 * Makes a cell's top-level declarations outlive the cell: {@code def x = 1} (and {@code int x = 1},
 * {@code def (a, b) = [1, 2]}) become assignments to the shared binding, so the next cell sees
 * {@code x}. It also records the cell's imports for the cells after it, and whether the cell ends
 * with a declaration (whose value is then not shown).
 */
final class CellTransform extends CompilationCustomizer {
  private final ImportCustomizer imports;
  private final java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean endsWithDeclaration;

  CellTransform(ImportCustomizer imports, java.util.Collection<String> defaultPackages) {
    super(CompilePhase.CONVERSION);
    this.imports = imports;
    defaultPackages.forEach(p -> seen.add("package " + p));
  }

  /** Grows whenever a cell adds an import that later cells will see. */
  int generation() {
    return seen.size();
  }

  boolean endsWithDeclaration() {
    return endsWithDeclaration;
  }

  @Override
  public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
    if (!classNode.isScript()) {
      return;
    }
    ModuleNode module = source.getAST();
    List<Statement> statements = module.getStatementBlock().getStatements();
    boolean lastIsDeclaration = false;
    for (Statement s : statements) {
      lastIsDeclaration = false;
      if (s instanceof ExpressionStatement es && es.getExpression() instanceof DeclarationExpression d) {
        es.setExpression(toAssignment(d));
        lastIsDeclaration = true;
      }
    }
    endsWithDeclaration = lastIsDeclaration;
    // The module also lists the imports the customizer added to it: only new ones are kept.
    module.getImports().forEach(i -> {
      if (seen.add("class " + i.getAlias() + "=" + i.getType().getName())) {
        imports.addImport(i.getAlias(), i.getType().getName());
      }
    });
    module.getStarImports().forEach(i -> {
      String pkg = i.getPackageName().endsWith(".") ? i.getPackageName().substring(0, i.getPackageName().length() - 1) : i.getPackageName();
      if (seen.add("package " + pkg)) {
        imports.addStarImports(pkg);
      }
    });
    module.getStaticImports().forEach((alias, i) -> {
      if (seen.add("static " + alias + "=" + i.getType().getName() + "." + i.getFieldName())) {
        imports.addStaticImport(alias, i.getType().getName(), i.getFieldName());
      }
    });
    module.getStaticStarImports().forEach((name, i) -> {
      if (seen.add("static * " + i.getType().getName())) {
        imports.addStaticStars(i.getType().getName());
      }
    });
  }

  private static Expression toAssignment(DeclarationExpression d) {
    Expression left = d.getLeftExpression();
    Expression target;
    if (left instanceof TupleExpression tuple) {
      TupleExpression vars = new TupleExpression();
      tuple.getExpressions().forEach(e -> vars.addExpression(new VariableExpression(((VariableExpression) e).getName())));
      target = vars;
    } else {
      target = new VariableExpression(((VariableExpression) left).getName());
    }
    BinaryExpression assign = new BinaryExpression(target, Token.newSymbol(Types.ASSIGN, d.getLineNumber(), d.getColumnNumber()),
        d.getRightExpression());
    assign.setSourcePosition(d);
    return assign;
  }
}
