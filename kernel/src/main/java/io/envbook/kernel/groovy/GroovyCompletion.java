package io.envbook.kernel.groovy;

import groovy.lang.Binding;
import io.envbook.kernel.Evaluator.Completion;
import io.envbook.sandbox.SandboxBackends;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Completion for Groovy cells from what the session holds: binding variables, Groovy
 * keywords, the DSL's words and the cell helpers; inside {@code sandbox '...'}, the sandbox backends; after a dot, the members (with Groovy's extension
 * methods) of the type the expression before it has (see {@link ReceiverTypes}).
 */
final class GroovyCompletion {
  static final List<String> KEYWORDS = List.of("def", "class", "interface", "enum", "if", "else", "for", "while", "return", "import",
      "new", "null", "true", "false", "try", "catch", "finally", "throw", "switch", "case", "default", "break", "continue", "in",
      "instanceof", "static", "final", "var", "this", "super");
  static final List<String> HELPERS = List.of("environment", "display", "updateDisplay", "clearOutput", "html", "markdown",
      "histogram", "help", "input", "comms", "scripted", "replay", "run", "load", "rescore", "compare", "println", "print", "printf");

  /** The inside of {@code sandbox '...'}, where the backends' names are offered. */
  private static final Pattern SANDBOX_ARGUMENT = Pattern.compile("\\bsandbox\\s*\\(?\\s*['\"]$");

  private GroovyCompletion() {}

  static Completion complete(Binding binding, ClassLoader loader, List<String> packages, String code, int cursor) {
    int start = cursor;
    while (start > 0 && Character.isJavaIdentifierPart(code.charAt(start - 1))) {
      start--;
    }
    String prefix = code.substring(start, cursor);
    TreeSet<String> found = new TreeSet<>();
    if (SANDBOX_ARGUMENT.matcher(code.substring(Math.max(0, start - 40), start)).find()) {
      SandboxBackends.names().forEach(name -> add(found, name, prefix));
    } else if (start > 0 && code.charAt(start - 1) == '.') {
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
}
