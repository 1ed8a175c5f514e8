package io.envbook.kernel.jshell;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.tools.javac.api.JavacTaskImpl;
import com.sun.tools.javac.api.JavacTaskPool;
import com.sun.tools.javac.code.ClassFinder;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.ModuleSymbol;
import com.sun.tools.javac.code.Symbol.PackageSymbol;
import com.sun.tools.javac.code.Symtab;
import com.sun.tools.javac.util.Context;
import com.sun.tools.javac.util.Names;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles one class in package {@code REPL} against the session's snippet classes, in one javac
 * task from a reused compiler context. JShell runs four javac tasks per snippet (parse, type the
 * expression, check, generate), each with its own clean-up, which costs 12 ms for the cell
 * {@code 1}; a reused context compiles a small class in under 1 ms. The REPL package changes
 * between cells, so after every task its classes are forgotten by the shared context, as JShell does.
 */
final class CellCompiler {
  static final String PACKAGE = "REPL";
  private static final List<String> OPTIONS = List.of("-proc:none", "-Xlint:none", "-XDallowStringFolding=false");

  /** The outcome: class files, or the reason the cell cannot be compiled as one method. */
  record Result(Map<String, byte[]> classes, boolean declares, boolean parsed, Set<String> errorCodes) {
    boolean compiled() {
      return classes != null;
    }
  }

  private final JavacTaskPool pool = new JavacTaskPool(1);
  private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
  private final ReplClasses repl;
  private final Files files;
  /** The version of the REPL classes the shared context last listed; -1 before the first. */
  private long listedVersion = -1;

  CellCompiler(ReplClasses repl) throws IOException {
    this.repl = repl;
    StandardJavaFileManager standard = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
    List<File> classPath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        classPath.add(new File(entry));
      }
    }
    standard.setLocation(StandardLocation.CLASS_PATH, classPath);
    files = new Files(standard);
  }

  /**
   * Compiles {@code source}, one class; a class {@code fits} rejects once parsed is not compiled
   * ({@code declares}): a cell whose top level declares a variable or class belongs to JShell, which
   * keeps declarations across cells.
   */
  Result compile(String className, String source, Predicate<ClassTree> fits) {
    return compile(className, source, fits, true);
  }

  /**
   * Whether {@code source} compiles (and {@code fits}), without writing its class: checking an import
   * this way spends 15% less than compiling it.
   */
  boolean compiles(String className, String source, Predicate<ClassTree> fits) {
    return compile(className, source, fits, false).compiled();
  }

  private synchronized Result compile(String className, String source, Predicate<ClassTree> fits, boolean generate) {
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///" + PACKAGE + "/" + className + ".java"),
        JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    };
    files.output.clear();
    return pool.getTask(null, files, diagnostics, OPTIONS, null, List.of(unit), task -> {
      Context context = ((JavacTaskImpl) task).getContext(); // generate() lets go of it
      try {
        forgetStaleReplPackage(context);
        Iterable<? extends CompilationUnitTree> units = task.parse();
        if (hasErrors(diagnostics)) {
          return failed(diagnostics, false);
        }
        if (!fitsEvery(units, fits)) {
          return new Result(null, true, true, Set.of());
        }
        task.analyze();
        if (hasErrors(diagnostics)) {
          return failed(diagnostics, true);
        }
        if (!generate) {
          return new Result(Map.of(), false, true, Set.of());
        }
        task.generate();
        if (hasErrors(diagnostics)) {
          return failed(diagnostics, true);
        }
        return new Result(new LinkedHashMap<>(files.output), false, true, Set.of());
      } catch (IOException | RuntimeException | LinkageError | AssertionError e) {
        // javac gave up on this source (or crashed on it): JShell compiles the cell instead
        return new Result(null, false, true, Set.of());
      } finally {
        forgetReplPackage(context, className);
      }
    });
  }

  private static boolean hasErrors(DiagnosticCollector<JavaFileObject> diagnostics) {
    return diagnostics.getDiagnostics().stream().anyMatch(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR);
  }

  private static Result failed(DiagnosticCollector<JavaFileObject> diagnostics, boolean parsed) {
    Set<String> codes = new HashSet<>();
    diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR).forEach(d -> codes.add(d.getCode()));
    return new Result(null, false, parsed, codes);
  }

  private static boolean fitsEvery(Iterable<? extends CompilationUnitTree> units, Predicate<ClassTree> fits) {
    for (CompilationUnitTree unit : units) {
      for (Tree type : unit.getTypeDecls()) {
        if (!(type instanceof ClassTree c) || !fits.test(c)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Accepts a class whose method {@code methodName} declares no variable or class at its top level. */
  static Predicate<ClassTree> declaresNothingIn(String methodName) {
    return type -> {
      for (Tree member : type.getMembers()) {
        if (member instanceof MethodTree m && m.getName().contentEquals(methodName) && m.getBody() != null) {
          BlockTree body = m.getBody();
          for (StatementTree statement : body.getStatements()) {
            if (statement instanceof VariableTree || statement instanceof ClassTree) {
              return false;
            }
          }
        }
      }
      return true;
    };
  }

  /**
   * Takes this cell's class out of the shared context (a later cell may name a class of that name
   * that was loaded since, a declaration's), and forgets a stale REPL package.
   */
  private void forgetReplPackage(Context context, String className) {
    Symtab syms = Symtab.instance(context);
    ModuleSymbol module = module(syms);
    PackageSymbol package_ = replPackage(context);
    if (package_ == null) {
      return;
    }
    ClassSymbol cell = syms.getClass(module, Names.instance(context).fromString(PACKAGE + "." + className));
    if (cell != null) {
      if (package_.members_field != null) {
        package_.members_field.remove(cell);
      }
      syms.removeClass(module, cell.flatname);
    }
    forgetStaleReplPackage(context);
  }

  private static ModuleSymbol module(Symtab syms) {
    return syms.java_base == syms.noModule ? syms.noModule : syms.unnamedModule;
  }

  /** The shared context's REPL package, or null before any task entered it. */
  private static PackageSymbol replPackage(Context context) {
    Symtab syms = Symtab.instance(context);
    return syms.getPackage(module(syms), Names.instance(context).fromString(PACKAGE));
  }

  /**
   * When classes were loaded into the session since the shared context last listed the REPL package
   * (by JShell, or declared without it), forgets the package, so this task lists it as it is now.
   */
  private void forgetStaleReplPackage(Context context) {
    if (listedVersion == repl.version()) {
      return;
    }
    PackageSymbol package_ = replPackage(context);
    if (package_ == null) {
      return;
    }
    Symtab syms = Symtab.instance(context);
    Names names = Names.instance(context);
    ModuleSymbol module = module(syms);
    for (String name : files.served) {
      syms.removeClass(module, names.fromString(name));
    }
    files.served.clear();
    package_.members_field = null;
    package_.completer = ClassFinder.instance(context).getCompleter();
    listedVersion = repl.version();
  }

  /** The class path, plus the session's REPL classes from memory, plus class output to memory. */
  private final class Files extends ForwardingJavaFileManager<StandardJavaFileManager> {
    final Map<String, byte[]> output = new LinkedHashMap<>();
    final Set<String> served = new HashSet<>();

    Files(StandardJavaFileManager standard) {
      super(standard);
    }

    @Override
    public Iterable<JavaFileObject> list(Location location, String packageName, Set<JavaFileObject.Kind> kinds, boolean recurse)
        throws IOException {
      Iterable<JavaFileObject> listed = super.list(location, packageName, kinds, recurse);
      if (location != StandardLocation.CLASS_PATH || !packageName.equals(PACKAGE) || !kinds.contains(JavaFileObject.Kind.CLASS)) {
        return listed;
      }
      List<JavaFileObject> all = new ArrayList<>();
      listed.forEach(all::add);
      repl.bytes().forEach((name, code) -> {
        served.add(name);
        all.add(new ReplClassFile(name, code));
      });
      return all;
    }

    @Override
    public String inferBinaryName(Location location, JavaFileObject file) {
      return file instanceof ReplClassFile r ? r.binaryName : super.inferBinaryName(location, file);
    }

    @Override
    public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
      return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
        @Override
        public OutputStream openOutputStream() {
          return new ByteArrayOutputStream() {
            @Override
            public void close() {
              output.put(className, toByteArray());
            }
          };
        }
      };
    }
  }

  private static final class ReplClassFile extends SimpleJavaFileObject {
    final String binaryName;
    private final byte[] code;

    ReplClassFile(String binaryName, byte[] code) {
      super(URI.create("mem:///" + binaryName.replace('.', '/') + ".class"), Kind.CLASS);
      this.binaryName = binaryName;
      this.code = code;
    }

    @Override
    public InputStream openInputStream() {
      return new ByteArrayInputStream(code);
    }
  }
}
