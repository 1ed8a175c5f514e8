package io.envbook.kernel.jshell;

import java.util.Map;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's in-process execution, which also hands over variables' values as live objects: JShell
 * itself reports values only as text, and asking a snippet to pass the object on costs a second
 * compilation per cell. When JShell reads a variable ({@code jshell.varValue}), this control keeps
 * the object it read; {@link #takeValue()} returns it.
 */
final class LiveExecution implements ExecutionControlProvider {
  private final ReplClasses repl = new ReplClasses();
  private volatile Control control;

  @Override
  public String name() {
    return "envbook-live";
  }

  @Override
  public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
    control = new Control(repl);
    return control;
  }

  /** The snippet classes JShell has loaded so far. */
  ReplClasses replClasses() {
    return repl;
  }

  /**
   * Loads a directly compiled cell's classes (if not loaded before; instrumented, like JShell's, so that a stop request
   * ends loops) and runs its {@code do_it$} method the way JShell runs a snippet.
   *
   * @return JShell's text for the value the method returned
   */
  String runDirect(String className, java.util.Map<String, byte[]> classes) throws ExecutionControl.ExecutionControlException {
    ExecutionControl.ClassBytecodes[] codes = classes.entrySet().stream()
        .map(e -> new ExecutionControl.ClassBytecodes(e.getKey(), e.getValue())).toArray(ExecutionControl.ClassBytecodes[]::new);
    if (codes.length > 0) {
      control.loadCell(codes);
    }
    return control.invoke(className, "do_it$");
  }

  /** The object behind the last variable JShell read, then forgotten. */
  Object takeValue() {
    Control c = control;
    if (c == null) {
      return null;
    }
    Object v = c.last;
    c.last = null;
    return v;
  }

  private static final class Control extends LocalExecutionControl {
    private final ReplClasses repl;
    volatile Object last;

    Control(ReplClasses repl) {
      this.repl = repl;
    }

    @Override
    public void load(ClassBytecodes[] codes) throws ClassInstallException, NotImplementedException, EngineTerminationException {
      super.load(codes);
      for (ClassBytecodes c : codes) {
        Class<?> loaded;
        try {
          loaded = findClass(c.name());
        } catch (ClassNotFoundException | LinkageError e) {
          loaded = null;
        }
        repl.loaded(c.name(), c.bytecodes(), loaded);
      }
    }

    /** Loads classes that are not snippets of the session (a direct cell's). */
    void loadCell(ClassBytecodes[] codes) throws ClassInstallException, NotImplementedException, EngineTerminationException {
      super.load(codes);
    }

    @Override
    public String varValue(String className, String varName) throws RunException, EngineTerminationException, InternalException {
      try {
        java.lang.reflect.Field field = findClass(className).getField(varName);
        field.setAccessible(true); // the wrapper class of a snippet is not public
        last = field.get(null);
      } catch (ReflectiveOperationException e) {
        last = null; // the text below still reports it
      }
      return super.varValue(className, varName);
    }
  }
}
