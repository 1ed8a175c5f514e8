package io.envbook.kernel.jshell;

/**
 * Where a directly compiled cell leaves its value: the cell's code ends in {@code return
 * CellValue.keep(expression)}. The overload javac picks records whether the expression had a
 * primitive type, which JShell shows as text rather than as an object.
 */
public final class CellValue {
  private static volatile Object value;
  private static volatile boolean primitive;

  private CellValue() {}

  public static Object keep(Object v) {
    return set(v, false);
  }

  public static Object keep(boolean v) {
    return set(v, true);
  }

  public static Object keep(char v) {
    return set(v, true);
  }

  public static Object keep(byte v) {
    return set(v, true);
  }

  public static Object keep(short v) {
    return set(v, true);
  }

  public static Object keep(int v) {
    return set(v, true);
  }

  public static Object keep(long v) {
    return set(v, true);
  }

  public static Object keep(float v) {
    return set(v, true);
  }

  public static Object keep(double v) {
    return set(v, true);
  }

  private static Object set(Object v, boolean isPrimitive) {
    primitive = isPrimitive;
    value = v;
    return v;
  }

  /** The value the last direct cell kept, then forgotten. */
  static Object take() {
    Object v = value;
    value = null;
    return v;
  }

  /** Whether the value last kept had a primitive type. */
  static boolean wasPrimitive() {
    return primitive;
  }
}
