package io.envbook.kernel.jshell;

import io.envbook.kernel.Javadoc;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The Javadoc of a method JShell names only by its signature ({@code List<Rollout> RunSummary(...).rollouts()},
 * {@code RunSummary io.envbook.kernel.Notebook.run(...)}): JShell reads Javadoc from the JDK's sources
 * alone, so envbook's methods are found here, by owner class, name and parameter count.
 */
final class SignatureDocs {
  private SignatureDocs() {}

  /** The documentation of the method the signature names, or {@code null}. */
  static Javadoc.Doc find(String signature, List<String> packages) {
    String s = signature.replaceAll("\\s+throws\\s+[^()]*$", "").strip();
    if (!s.endsWith(")")) {
      return null;
    }
    int open = open(s, s.length() - 1);
    int nameEnd = open;
    int nameStart = nameEnd;
    while (nameStart > 0 && Character.isJavaIdentifierPart(s.charAt(nameStart - 1))) {
      nameStart--;
    }
    if (nameStart == 0 || s.charAt(nameStart - 1) != '.') {
      return null; // a constructor or a bare name
    }
    String owner = s.substring(0, nameStart - 1);
    if (owner.endsWith(")")) { // a record's header: RunSummary(java.lang.String env, ...)
      owner = owner.substring(0, open(owner, owner.length() - 1));
    }
    owner = owner.substring(lastTopLevelSpace(owner) + 1);
    Class<?> type = classNamed(owner, packages);
    if (type == null) {
      return null;
    }
    String name = s.substring(nameStart, nameEnd);
    int arity = arity(s.substring(open + 1, s.length() - 1));
    for (Method m : type.getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == arity) {
        return Javadoc.of(m);
      }
    }
    return null;
  }

  private static Class<?> classNamed(String name, List<String> packages) {
    List<String> candidates = new ArrayList<>(List.of(name));
    packages.forEach(p -> candidates.add(p + "." + name));
    for (String c : candidates) {
      try {
        return Class.forName(c, false, SignatureDocs.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        // not in this package
      }
    }
    return null;
  }

  private static int arity(String params) {
    if (params.isBlank()) {
      return 0;
    }
    int n = 1;
    int depth = 0;
    for (char c : params.toCharArray()) {
      depth += c == '<' ? 1 : c == '>' ? -1 : 0;
      n += c == ',' && depth == 0 ? 1 : 0;
    }
    return n;
  }

  private static int lastTopLevelSpace(String s) {
    int depth = 0;
    for (int i = s.length() - 1; i >= 0; i--) {
      char c = s.charAt(i);
      depth += c == '>' ? 1 : c == '<' ? -1 : 0;
      if (c == ' ' && depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /** The index of the parenthesis opening the one closing at {@code close}. */
  private static int open(String s, int close) {
    int depth = 0;
    for (int i = close; i >= 0; i--) {
      depth += s.charAt(i) == ')' ? 1 : s.charAt(i) == '(' ? -1 : 0;
      if (depth == 0) {
        return i;
      }
    }
    return 0;
  }
}
