package io.envbook.kernel.groovy;

import groovy.lang.Binding;
import io.envbook.kernel.Evaluator.Completion;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Completion and inspection for Groovy cells from what the session holds: binding variables, Groovy
 * keywords, the DSL's words and the cell helpers; after a dot, the members (with Groovy's extension
 * methods) of the type the expression before it has (see {@link ReceiverTypes}).
 */
final class GroovyCompletion {
  static final List<String> KEYWORDS = List.of("def", "class", "interface", "enum", "if", "else", "for", "while", "return", "import",
      "new", "null", "true", "false", "try", "catch", "finally", "throw", "switch", "case", "default", "break", "continue", "in",
      "instanceof", "static", "final", "var", "this", "super");
  static final List<String> HELPERS = List.of("environment", "display", "updateDisplay", "clearOutput", "html", "markdown",
      "histogram", "help", "input", "comms", "scripted", "replay", "run", "load", "rescore", "println", "print", "printf");

  private GroovyCompletion() {}

  static Completion complete(Binding binding, ClassLoader loader, List<String> packages, String code, int cursor) {
    int start = cursor;
    while (start > 0 && Character.isJavaIdentifierPart(code.charAt(start - 1))) {
      start--;
    }
    String prefix = code.substring(start, cursor);
    TreeSet<String> found = new TreeSet<>();
    if (start > 0 && code.charAt(start - 1) == '.') {
      ReceiverTypes.Receiver receiver = ReceiverTypes.resolve(binding, loader, packages, code, start - 1);
      if (receiver != null) {
        ReceiverTypes.members(receiver).stream().filter(m -> m.startsWith(prefix)).forEach(found::add);
      }
    } else {
      for (String name : GroovyEvaluator.variableNames(binding)) {
        add(found, name, prefix);
      }
      KEYWORDS.forEach(k -> add(found, k, prefix));
      HELPERS.forEach(k -> add(found, k, prefix));
    }
    return new Completion(List.copyOf(found), start, cursor);
  }

  private static void add(TreeSet<String> into, String word, String prefix) {
    if (word.startsWith(prefix) && !word.equals(prefix)) {
      into.add(word);
    }
  }

  static Map<String, Object> inspect(Binding binding, String code, int cursor) {
    int s = Math.min(cursor, code.length());
    int e = s;
    while (s > 0 && Character.isJavaIdentifierPart(code.charAt(s - 1))) {
      s--;
    }
    while (e < code.length() && Character.isJavaIdentifierPart(code.charAt(e))) {
      e++;
    }
    String word = code.substring(s, e);
    if (word.isEmpty()) {
      return null;
    }
    String text;
    if (binding.hasVariable(word)) {
      Object v = binding.getVariable(word);
      text = word + ": " + (v == null ? "null" : v.getClass().getName()) + "\n" + abbreviate(String.valueOf(v));
    } else {
      TreeSet<String> sigs = new TreeSet<>();
      for (Method m : KernelScript.class.getMethods()) {
        if (m.getName().equals(word)) {
          sigs.add(signature(m));
        }
      }
      if (sigs.isEmpty()) {
        return null;
      }
      text = String.join("\n", sigs);
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("text/plain", text);
    return data;
  }

  private static String signature(Method m) {
    StringBuilder sb = new StringBuilder(m.getReturnType().getSimpleName()).append(' ').append(m.getName()).append('(');
    Class<?>[] ps = m.getParameterTypes();
    for (int i = 0; i < ps.length; i++) {
      sb.append(i > 0 ? ", " : "").append(ps[i].getSimpleName());
    }
    return sb.append(')').toString();
  }

  private static String abbreviate(String s) {
    return s.length() > 2000 ? s.substring(0, 2000) + "…" : s;
  }
}
