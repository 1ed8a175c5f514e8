package io.envbook.kernel.groovy;

import groovy.lang.Binding;
import groovy.lang.GroovyResourceLoader;
import groovy.lang.GroovyShell;
import groovy.lang.Script;
import groovy.transform.ThreadInterrupt;
import io.envbook.kernel.Evaluator;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.ASTTransformationCustomizer;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import org.codehaus.groovy.runtime.MethodClosure;

/**
 * Groovy cells with state kept between them: variables (declared or not), methods (kept as closures
 * in the binding, as groovysh does), classes (one class loader for the session) and imports (carried
 * into every later cell). Loops and closures check for interrupts, so {@code while (true) {}} stops.
 */
public final class GroovyEvaluator implements Evaluator {
  // synchronized: completion reads the names on the shell thread while a running cell adds more
  private final Binding binding = new Binding(java.util.Collections.synchronizedMap(new LinkedHashMap<>()));
  private final ImportCustomizer imports = new ImportCustomizer();
  private static final List<String> DEFAULT_PACKAGES = List.of("io.envbook.env", "io.envbook.model", "io.envbook.rollout",
      "io.envbook.report", "io.envbook.eval", "io.envbook.dsl", "io.envbook.kernel", "io.envbook.kernel.display", "java.nio.file");
  private final CellTransform transform = new CellTransform(imports, DEFAULT_PACKAGES);
  private final GroovyShell shell;
  private int cell;

  /** The first evaluator in a JVM warms the compiler up first (see {@link #warmUp}). */
  public GroovyEvaluator() {
    this(WARMED_UP.compareAndSet(false, true));
  }

  private GroovyEvaluator(boolean warmUpFirst) {
    imports.addStarImports(DEFAULT_PACKAGES.toArray(new String[0]));
    CompilerConfiguration config = new CompilerConfiguration();
    config.setScriptBaseClass(KernelScript.class.getName());
    config.setParameters(true);
    config.addCompilationCustomizers(imports, transform, new ASTTransformationCustomizer(ThreadInterrupt.class));
    shell = new GroovyShell(new KernelClassPath(GroovyEvaluator.class.getClassLoader()), binding, config);
    GroovyResourceLoader sources = shell.getClassLoader().getResourceLoader();
    shell.getClassLoader().setResourceLoader(name -> KernelClassPath.isCellBeanInfo(name) ? null : sources.loadGroovySource(name));
    if (warmUpFirst) {
      warmUp();
    }
  }

  private static final java.util.concurrent.atomic.AtomicBoolean WARMED_UP = new java.util.concurrent.atomic.AtomicBoolean();
  private static final List<String> WARM_UP = List.of("1 + %d", "def warmUp%d(x) { 2 * x + 1 }",
      "class WarmUp%d { int x; int sum() { x + 1 } }", "import java.util.ArrayList as WarmUpList%d",
      "def w%d = [1, 2].collect { it * 2 }; w%<d.size()");
  static final int WARM_UP_CELLS = 80;

  /**
   * Runs cells of each kind (expression, method, class, import, closure) in a scratch session, so that
   * the JIT has compiled Groovy's compiler before the user's first cells rather than during them (in a
   * fresh kernel it cut the CPU time of cells 11 to 70 by a third). The session itself sees none of it.
   */
  static void warmUp() {
    GroovyEvaluator scratch = new GroovyEvaluator(false);
    for (int i = 0; i < WARM_UP_CELLS; i++) {
      try {
        scratch.eval(String.format(WARM_UP.get(i % WARM_UP.size()), i));
      } catch (Exception e) {
        throw new IllegalStateException("the Groovy warm-up cell `" + WARM_UP.get(i % WARM_UP.size()) + "` failed: " + e, e);
      }
    }
  }

  @Override
  public synchronized Object eval(String code) throws Exception {
    cell++;
    Compiled compiled = compiled(code);
    if (!Script.class.isAssignableFrom(compiled.type())) {
      return NO_RESULT; // a cell of class declarations only: compiling it defined them in the session's class loader
    }
    @SuppressWarnings("unchecked")
    Script script = org.codehaus.groovy.runtime.InvokerHelper.createScript((Class<? extends Script>) compiled.type(), binding);
    ((KernelScript) script).context(compiled.fileName(), Path.of("").toAbsolutePath(), code);
    boolean declarationLast = compiled.endsWithDeclaration();
    Object value = script.run();
    keepMethods(script);
    return declarationLast ? NO_RESULT : value;
  }

  /** A compiled cell, kept so that running the same cell again does not compile it again. */
  private record Compiled(Class<?> type, String fileName, boolean endsWithDeclaration) {}

  private final Map<String, Compiled> compiledCells = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Compiled> eldest) {
      return size() > 256;
    }
  };

  /**
   * The cell's script class, compiled once per source text and set of imports (a new import in an
   * earlier cell may change what a name means, so it starts a new generation of the cache).
   */
  private Compiled compiled(String code) {
    String key = transform.generation() + "\u0000" + code;
    Compiled c = compiledCells.get(key);
    if (c == null) {
      String name = "cell" + cell + ".groovy";
      Class<?> type = shell.getClassLoader().parseClass(code, name);
      c = new Compiled(type, name, transform.endsWithDeclaration() || !Script.class.isAssignableFrom(type));
      compiledCells.put(transform.generation() + "\u0000" + code, c);
    }
    return c;
  }

  /** The names of a session's variables, copied under the lock of its synchronized map. */
  static List<String> variableNames(Binding binding) {
    Map<?, ?> variables = binding.getVariables();
    synchronized (variables) {
      return variables.keySet().stream().map(String::valueOf).toList();
    }
  }

  /** Methods a cell declared become closures in the binding, callable from later cells. */
  private void keepMethods(Script script) {
    for (Method m : script.getClass().getDeclaredMethods()) {
      String n = m.getName();
      if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !n.equals("run") && !n.equals("main") && !n.contains("$")) {
        binding.setVariable(n, new MethodClosure(script, n));
      }
    }
  }

  @Override
  public Completion complete(String code, int cursor) {
    return GroovyCompletion.complete(binding, shell.getClassLoader(), DEFAULT_PACKAGES, code, cursor);
  }

  @Override
  public Map<String, Object> inspect(String code, int cursor) {
    return GroovyInspection.inspect(binding, shell.getClassLoader(), DEFAULT_PACKAGES, code, cursor);
  }

  @Override
  public String isComplete(String code) {
    try {
      new GroovyShell(GroovyEvaluator.class.getClassLoader()).parse(code.isBlank() ? "null" : code, "is_complete.groovy");
      return "complete";
    } catch (MultipleCompilationErrorsException e) {
      return endsEarly(code, e.getMessage()) ? "incomplete" : "invalid";
    } catch (CompilationFailedException e) {
      return "invalid";
    } catch (RuntimeException e) {
      return "unknown";
    }
  }

  /** True when the parser stopped at the very end of the code: more input could complete it. */
  static boolean endsEarly(String code, String message) {
    if (message.contains("'<EOF>'")) {
      return true;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("@ line (\\d+), column (\\d+)").matcher(message);
    if (!m.find()) {
      return false;
    }
    String[] lines = code.split("\n", -1);
    int line = Integer.parseInt(m.group(1));
    int column = Integer.parseInt(m.group(2));
    return line > lines.length || line == lines.length && column > lines[lines.length - 1].length();
  }

  @Override
  public Map<String, Object> languageInfo() {
    return info();
  }

  /** The {@code language_info} of this language, known without starting an evaluator. */
  public static Map<String, Object> info() {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("name", "groovy");
    info.put("version", groovy.lang.GroovySystem.getVersion());
    info.put("mimetype", "text/x-groovy");
    info.put("file_extension", ".groovy");
    info.put("pygments_lexer", "groovy");
    info.put("codemirror_mode", "groovy");
    return info;
  }

  @Override
  public ErrorReport describe(Throwable t) {
    return GroovyErrors.describe(t, binding);
  }

  @Override
  public void interrupt(Thread cellThread) {
    cellThread.interrupt();
  }
}
