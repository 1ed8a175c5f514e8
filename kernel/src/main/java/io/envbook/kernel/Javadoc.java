package io.envbook.kernel;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Executable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipFile;
import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * The Javadoc and declared signature of a class or method, read at run time from its source: envbook's
 * own classes ship their sources in the jar (under {@code META-INF/envbook-sources/}), the JDK's come
 * from its {@code lib/src.zip} when installed. Each source file is parsed once (javac's parser only).
 *
 * <pre>{@code
 * Javadoc.Doc d = Javadoc.of(String.class.getMethod("substring", int.class));
 * d.signature();  // "String substring(int beginIndex)"
 * d.text();       // "Returns a string that is a substring of this string. ..."
 * }</pre>
 */
public final class Javadoc {
  private static final Map<String, Map<String, Doc>> PARSED = new ConcurrentHashMap<>();

  /** A member's signature as declared (parameter names included) and its Javadoc as plain text ("" when it has none). */
  public record Doc(String signature, String text) {}

  private Javadoc() {}

  /** The method's or constructor's documentation, or {@code null} when its source is not at hand. */
  public static Doc of(Executable m) {
    Map<String, Doc> docs = docs(m.getDeclaringClass());
    String name = m instanceof java.lang.reflect.Constructor<?> ? "<init>" : m.getName();
    Doc exact = docs.get(name + "/" + m.getParameterCount() + "/" + simpleTypes(m.getParameterTypes()));
    if (exact != null) {
      return exact;
    }
    Doc byCount = docs.get(name + "/" + m.getParameterCount()); // e.g. a generic parameter erased differently
    if (byCount != null) {
      return byCount;
    }
    Doc component = m.getParameterCount() == 0 ? docs.get("component " + name) : null; // a record's accessor
    return component;
  }

  /** The class's documentation, or {@code null} when its source is not at hand. */
  public static Doc of(Class<?> c) {
    return docs(c).get("class");
  }

  private static Map<String, Doc> docs(Class<?> c) {
    Class<?> top = c;
    while (top.getEnclosingClass() != null) {
      top = top.getEnclosingClass();
    }
    Map<String, Doc> all = PARSED.computeIfAbsent(top.getName(), n -> parse(source(c)));
    String prefix = c.getName().substring(top.getName().length()).replace('$', '.');
    Map<String, Doc> own = new HashMap<>();
    all.forEach((k, v) -> {
      int bar = k.indexOf('|');
      if (k.substring(0, bar).equals(prefix)) {
        own.put(k.substring(bar + 1), v);
      }
    });
    return own;
  }

  /** The source text of the class's file, or {@code null}. */
  static String source(Class<?> c) {
    Class<?> top = c;
    while (top.getEnclosingClass() != null) {
      top = top.getEnclosingClass();
    }
    String path = top.getName().replace('.', '/') + ".java";
    ClassLoader loader = top.getClassLoader() == null ? Javadoc.class.getClassLoader() : top.getClassLoader();
    try (InputStream in = loader.getResourceAsStream("META-INF/envbook-sources/" + path)) {
      if (in != null) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      return null;
    }
    return jdkSource(top.getModule().getName(), path);
  }

  private static String jdkSource(String module, String path) {
    Path zip = Path.of(System.getProperty("java.home"), "lib", "src.zip");
    if (module == null || !Files.isReadable(zip)) {
      return null;
    }
    try (ZipFile z = new ZipFile(zip.toFile())) {
      var entry = z.getEntry(module + "/" + path);
      if (entry == null) {
        return null;
      }
      try (InputStream in = z.getInputStream(entry)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      return null;
    }
  }

  /** Every documented declaration of a source file, keyed by nested-class path, then member. */
  private static Map<String, Doc> parse(String source) {
    Map<String, Doc> out = new HashMap<>();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (source == null || javac == null) {
      return out;
    }
    SimpleJavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Source.java"), SimpleJavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    };
    JavacTask task = (JavacTask) javac.getTask(null, null, d -> { }, List.of("-proc:none"), null, List.of(file));
    DocTrees trees = DocTrees.instance(task);
    try {
      for (CompilationUnitTree unit : task.parse()) {
        new Scanner(trees, out).scan(unit, "");
      }
    } catch (IOException | RuntimeException e) {
      return out; // a source javac cannot read shows no Javadoc, nothing worse
    }
    return out;
  }

  /** Walks classes and their members, recording each one's signature and Javadoc. */
  private static final class Scanner extends TreePathScanner<Void, String> {
    private final DocTrees trees;
    private final Map<String, Doc> out;

    Scanner(DocTrees trees, Map<String, Doc> out) {
      this.trees = trees;
      this.out = out;
    }

    @Override
    public Void visitClass(ClassTree c, String outer) {
      String path = getCurrentPath().getParentPath().getLeaf() instanceof CompilationUnitTree ? "" : outer + "." + c.getSimpleName();
      DocCommentTree doc = trees.getDocCommentTree(getCurrentPath());
      out.put(path + "|class", new Doc(c.getKind().name().toLowerCase(java.util.Locale.ROOT) + " " + c.getSimpleName(), text(doc)));
      if (doc != null && c.getKind() == Tree.Kind.RECORD) {
        components(c, doc, path);
      }
      for (Tree member : c.getMembers()) {
        scan(member, path);
      }
      return null;
    }

    @Override
    public Void visitMethod(MethodTree m, String owner) {
      List<String> types = new ArrayList<>();
      List<String> params = new ArrayList<>();
      for (VariableTree p : m.getParameters()) {
        types.add(erasure(p.getType().toString()));
        params.add(p.getType() + " " + p.getName());
      }
      String name = m.getName().toString();
      String signature = (m.getReturnType() == null ? "" : m.getReturnType() + " ") + name + "(" + String.join(", ", params) + ")";
      Doc d = new Doc(signature, text(trees.getDocCommentTree(getCurrentPath())));
      out.put(owner + "|" + name + "/" + types.size() + "/" + String.join(",", types), d);
      out.putIfAbsent(owner + "|" + name + "/" + types.size(), d);
      return null;
    }

    /** A record's components are documented by the record's {@code @param} tags; their accessors show those. */
    private void components(ClassTree c, DocCommentTree doc, String path) {
      for (var tag : doc.getBlockTags()) {
        if (tag instanceof com.sun.source.doctree.ParamTree p) {
          String name = p.getName().toString();
          String type = c.getMembers().stream().filter(VariableTree.class::isInstance).map(VariableTree.class::cast)
              .filter(v -> v.getName().contentEquals(name)).map(v -> v.getType() + " ").findFirst().orElse("");
          out.put(path + "|component " + name, new Doc(type + name + "()", Javadoc.text(String.valueOf(p.getDescription()))));
        }
      }
    }
  }

  private static String text(DocCommentTree doc) {
    return doc == null ? "" : text(doc.toString());
  }

  /** Javadoc source as plain text: inline tags unwrapped, HTML dropped, block tags on lines of their own. */
  public static String text(String javadoc) {
    String s = javadoc.replaceAll("\\{@(?:code|literal|value) ?([^{}]*(?:\\{[^{}]*\\}[^{}]*)*)\\}", "$1")
        .replaceAll("\\{@link(?:plain)? +[^\\s}]+ +([^}]+)\\}", "$1")
        .replaceAll("\\{@link(?:plain)? +#?([^\\s}]+)\\}", "$1")
        .replaceAll("\\{@inheritDoc\\}", "")
        .replaceAll("(?i)<p>|</p>|<br>", "\n")
        .replaceAll("(?i)<li>", "\n- ")
        .replaceAll("<[^>]+>", "")
        .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    s = s.replaceAll("(?m)^[ \\t]+", "").replaceAll("\n{3,}", "\n\n");
    s = s.replaceAll("\n?@param +(\\S+) +", "\n  $1: ").replaceAll("\n?@return +", "\nReturns: ").replaceAll("\n?@throws +", "\nThrows: ");
    return s.strip();
  }

  private static String erasure(String type) {
    String t = type.replaceAll("<.*>", "").replace("...", "[]");
    return t.substring(t.lastIndexOf('.', t.contains("[") ? t.indexOf('[') : t.length()) + 1);
  }

  private static String simpleTypes(Class<?>[] types) {
    List<String> names = new ArrayList<>();
    for (Class<?> t : types) {
      names.add(t.getSimpleName());
    }
    return String.join(",", names);
  }
}
