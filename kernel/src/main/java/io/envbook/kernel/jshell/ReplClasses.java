package io.envbook.kernel.jshell;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The classes JShell has loaded into the session (its snippet wrappers {@code REPL.$JShell$n} and
 * their nested classes), as bytes a compiler can read and as an index of what each wrapper declares.
 * A direct cell is compiled against these bytes and imports the members live snippets declared.
 */
final class ReplClasses {
  private final Map<String, byte[]> bytes = new LinkedHashMap<>();
  private final Map<String, String> variables = new HashMap<>();
  private final Map<String, String> types = new HashMap<>();
  /** Method name, then parameter types, then wrapper: a same-signature redefinition replaces, an overload adds. */
  private final Map<String, Map<String, String>> methods = new HashMap<>();
  private final AtomicLong version = new AtomicLong();

  /** Called when JShell loads or redefines classes, with the classes it defined. */
  synchronized void loaded(String name, byte[] code, Class<?> loaded) {
    bytes.put(name, code);
    version.incrementAndGet();
    if (loaded == null || loaded.getEnclosingClass() != null) {
      return;
    }
    try {
      for (Field f : loaded.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) {
          variables.put(f.getName(), name);
        }
      }
      for (Method m : loaded.getDeclaredMethods()) {
        if (Modifier.isStatic(m.getModifiers()) && !m.isSynthetic() && !m.getName().equals("do_it$")) {
          methods.computeIfAbsent(m.getName(), k -> new HashMap<>()).put(Arrays.toString(m.getParameterTypes()), name);
        }
      }
      for (Class<?> c : loaded.getDeclaredClasses()) {
        types.put(c.getSimpleName(), name);
      }
    } catch (LinkageError unresolved) {
      // a snippet with an unresolved reference: a direct cell naming it fails to compile and goes to JShell
    }
  }

  /** Forgets a class a compiler no longer needs (a declaration JShell now holds itself) and what it declared. */
  synchronized void forget(String name) {
    bytes.remove(name);
    version.incrementAndGet();
    variables.values().removeIf(name::equals);
    types.values().removeIf(name::equals);
    methods.values().forEach(bySignature -> bySignature.values().removeIf(name::equals));
  }

  /** How often the set of classes changed; a compiler that cached the REPL package compares it. */
  long version() {
    return version.get();
  }

  synchronized Map<String, byte[]> bytes() {
    return Map.copyOf(bytes);
  }

  synchronized String variable(String name) {
    return variables.get(name);
  }

  synchronized String type(String name) {
    return types.get(name);
  }

  synchronized List<String> methodWrappers(String name) {
    Map<String, String> bySignature = methods.get(name);
    return bySignature == null ? List.of() : bySignature.values().stream().distinct().toList();
  }
}
