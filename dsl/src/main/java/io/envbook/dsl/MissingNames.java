package io.envbook.dsl;

import groovy.lang.MetaClass;
import groovy.lang.MetaMethod;
import groovy.lang.MetaProperty;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import groovy.lang.Script;
import io.envbook.util.Suggest;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.codehaus.groovy.runtime.InvokerHelper;

/**
 * Groovy's "missing method" and "missing property" errors as one sentence with the closest name
 * that exists, in place of Groovy's {@code No signature of method: summ for class:
 * java.util.ArrayList is applicable for argument types: () values: []}:
 *
 * <pre>{@code
 * MissingNames.sentence(e, Set.of())   // "no method summ() on java.util.ArrayList, did you mean `sum`?"
 * }</pre>
 *
 * <p>Methods include Groovy's own (such as {@code sum} on a list). A name missing from a script
 * (a variable or function no cell defined) is matched against {@code scriptNames}.
 */
public final class MissingNames {
  private MissingNames() {}

  /** The sentence for a missing method or property, or {@code null} when {@code t} is neither. */
  public static String sentence(Throwable t, Collection<String> scriptNames) {
    if (t instanceof MissingMethodException e && e.getMethod() != null && e.getType() != null) {
      return method(e, scriptNames);
    }
    if (t instanceof MissingPropertyException e && e.getProperty() != null && e.getType() != null) {
      return property(e, scriptNames);
    }
    return null;
  }

  /** The exception's name as the user should read it: without Groovy's {@code NoStack} variants. */
  public static String exceptionName(Throwable t) {
    return t instanceof MissingMethodException ? "MissingMethodException"
        : t instanceof MissingPropertyException ? "MissingPropertyException" : t.getClass().getSimpleName();
  }

  private static String method(MissingMethodException e, Collection<String> scriptNames) {
    String name = e.getMethod();
    String arguments = argumentTypes(e.getArguments());
    Set<String> methods = methodNames(e.getType());
    if (Script.class.isAssignableFrom(e.getType())) {
      methods.addAll(scriptNames);
      return "`" + name + "(" + arguments + ")` is not defined in this session: no cell declared a method or closure `" + name + "`,"
          + orNothing(Suggest.didYouMean(name, methods));
    }
    String type = e.getType().getName();
    if (methods.contains(name)) {
      return type + "." + name + " does not take (" + arguments + ")" + (e.isStatic() ? " statically" : "");
    }
    return "no method " + name + "(" + arguments + ") on " + type + "," + orNothing(Suggest.didYouMean(name, methods));
  }

  private static String property(MissingPropertyException e, Collection<String> scriptNames) {
    String name = e.getProperty();
    if (Script.class.isAssignableFrom(e.getType())) {
      return "`" + name + "` is not defined in this session: no cell has set it," + orNothing(Suggest.didYouMean(name, scriptNames));
    }
    Set<String> properties = new TreeSet<>();
    for (MetaProperty p : InvokerHelper.getMetaClass(e.getType()).getProperties()) {
      properties.add(p.getName());
    }
    return "no property `" + name + "` on " + e.getType().getName() + "," + orNothing(Suggest.didYouMean(name, properties));
  }

  private static String orNothing(String hint) {
    return hint.isEmpty() ? " and no known name is close" : hint;
  }

  /** Methods Groovy would call on the type: its own and the GDK's. */
  private static Set<String> methodNames(Class<?> type) {
    Set<String> names = new TreeSet<>();
    MetaClass meta = InvokerHelper.getMetaClass(type);
    for (MetaMethod m : meta.getMethods()) {
      names.add(m.getName());
    }
    for (MetaMethod m : meta.getMetaMethods()) {
      names.add(m.getName());
    }
    names.removeIf(n -> n.contains("$") || n.equals("methodMissing") || n.equals("propertyMissing"));
    return names;
  }

  private static String argumentTypes(Object[] args) {
    if (args == null) {
      return "";
    }
    return Arrays.stream(args).map(a -> a == null ? "null" : a.getClass().getSimpleName()).collect(Collectors.joining(", "));
  }
}
