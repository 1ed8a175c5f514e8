package io.envbook.kernel.jshell;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;

/**
 * Declares a cell of only new methods, only imports or only new types without JShell: JShell's
 * eval of a method costs 6 ms of javac work (it compiles the snippet twice and every wrapper
 * imports every earlier snippet), one javac task in a reused context well under 1 ms. The methods
 * go into a wrapper class of their own, {@code REPL.$EnvbookDecl$n}, which direct cells import; the
 * declarations are handed to JShell, in the order they were made, before JShell next evaluates,
 * completes or inspects anything, so from there on JShell knows them as if it had declared them
 * itself. Methods hold no state, so a call through the wrapper and one through JShell's own do the
 * same. An import is checked by compiling, without generating, an empty class with only it (an
 * import cell of a fresh kernel took 2.0 ms of CPU on JShell, 1.25 ms this way), then direct cells
 * import it too until JShell has it. Types are checked, and declared by JShell later
 * ({@link #declareTypes}). A redefinition, an overload of an earlier cell's method, a cell mixing
 * kinds, a cell that does not compile, or a session with a snippet waiting for a name goes to
 * JShell as before.
 */
final class DeclaredCells {
  static final String WRAPPER = CellCompiler.PACKAGE + ".$EnvbookDecl$";

  private static final java.util.regex.Pattern IMPORT =
      java.util.regex.Pattern.compile("\\s*import\\s+(?:static\\s+)?[\\w$]+(?:\\s*\\.\\s*[\\w$]+)*(?:\\s*\\.\\s*\\*)?\\s*;\\s*");
  private static final java.util.regex.Pattern METHOD_HEADER =
      java.util.regex.Pattern.compile("(?:[\\w$<>\\[\\],.?@]+\\s+)+[\\w$]+\\s*\\(");
  private final JShell jshell;
  private final LiveExecution live;
  private final CellCompiler compiler;
  /** Declarations JShell has not seen yet, in the order they were made. */
  private final List<Declaration> pending = new ArrayList<>();
  private int count;
  private int declared;

  /**
   * A cell's declaration: its snippets' source, the wrapper holding its methods and their names,
   * or (with no wrapper) its imports, or the names of its types.
   */
  private record Declaration(List<String> sources, String wrapper, List<String> methods, List<String> types) {
    boolean imports() {
      return wrapper == null && types.isEmpty();
    }
  }

  DeclaredCells(JShell jshell, LiveExecution live, CellCompiler compiler) {
    this.jshell = jshell;
    this.live = live;
    this.compiler = compiler;
  }

  /**
   * Declares the cell (its snippets as JShell's completeness analysis split it) when it is only new
   * methods and compiles against the session ({@code header}: its package line and
   * imports); false when JShell has to.
   */
  boolean declare(List<String> snippets, java.util.function.Supplier<String> header) throws jdk.jshell.spi.ExecutionControl.ExecutionControlException {
    if (waitingForAName()) {
      return false;
    }
    if (snippets.stream().allMatch(s -> IMPORT.matcher(s).matches())) {
      return importAll(snippets);
    }
    if (snippets.stream().allMatch(JShellEvaluator::declaresAType)) {
      return declareTypes(snippets, header.get());
    }
    if (!snippets.stream().allMatch(DeclaredCells::looksLikeAMethod)) {
      return false;
    }
    String className = "$EnvbookDecl$" + (++count);
    String source = wrapped(header.get(), className, "public static ", snippets);
    Set<String> taken = takenMethodNames();
    List<String> methods = new ArrayList<>();
    CellCompiler.Result result = compiler.compile(className, source, type -> onlyNewMethods(type, snippets.size(), taken, methods));
    if (!result.compiled()) {
      return false;
    }
    live.declare(result.classes());
    declared++;
    pending.add(new Declaration(List.copyOf(snippets), CellCompiler.PACKAGE + "." + className, List.copyOf(methods), List.of()));
    return true;
  }

  /**
   * Takes the imports when an empty class with only them compiles and none brings in a name the
   * session already has (JShell decides what such an import does). The class does not import the
   * session's other imports: each of those would be resolved again, 0.1 ms apiece.
   */
  private boolean importAll(List<String> snippets) {
    Set<String> taken = takenNames();
    if (snippets.stream().map(DeclaredCells::importedName).anyMatch(taken::contains)) {
      return false;
    }
    StringBuilder source = new StringBuilder("package " + CellCompiler.PACKAGE + "; ");
    snippets.forEach(s -> source.append(s.strip()).append(' '));
    source.append("public class $EnvbookImport {}");
    if (!compiler.compiles("$EnvbookImport", source.toString(), type -> true)) {
      return false;
    }
    declared++;
    pending.add(new Declaration(List.copyOf(snippets), null, List.of(), List.of()));
    return true;
  }

  /**
   * Takes new types when they compile as members of a class in the header direct cells use, and
   * leaves declaring them to JShell until a cell names one of them ({@link #namesAPendingType}) or
   * JShell is needed: JShell's eval of a class cost 5.9 ms of CPU in a fresh kernel (two javac tasks
   * which read again every earlier snippet's class), the check 1 ms. Nothing can hold an object of
   * such a type before JShell declares it, so the type a later cell sees is JShell's own.
   */
  private boolean declareTypes(List<String> snippets, String header) {
    String source = wrapped(header, "$EnvbookTypes", "static ", snippets);
    Set<String> taken = takenNames();
    List<String> names = new ArrayList<>();
    if (!compiler.compiles("$EnvbookTypes", source, type -> onlyNewTypes(type, snippets.size(), taken, names))) {
      return false;
    }
    declared++;
    pending.add(new Declaration(List.copyOf(snippets), null, List.of(), List.copyOf(names)));
    return true;
  }

  /** A public class holding the snippets, each after {@code modifiers}, lines where they were. */
  private static String wrapped(String header, String className, String modifiers, List<String> snippets) {
    StringBuilder source = new StringBuilder(header).append("public class ").append(className).append(" {\n");
    for (String s : snippets) {
      int code = s.length() - s.stripLeading().length();
      source.append(s, 0, code).append(modifiers).append(s.substring(code));
    }
    return source.append("\n}").toString();
  }

  /** The class holds exactly one type per snippet, each with a name the session does not have yet. */
  private static boolean onlyNewTypes(ClassTree type, int snippets, Set<String> taken, List<String> names) {
    if (type.getMembers().size() != snippets) {
      return false;
    }
    for (Tree member : type.getMembers()) {
      if (!(member instanceof ClassTree c) || !taken.add(c.getSimpleName().toString())) {
        return false;
      }
      names.add(c.getSimpleName().toString());
    }
    return true;
  }

  /** Whether the cell names a type declared here that JShell has not declared yet: then it must first. */
  boolean namesAPendingType(String code) {
    for (Declaration d : pending) {
      for (String name : d.types()) {
        if (containsWord(code, name)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean containsWord(String code, String word) {
    for (int at = code.indexOf(word); at >= 0; at = code.indexOf(word, at + 1)) {
      int end = at + word.length();
      if ((at == 0 || !Character.isJavaIdentifierPart(code.charAt(at - 1)))
          && (end == code.length() || !Character.isJavaIdentifierPart(code.charAt(end)))) {
        return true;
      }
    }
    return false;
  }

  /** The simple name a single import brings in; "*" for an import on demand, which cannot clash. */
  private static String importedName(String source) {
    String s = source.strip();
    s = s.endsWith(";") ? s.substring(0, s.length() - 1).strip() : s;
    return s.endsWith("*") ? "*" : s.substring(s.lastIndexOf('.') + 1).strip();
  }

  /** Every name the session's snippets and pending declarations declare or import. */
  private Set<String> takenNames() {
    Set<String> taken = takenMethodNames();
    jshell.types().filter(this::active).forEach(t -> taken.add(t.name()));
    jshell.variables().filter(this::active).forEach(v -> taken.add(v.name()));
    jshell.imports().filter(this::active).forEach(i -> taken.add(importedName(i.source())));
    pending.stream().filter(Declaration::imports).forEach(d -> d.sources().forEach(i -> taken.add(importedName(i))));
    pending.forEach(d -> taken.addAll(d.types()));
    taken.remove("*");
    return taken;
  }

  private boolean active(Snippet s) {
    return jshell.status(s).isActive();
  }

  /** A type and a name before the first parenthesis, a body at the end: worth a compile as a method. */
  private static boolean looksLikeAMethod(String snippet) {
    String s = snippet.strip();
    return s.endsWith("}") && METHOD_HEADER.matcher(s).lookingAt() && !s.startsWith("new ") && !s.startsWith("import ");
  }

  /** Whether JShell holds a snippet that a new name could complete: then JShell must see the declaration. */
  private boolean waitingForAName() {
    return jshell.snippets().anyMatch(s -> jshell.status(s) == Snippet.Status.RECOVERABLE_DEFINED
        || jshell.status(s) == Snippet.Status.RECOVERABLE_NOT_DEFINED);
  }

  private Set<String> takenMethodNames() {
    Set<String> taken = new HashSet<>();
    jshell.methods().forEach(m -> taken.add(m.name()));
    pending.forEach(d -> taken.addAll(d.methods()));
    return taken;
  }

  /** The wrapper holds exactly one method per snippet, each with a body and a name no earlier cell declared. */
  private static boolean onlyNewMethods(ClassTree type, int snippets, Set<String> taken, List<String> names) {
    if (type.getMembers().size() != snippets) {
      return false;
    }
    for (Tree member : type.getMembers()) {
      if (!(member instanceof MethodTree m) || m.getBody() == null || m.getReturnType() == null
          || taken.contains(m.getName().toString())) {
        return false;
      }
      names.add(m.getName().toString());
    }
    return true;
  }

  /** The pending declarations as imports for a direct cell's header. */
  void appendImports(StringBuilder header) {
    for (Declaration d : pending) {
      if (d.imports()) {
        d.sources().forEach(s -> header.append(s.strip()).append(' '));
      }
      d.methods().stream().distinct().forEach(m -> header.append("import static ").append(d.wrapper()).append('.').append(m).append("; "));
    }
  }

  /** Hands every pending declaration to JShell, which from now on declares them itself. */
  void handToJShell() {
    for (Declaration d : pending) {
      boolean accepted = true;
      for (String source : d.sources()) {
        accepted &= jshell.eval(source).stream().filter(e -> e.causeSnippet() == null).allMatch(e -> e.status() == Snippet.Status.VALID);
      }
      if (accepted && d.wrapper() != null) { // else direct cells keep calling the wrapper's methods, as they did
        live.replClasses().forget(d.wrapper());
      }
    }
    pending.clear();
  }

  /** How many cells were declared here (for tests). */
  int declared() {
    return declared;
  }
}
