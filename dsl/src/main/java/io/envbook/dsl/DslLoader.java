package io.envbook.dsl;

import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import groovy.transform.ThreadInterrupt;
import io.envbook.tools.Toolsets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.ASTTransformationCustomizer;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

/**
 * Compiles and runs environment scripts, checking them before any rollout: every mistake becomes a
 * {@link DslException} of one sentence with the script's file and line.
 *
 * <pre>{@code
 * DslEnvironment env = DslLoader.load(Path.of("examples/arithmetic/arithmetic.groovy"));
 * String summary = DslLoader.check(Path.of("examples/arithmetic/arithmetic.groovy"));
 * }</pre>
 */
public final class DslLoader {
  private DslLoader() {}

  public static DslEnvironment load(Path script) {
    String source;
    try {
      source = Files.readString(script, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new DslException(script + ": the script does not exist");
    } catch (IOException e) {
      throw new DslException(script + ": cannot read the script: " + e.getMessage());
    }
    Path dir = script.toAbsolutePath().getParent();
    return parse(source, script.getFileName().toString(), dir);
  }

  /** Compiles a script given as text; relative paths in it start from {@code baseDir}. */
  public static DslEnvironment parse(String source, String fileName, Path baseDir) {
    ScriptContext context = new ScriptContext(fileName, baseDir, source);
    CompilerConfiguration config = new CompilerConfiguration();
    config.setScriptBaseClass(EnvScript.class.getName());
    config.setParameters(true);
    // loops and closures check for interrupts, so a closure past its deadline stops instead of spinning on
    config.addCompilationCustomizers(new ASTTransformationCustomizer(ThreadInterrupt.class));
    GroovyShell shell = new GroovyShell(DslLoader.class.getClassLoader(), new Binding(), config);
    EnvScript script;
    try {
      script = (EnvScript) shell.parse(source, fileName);
    } catch (MultipleCompilationErrorsException e) {
      throw compileError(fileName, source, e);
    }
    script.context(context);
    try {
      script.run();
    } catch (DslException e) {
      throw e;
    } catch (MissingMethodException | MissingPropertyException e) {
      throw context.error(ScriptLines.lineOf(e, fileName), firstLine(e.getMessage()));
    } catch (RuntimeException e) {
      throw context.error(ScriptLines.lineOf(e, fileName), describe(e));
    }
    if (script.declared().isEmpty()) {
      throw context.error(-1, "the script declares no environment: write environment('name') { ... }");
    }
    if (script.declared().size() > 1) {
      EnvDefinition second = script.declared().get(1);
      throw context.error(second.line(), "a script declares one environment, and `" + script.declared().get(0).name()
          + "` was declared already");
    }
    return new DslEnvironment(script.declared().get(0));
  }

  /** Validates a script without running rollouts: loads its dataset and renders the first prompt. Returns a summary. */
  public static String check(Path script) {
    DslEnvironment env = load(script);
    int n = env.items().size();
    String first = env.formatPrompt(env.items().get(0));
    var c = env.config();
    return c.name() + ": " + n + " items, group " + c.groupSize() + ", tools " + toolNames(env) + ", "
        + (env.scriptedPolicy() != null ? "scripted model declared" : "no scripted model") + "\nfirst prompt: "
        + (first.length() > 200 ? first.substring(0, 200) + "…" : first);
  }

  private static String toolNames(DslEnvironment env) {
    var names = new java.util.ArrayList<String>();
    Toolsets.resolve(env.config().toolsets()).forEach(t -> names.add(t.name()));
    env.tools().forEach(t -> names.add(t.name()));
    return names.isEmpty() ? "none" : String.join(", ", names);
  }

  static void requireComplete(EnvSpec spec) {
    String missing = spec.dataset == null ? "a dataset (dataset jsonl('data/items.jsonl'), or dataset([[field: value], ...]))"
        : spec.prompt == null ? "a prompt (prompt { item -> \"...\" })"
        : spec.reward == null ? "a reward (reward { item, result, ctx -> 1.0 })"
        : null;
    if (missing != null) {
      throw spec.script.error(spec.line, "environment `" + spec.name + "` has no " + missing.substring(missing.indexOf(' ') + 1));
    }
  }

  private static DslException compileError(String fileName, String source, MultipleCompilationErrorsException e) {
    Message first = e.getErrorCollector().getErrors().isEmpty() ? null : e.getErrorCollector().getErrors().get(0);
    if (first instanceof SyntaxErrorMessage sem) {
      SyntaxException se = sem.getCause();
      long lines = source.lines().count();
      if (se.getLine() > lines) {
        return new DslException(fileName + ":" + lines + ": the script ends inside an unclosed `{`, `(` or string: close it");
      }
      String msg = se.getOriginalMessage();
      int at = msg.indexOf(" @ line ");
      String text = (at > 0 ? msg.substring(0, at) : msg).trim().replaceAll("\\s+", " ");
      return new DslException(fileName + ":" + se.getLine() + ": " + (text.length() > 120 ? text.substring(0, 120) + "…" : text)
          + " (column " + se.getStartColumn() + ")");
    }
    return new DslException(fileName + ": " + firstLine(e.getMessage()));
  }

  static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root && !(root instanceof DslException)) {
      root = root.getCause();
    }
    if (root instanceof StackOverflowError) {
      return io.envbook.util.Failures.describe(root);
    }
    String missing = MissingNames.sentence(root, java.util.Set.of());
    if (missing != null) {
      return MissingNames.exceptionName(root) + ": " + missing;
    }
    String msg = root.getMessage();
    return root instanceof DslException || root instanceof IllegalArgumentException && msg != null
        ? msg
        : root.getClass().getSimpleName() + (msg == null ? "" : ": " + firstLine(msg));
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }
}
