package io.envbook.kernel.groovy;

import groovy.lang.Binding;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The type of the expression before a dot in a Groovy cell, for completion, without running it: a
 * chain such as {@code summary.rollouts()[0].reward().} starts at a session variable (its runtime
 * type), a class name (its static members), or a literal, and follows each method's and property's
 * declared return type, generic arguments included ({@code List<Rollout>.get(0)} is a
 * {@code Rollout}). An element of a session list or map ({@code rollouts[0]}, {@code list.first()})
 * takes its runtime type. {@code null} when the chain cannot be followed.
 */
final class ReceiverTypes {
  static final List<String> GROOVY_PACKAGES = List.of("java.lang", "java.util", "java.io", "java.net", "java.time", "groovy.lang",
      "groovy.util", "java.math");

  /** A resolved receiver: its (possibly generic) type, whether it is a class (static members), and its value when known. */
  record Receiver(Type type, boolean isClass, Object value) {
    Class<?> raw() {
      return ReceiverTypes.raw(type);
    }
  }

  private ReceiverTypes() {}

  static Receiver resolve(Binding binding, ClassLoader loader, List<String> packages, String code, int end) {
    ExpressionChain chain = ExpressionChain.parse(code, end);
    if (chain == null) {
      return null;
    }
    List<ExpressionChain.Segment> segments = chain.segments();
    Receiver r = chain.literal() == null ? null : new Receiver(chain.literal(), false, null);
    int k = 0;
    if (r == null) {
      ExpressionChain.Segment root = segments.get(0);
      if (!root.call() && binding.hasVariable(root.name()) && binding.getVariable(root.name()) != null) {
        Object v = binding.getVariable(root.name());
        r = new Receiver(v.getClass(), false, v);
        k = 1;
        if (root.index()) {
          r = element(r);
          if (r == null) {
            return null;
          }
        }
      } else {
        // a class: simple name through the imported packages, or a qualified name over several segments
        for (int n = 1; n <= segments.size() && r == null; n++) {
          Class<?> c = classNamed(loader, packages, segments.subList(0, n).stream().map(ExpressionChain.Segment::name).toList());
          if (c != null && segments.subList(0, n).stream().noneMatch(sg -> sg.call() || sg.index())) {
            r = new Receiver(c, true, null);
            k = n;
          }
        }
        if (r == null) {
          return null;
        }
      }
    }
    for (; k < segments.size() && r != null; k++) {
      r = member(r, segments.get(k));
    }
    return r;
  }

  /** The members completion offers on a receiver: methods, properties and fields (static ones on a class). */
  static List<String> members(Receiver r) {
    List<String> out = new ArrayList<>();
    Class<?> c = r.raw();
    for (Method m : c.getMethods()) {
      if (Modifier.isStatic(m.getModifiers()) != r.isClass() || m.getName().contains("$") || m.isSynthetic()) {
        continue;
      }
      out.add(m.getName());
      String property = property(m);
      if (property != null) {
        out.add(property);
      }
    }
    for (Field f : c.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) == r.isClass()) {
        out.add(f.getName());
      }
    }
    if (!r.isClass()) {
      out.addAll(GroovyMethods.namesFor(c));
    }
    return out;
  }

  private static Receiver member(Receiver r, ExpressionChain.Segment s) {
    Class<?> c = r.raw();
    Type found = null;
    if (s.call()) {
      if (r.value() != null && !r.isClass() && (s.name().equals("first") || s.name().equals("last"))) {
        Object v = r.value();
        Object e = v instanceof List<?> l && !l.isEmpty() ? (s.name().equals("first") ? l.get(0) : l.get(l.size() - 1)) : null;
        if (e != null) {
          return new Receiver(e.getClass(), false, e);
        }
      }
      for (Method m : c.getMethods()) {
        if (m.getName().equals(s.name()) && Modifier.isStatic(m.getModifiers()) == r.isClass() && !m.isBridge()) {
          found = resolveVariable(m.getGenericReturnType(), r.type());
          break;
        }
      }
      if (found == null && !r.isClass()) {
        found = GroovyMethods.returnType(c, s.name());
      }
    } else {
      String cap = s.name().isEmpty() ? s.name() : Character.toUpperCase(s.name().charAt(0)) + s.name().substring(1);
      for (Method m : c.getMethods()) {
        if (m.getParameterCount() == 0 && (m.getName().equals("get" + cap) || m.getName().equals("is" + cap))
            && Modifier.isStatic(m.getModifiers()) == r.isClass()) {
          found = resolveVariable(m.getGenericReturnType(), r.type());
          break;
        }
      }
      if (found == null) {
        for (Field f : c.getFields()) {
          if (f.getName().equals(s.name()) && Modifier.isStatic(f.getModifiers()) == r.isClass()) {
            found = resolveVariable(f.getGenericType(), r.type());
          }
        }
      }
    }
    if (found == null || found == void.class) {
      return null;
    }
    Receiver next = new Receiver(found, false, null);
    return s.index() ? element(next) : next;
  }

  /** The element type of an indexed receiver: runtime first element, else the generic element type. */
  private static Receiver element(Receiver r) {
    Object v = r.value();
    if (v instanceof List<?> l && !l.isEmpty() && l.get(0) != null) {
      return new Receiver(l.get(0).getClass(), false, l.get(0));
    }
    if (v != null && v.getClass().isArray() && Array.getLength(v) > 0 && Array.get(v, 0) != null) {
      return new Receiver(Array.get(v, 0).getClass(), false, Array.get(v, 0));
    }
    if (v instanceof Map<?, ?> m && !m.isEmpty()) {
      Object first = m.values().iterator().next();
      return first == null ? null : new Receiver(first.getClass(), false, first);
    }
    if (r.type() instanceof ParameterizedType p && Collection.class.isAssignableFrom(raw(p)) && p.getActualTypeArguments().length == 1) {
      return new Receiver(p.getActualTypeArguments()[0], false, null);
    }
    if (r.raw().isArray()) {
      return new Receiver(r.raw().getComponentType(), false, null);
    }
    return null;
  }

  /** A type variable of the receiver's class, replaced by the receiver's type argument when it has one. */
  private static Type resolveVariable(Type t, Type owner) {
    if (t instanceof TypeVariable<?> tv && owner instanceof ParameterizedType p) {
      TypeVariable<?>[] params = raw(p).getTypeParameters();
      for (int i = 0; i < params.length; i++) {
        if (params[i].getName().equals(tv.getName())) {
          return p.getActualTypeArguments()[i];
        }
      }
    }
    if (t instanceof TypeVariable<?> tv) {
      Type[] bounds = tv.getBounds();
      return bounds.length > 0 ? bounds[0] : Object.class;
    }
    return t;
  }

  static Class<?> raw(Type t) {
    if (t instanceof Class<?> c) {
      return c;
    }
    if (t instanceof ParameterizedType p) {
      return raw(p.getRawType());
    }
    return Object.class;
  }

  /** The class a (simple or qualified) name means in a cell, or {@code null}. */
  static Class<?> classNamed(ClassLoader loader, List<String> packages, List<String> parts) {
    String name = String.join(".", parts);
    if (!Character.isUpperCase(parts.get(parts.size() - 1).charAt(0))) {
      return null;
    }
    List<String> candidates = new ArrayList<>();
    candidates.add(name);
    if (parts.size() == 1) {
      packages.forEach(p -> candidates.add(p + "." + name));
      GROOVY_PACKAGES.forEach(p -> candidates.add(p + "." + name));
    }
    for (String candidate : candidates) {
      try {
        return Class.forName(candidate, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        // not this one
      }
    }
    return null;
  }

  private static String property(Method m) {
    String n = m.getName();
    if (m.getParameterCount() != 0 || m.getReturnType() == void.class || n.equals("getClass")) {
      return null;
    }
    String rest = n.startsWith("get") && n.length() > 3 ? n.substring(3) : n.startsWith("is") && n.length() > 2 ? n.substring(2) : null;
    return rest == null || !Character.isUpperCase(rest.charAt(0)) ? null : Character.toLowerCase(rest.charAt(0)) + rest.substring(1);
  }
}
