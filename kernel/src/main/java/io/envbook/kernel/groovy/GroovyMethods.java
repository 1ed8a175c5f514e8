package io.envbook.kernel.groovy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.codehaus.groovy.runtime.DefaultGroovyMethods;
import org.codehaus.groovy.runtime.StringGroovyMethods;

/**
 * Groovy's extension methods ({@code each}, {@code collect}, {@code findAll}, {@code padLeft}, ...)
 * that apply to a type: the public static methods of the GDK classes whose first parameter accepts it.
 * Looked up once per type.
 */
final class GroovyMethods {
  private static final List<Class<?>> SOURCES = List.of(DefaultGroovyMethods.class, StringGroovyMethods.class);
  private static final Map<Class<?>, Set<String>> NAMES = new ConcurrentHashMap<>();

  private GroovyMethods() {}

  static Set<String> namesFor(Class<?> type) {
    return NAMES.computeIfAbsent(type, t -> {
      Set<String> out = new TreeSet<>();
      for (Class<?> source : SOURCES) {
        for (Method m : source.getMethods()) {
          if (applies(m, t) && !m.isAnnotationPresent(Deprecated.class)) {
            out.add(m.getName());
          }
        }
      }
      return out;
    });
  }

  /** The return type of the extension method {@code name} on {@code type}, or {@code null}. */
  static Type returnType(Class<?> type, String name) {
    for (Class<?> source : SOURCES) {
      for (Method m : source.getMethods()) {
        if (m.getName().equals(name) && applies(m, type)) {
          return m.getReturnType();
        }
      }
    }
    return null;
  }

  /** A GDK method applies when its first parameter accepts the type; those on any Object only when common. */
  private static boolean applies(Method m, Class<?> type) {
    if (!Modifier.isStatic(m.getModifiers()) || m.getParameterCount() == 0) {
      return false;
    }
    Class<?> self = m.getParameterTypes()[0];
    return self == Object.class ? COMMON.contains(m.getName()) : self.isAssignableFrom(type);
  }

  /** Extension methods on Object worth offering everywhere (the rest are noise). */
  private static final Set<String> COMMON = Set.of("with", "tap", "inspect", "dump", "println", "is", "asType", "getProperties");
}
