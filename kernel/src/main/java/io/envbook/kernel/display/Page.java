package io.envbook.kernel.display;

/**
 * Text for the front end's pager (a {@code page} payload of the execute reply) instead of the cell's
 * output: what {@code help(x)} returns.
 */
public record Page(MimeBundle content) {

  /** A page listing what can be called on a value: its type and public methods. */
  public static Page help(Object value) {
    StringBuilder sb = new StringBuilder();
    if (value == null) {
      sb.append("null");
    } else {
      Class<?> type = value instanceof Class<?> c ? c : value.getClass();
      sb.append(type.getName()).append("\n\n");
      java.util.TreeSet<String> methods = new java.util.TreeSet<>();
      for (java.lang.reflect.Method m : type.getMethods()) {
        if (m.getDeclaringClass() != Object.class && !m.isSynthetic()) {
          StringBuilder sig = new StringBuilder(m.getName()).append('(');
          Class<?>[] ps = m.getParameterTypes();
          for (int i = 0; i < ps.length; i++) {
            sig.append(i > 0 ? ", " : "").append(ps[i].getSimpleName());
          }
          methods.add(sig.append(") -> ").append(m.getReturnType().getSimpleName()).toString());
        }
      }
      methods.forEach(s -> sb.append("  ").append(s).append('\n'));
    }
    return new Page(MimeBundle.of(java.util.Map.of("text/plain", sb.toString())));
  }
}
