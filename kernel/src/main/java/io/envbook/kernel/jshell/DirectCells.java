package io.envbook.kernel.jshell;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;

/**
 * Runs a cell that declares nothing (statements, and an expression whose value is shown) as one
 * directly compiled method, instead of through JShell's snippet pipeline. The method sees what the
 * session declared through imports of the snippet wrappers' members, so it reads and assigns JShell's
 * variables and calls its methods and classes. A cell that declares something, does not compile,
 * or names something this path cannot import goes to JShell, which then reports its errors.
 */
final class DirectCells {
  /** The result of a cell JShell has to run instead. */
  static final Object NOT_DIRECT = new Object();
  private static final java.util.function.Predicate<com.sun.source.tree.ClassTree> STATEMENTS = CellCompiler.declaresNothingIn("do_it$");
  private static final String VOID_ARGUMENT = "compiler.err.void.not.allowed.here";

  private final JShell jshell;
  private final LiveExecution live;
  private final CellCompiler compiler;
  private final DeclaredCells declared;
  private int count;
  /** Cells compiled before, by session state and text: the same text against the same snippet classes compiles alike. */
  private final Map<String, Compiled> compiledCells = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Compiled> eldest) {
      return size() > 256;
    }
  };
  private int ran;

  DirectCells(JShell jshell, LiveExecution live, CellCompiler compiler, DeclaredCells declared) {
    this.jshell = jshell;
    this.live = live;
    this.compiler = compiler;
    this.declared = declared;
  }

  /** A cell with its last snippet split off, as JShell's completeness analysis split it. */
  record Cell(String before, String last) {}

  /**
   * Runs the cell and returns its value ({@link io.envbook.kernel.Evaluator#NO_RESULT} for
   * statements, the text of a primitive value), or {@link #NOT_DIRECT}.
   */
  Object run(Cell cell) throws Exception {
    String imports = imports();
    String key = live.replClasses().version() + "\u0000" + imports + '\u0000' + cell.before() + cell.last();
    Compiled compiled = compiledCells.get(key);
    if (compiled == null) {
      compiled = compile(imports, cell);
      if (compiled == null) {
        return NOT_DIRECT;
      }
      if (compiled.classes().size() == 1) { // a class of its own (an anonymous one) may hold state: compile again
        compiledCells.put(key, compiled.loaded());
      }
    }
    ran++;
    String text = live.runDirect(CellCompiler.PACKAGE + "." + compiled.className(), compiled.classes());
    if (compiled.statement()) {
      return io.envbook.kernel.Evaluator.NO_RESULT;
    }
    Object value = CellValue.take();
    return CellValue.wasPrimitive() ? text : value;
  }

  /** A cell compiled to classes (empty once they are loaded); {@code statement} when it has no value. */
  private record Compiled(String className, Map<String, byte[]> classes, boolean statement) {
    Compiled loaded() {
      return new Compiled(className, Map.of(), statement);
    }
  }

  /** Compiles the cell as an expression whose value is kept, else as statements; null when it is JShell's. */
  private Compiled compile(String imports, Cell cell) {
    String className = "$EnvbookCell$" + (++count);
    String header = imports + "public class " + className + " { ";
    CellCompiler.Result result = compiler.compile(className,
        header + "public static Object do_it$() throws Throwable {\n" + cell.before()
            + "return io.envbook.kernel.jshell.CellValue.keep(" + stripSemicolon(cell.last()) + "\n);\n}}", STATEMENTS);
    if (result.compiled()) {
      return new Compiled(className, result.classes(), false);
    }
    if (result.declares() || result.parsed() && !result.errorCodes().contains(VOID_ARGUMENT)) {
      return null;
    }
    result = compiler.compile(className,
        header + "public static void do_it$() throws Throwable {\n" + cell.before() + asStatement(cell.last()) + "\n}}", STATEMENTS);
    return result.compiled() ? new Compiled(className, result.classes(), true) : null;
  }

  /** Compiles (without running) an expression and a statement, so the first cell finds javac warm. */
  void warmUp() {
    String header = imports() + "public class $EnvbookWarmUp { ";
    compiler.compile("$EnvbookWarmUp", header + "public static Object do_it$() { return io.envbook.kernel.jshell.CellValue.keep(0); }}", STATEMENTS);
    compiler.compile("$EnvbookWarmUp", header + "public static void do_it$() { System.out.println(List.of(1)); }}", STATEMENTS);
  }

  /** How many cells ran directly (for tests). */
  int ran() {
    return ran;
  }

  /**
   * The package, the session's imports and imports of every live snippet's members, on one line,
   * with the declarations JShell has not seen yet.
   */
  String imports() {
    ReplClasses repl = live.replClasses();
    StringBuilder sb = new StringBuilder("package REPL; ");
    jshell.imports().filter(this::active).forEach(i -> sb.append(i.source().strip().replace('\n', ' ')).append(' '));
    declared.appendImports(sb);
    Set<String> imports = new LinkedHashSet<>();
    jshell.variables().filter(this::active).forEach(v -> addImport(imports, "import static ", repl.variable(v.name()), v.name()));
    jshell.methods().filter(this::active).forEach(m -> repl.methodWrappers(m.name())
        .forEach(w -> addImport(imports, "import static ", w, m.name())));
    jshell.types().filter(this::active).forEach(t -> addImport(imports, "import ", repl.type(t.name()), t.name()));
    imports.forEach(sb::append);
    return sb.toString();
  }

  private boolean active(Snippet s) {
    return jshell.status(s).isActive();
  }

  private static void addImport(Set<String> imports, String keyword, String wrapper, String member) {
    if (wrapper != null) {
      imports.add(keyword + wrapper + "." + member + "; ");
    }
  }

  /** The last snippet as a statement: JShell lets a cell's last statement go without its semicolon. */
  private static String asStatement(String last) {
    String s = last.strip();
    return s.endsWith(";") || s.endsWith("}") ? s : s + ";";
  }

  private static String stripSemicolon(String last) {
    String s = last.strip();
    return s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
  }
}
