package io.envbook.kernel.jshell;

/**
 * Hands the value of a Java cell's last expression from the snippet to the kernel as a live object
 * (JShell itself only reports values as strings). Snippets and kernel run in one JVM and share this class.
 */
public final class Results {
  private static volatile Object last;

  private Results() {}

  /** Called by a generated snippet with the cell's value. */
  public static void keep(Object value) {
    last = value;
  }

  static Object take() {
    Object v = last;
    last = null;
    return v;
  }
}
