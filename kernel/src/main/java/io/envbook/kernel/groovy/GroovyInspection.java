package io.envbook.kernel.groovy;

import groovy.lang.Binding;
import io.envbook.dsl.EnvSpec;
import io.envbook.dsl.ScriptedTurn;
import io.envbook.kernel.Javadoc;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What Shift+Tab shows in a Groovy cell: for the name at the cursor, or the call whose parentheses
 * the cursor is in ({@code s.substring(|}), the signatures of the methods it names with their Javadoc;
 * for a session variable its type and value; for a class its Javadoc. Method receivers are typed as
 * completion types them ({@link ReceiverTypes}); names without a receiver are the cell helpers and
 * the DSL's keywords.
 */
final class GroovyInspection {
  private static final List<Class<?>> KEYWORD_CLASSES = List.of(KernelScript.class, EnvSpec.class, ScriptedTurn.class);

  private GroovyInspection() {}

  static Map<String, Object> inspect(Binding binding, ClassLoader loader, List<String> packages, String code, int cursor) {
    int[] span = nameAt(code, Math.min(cursor, code.length()));
    if (span == null) {
      return null;
    }
    String name = code.substring(span[0], span[1]);
    String text;
    if (span[0] > 0 && code.charAt(span[0] - 1) == '.') {
      ReceiverTypes.Receiver receiver = ReceiverTypes.resolve(binding, loader, packages, code, span[0] - 1);
      text = receiver == null ? null : methods(List.of(receiver.raw()), name, receiver.isClass());
    } else if (binding.hasVariable(name)) {
      Object v = binding.getVariable(name);
      text = name + ": " + (v == null ? "null" : v.getClass().getName()) + "\n" + abbreviate(String.valueOf(v));
    } else {
      text = methods(KEYWORD_CLASSES, name, false);
      Class<?> type = text == null ? ReceiverTypes.classNamed(loader, packages, List.of(name)) : null;
      Javadoc.Doc doc = type == null ? null : Javadoc.of(type);
      if (type != null) {
        text = type.getName() + (doc == null || doc.text().isEmpty() ? "" : "\n" + doc.text());
      }
    }
    if (text == null) {
      return null;
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("text/plain", text);
    return data;
  }

  /**
   * The identifier around the cursor, else the name of the call whose open parenthesis comes before
   * it; {@code [start, end)} or {@code null}.
   */
  static int[] nameAt(String code, int cursor) {
    int s = cursor;
    int e = cursor;
    while (s > 0 && Character.isJavaIdentifierPart(code.charAt(s - 1))) {
      s--;
    }
    while (e < code.length() && Character.isJavaIdentifierPart(code.charAt(e))) {
      e++;
    }
    if (s < e) {
      return new int[] {s, e};
    }
    int depth = 0;
    for (int i = cursor - 1; i >= 0; i--) {
      char c = code.charAt(i);
      if (c == ')') {
        depth++;
      } else if (c == '(' && depth-- == 0) {
        e = i;
        while (e > 0 && Character.isWhitespace(code.charAt(e - 1))) {
          e--;
        }
        s = e;
        while (s > 0 && Character.isJavaIdentifierPart(code.charAt(s - 1))) {
          s--;
        }
        return s < e ? new int[] {s, e} : null;
      }
    }
    return null;
  }

  /** Each public method called {@code name} (or its getter) on the types: signature, then Javadoc. */
  private static String methods(List<Class<?>> types, String name, boolean statics) {
    TreeSet<String> entries = new TreeSet<>(Comparator.comparing(String::length).thenComparing(Comparator.naturalOrder()));
    String getter = "get" + (name.isEmpty() ? "" : Character.toUpperCase(name.charAt(0)) + name.substring(1));
    for (Class<?> type : types) {
      for (Method m : type.getMethods()) {
        boolean named = m.getName().equals(name) || m.getName().equals(getter) && m.getParameterCount() == 0;
        if (named && !m.isSynthetic() && !m.isBridge() && (!statics || Modifier.isStatic(m.getModifiers()))) {
          entries.add(describe(m));
        }
      }
    }
    if (entries.isEmpty() && !statics && types.size() == 1 && GroovyMethods.returnType(types.get(0), name) != null) {
      entries.add(name + "(...): a Groovy method on " + types.get(0).getSimpleName());
    }
    return entries.isEmpty() ? null : String.join("\n\n", entries);
  }

  private static String describe(Method m) {
    Javadoc.Doc doc = Javadoc.of(m);
    String owner = m.getDeclaringClass().getSimpleName();
    if (doc == null) {
      return signature(m) + "    (" + owner + ")";
    }
    return doc.signature() + "    (" + owner + ")" + (doc.text().isEmpty() ? "" : "\n" + doc.text());
  }

  private static String signature(Method m) {
    StringBuilder sb = new StringBuilder(m.getReturnType().getSimpleName()).append(' ').append(m.getName()).append('(');
    var ps = m.getParameters();
    for (int i = 0; i < ps.length; i++) {
      sb.append(i > 0 ? ", " : "").append(ps[i].getType().getSimpleName()).append(ps[i].isNamePresent() ? " " + ps[i].getName() : "");
    }
    return sb.append(')').toString();
  }

  private static String abbreviate(String s) {
    return s.length() > 2000 ? s.substring(0, 2000) + "…" : s;
  }
}
