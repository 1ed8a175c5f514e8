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
  private volatile Control control;

  @Override
  public String name() {
    return "envbook-live";
  }

  @Override
  public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
    control = new Control();
    return control;
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
    volatile Object last;

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
