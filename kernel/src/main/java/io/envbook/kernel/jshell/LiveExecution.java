package io.envbook.kernel.jshell;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
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
   * Loads a directly compiled cell's classes (if not loaded before; instrumented, like JShell's, so
   * that a stop request ends loops) and runs its {@code do_it$} method.
   *
   * @return JShell's text for the value the method returned
   */
  String runDirect(String className, java.util.Map<String, byte[]> classes) throws ExecutionControl.ExecutionControlException {
    ExecutionControl.ClassBytecodes[] codes = classes.entrySet().stream()
        .map(e -> new ExecutionControl.ClassBytecodes(e.getKey(), e.getValue())).toArray(ExecutionControl.ClassBytecodes[]::new);
    if (codes.length > 0) {
      control.loadCell(codes);
    }
    return control.runOnThisThread(className);
  }

  /** Loads (instrumented, like JShell's) classes declared without JShell, as snippet classes direct cells may name. */
  void declare(java.util.Map<String, byte[]> classes) throws ExecutionControl.ExecutionControlException {
    control.load(classes.entrySet().stream().map(e -> new ExecutionControl.ClassBytecodes(e.getKey(), e.getValue()))
        .toArray(ExecutionControl.ClassBytecodes[]::new));
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
    private final Object stopLock = new Object();
    private Thread directThread;
    private Field stopFlag;
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

    /**
     * Runs a cell's method on the calling thread. JShell starts a thread (and a thread group) for
     * every snippet, which costs 0.7 ms here; a cell thread of the kernel is as good a place. Only the
     * first cell takes JShell's way, which installs the class whose flag stops the instrumented loops.
     */
    String runOnThisThread(String className) throws ExecutionControlException {
      Field flag = stopFlag();
      if (flag == null) {
        return invoke(className, "do_it$");
      }
      Method doIt;
      try {
        doIt = findClass(className).getDeclaredMethod("do_it$");
      } catch (ReflectiveOperationException | LinkageError e) {
        throw new InternalException(e.toString());
      }
      try {
        synchronized (stopLock) {
          flag.set(null, false);
          directThread = Thread.currentThread();
        }
        Object result = doIt.invoke(null);
        System.out.flush();
        return valueString(result);
      } catch (InvocationTargetException e) {
        if (e.getCause().getClass().getName().equals("java.lang.ThreadDeath")) { // how a stopped loop ends
          throw new StoppedException();
        }
        return throwConvertedInvocationException(e.getCause());
      } catch (IllegalAccessException e) {
        throw new InternalException(e.toString());
      } finally {
        synchronized (stopLock) {
          directThread = null;
          Thread.interrupted(); // a stop that came as the cell ended must not reach the next cell
        }
      }
    }

    /** JShell's stop flag, once its first invocation has loaded the class that holds it. */
    private Field stopFlag() {
      if (stopFlag == null) {
        try {
          stopFlag = findClass("REPL.$Cancel$").getField("allStop");
        } catch (ClassNotFoundException | NoSuchFieldException e) {
          return null;
        }
      }
      return stopFlag;
    }

    @Override
    public void stop() throws EngineTerminationException, InternalException {
      synchronized (stopLock) {
        if (directThread != null) {
          try {
            stopFlag.set(null, true);
          } catch (IllegalAccessException e) {
            throw new InternalException(e.toString());
          }
          directThread.interrupt();
          return;
        }
      }
      super.stop();
    }

    /** Loads classes that are not snippets of the session (a direct cell's). */
    void loadCell(ClassBytecodes[] codes) throws ClassInstallException, NotImplementedException, EngineTerminationException {
      super.load(codes);
    }

    @Override
    public String varValue(String className, String varName) throws RunException, EngineTerminationException, InternalException {
      try {
        Field field = findClass(className).getField(varName);
        field.setAccessible(true); // the wrapper class of a snippet is not public
        last = field.get(null);
      } catch (ReflectiveOperationException e) {
        last = null; // the text below still reports it
      }
      return super.varValue(className, varName);
    }
  }
}
