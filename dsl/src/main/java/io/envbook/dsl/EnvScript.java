package io.envbook.dsl;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.Script;
import io.envbook.util.Suggest;
import java.util.List;

/**
 * The base class of environment scripts. A script declares one environment:
 *
 * <pre>{@code
 * environment('arithmetic') {
 *     dataset jsonl('data/sums.jsonl')
 *     prompt { item -> "What is ${item.a} + ${item.b}? Use the add tool." }
 *     tool('add', 'Adds two integers') { int a, int b -> a + b }
 *     reward { item, result -> result.finalText().contains("${item.a + item.b}") }
 *     model scripted { turn == 0 ? tool('add', a: item.a, b: item.b) : say("The sum is ${lastToolResult}") }
 * }
 * }</pre>
 *
 * Names the script uses that are neither its own variables nor DSL words fail at once with the
 * closest DSL word.
 */
public abstract class EnvScript extends Script {
  private ScriptContext context;
  private final java.util.List<EnvDefinition> declared = new java.util.ArrayList<>();

  /** Sets where the script lives (its name in messages, the folder relative paths start from). */
  public void context(String fileName, java.nio.file.Path baseDir) {
    context(fileName, baseDir, null);
  }

  /**
   * Sets where the script lives and its source text, from which rollout files record the source of
   * its prompt, reward and tool closures (without it, they record the closures' class names).
   */
  public void context(String fileName, java.nio.file.Path baseDir, String source) {
    this.context = new ScriptContext(fileName, baseDir, source);
  }

  void context(ScriptContext context) {
    this.context = context;
  }

  java.util.List<EnvDefinition> declared() {
    return declared;
  }

  /** Declares an environment, checks it is complete, and returns it; its body uses the words of {@link EnvSpec}. */
  public DslEnvironment environment(String name,
      @DelegatesTo(value = EnvSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw context.error("environment name `" + name + "` is not allowed: use letters, digits, '.', '_' and '-'");
    }
    EnvSpec s = new EnvSpec(context, name, context.line());
    context.blocks().run("keyword", EnvSpec.KEYWORDS, () -> Blocks.callWith(body, s));
    EnvDefinition definition = EnvDefinition.of(s);
    declared.add(definition);
    return new DslEnvironment(definition);
  }

  /**
   * A model on an OpenAI-compatible server, outside an environment too (a notebook's
   * {@code run(env, model: openai(...))}): {@code openai(baseUrl: 'http://localhost:8000/v1', model: 'Qwen/Qwen3-8B')}.
   */
  public io.envbook.model.ChatModel openai(java.util.Map<String, ?> options) {
    return OpenAiOptions.model(options, context::error);
  }

  /** The value of an environment variable, or {@code null}: {@code apiKey: env('OPENAI_API_KEY')}. */
  public String env(String variable) {
    return System.getenv(variable);
  }

  /** A mistake in the script, as one sentence with the script's file and current line. */
  protected final DslException scriptError(String sentence) {
    return context.error(sentence);
  }

  /** True while a DSL block runs, when an unknown name is a DSL mistake rather than a plain Groovy one. */
  protected boolean insideBlock() {
    return context != null && context.blocks().current() != null;
  }

  public Object methodMissing(String name, Object args) {
    EnvSpec.SandboxChoice backend = EnvSpec.SandboxChoice.of(name, args);
    if (backend != null && insideBlock()) {
      return backend; // sandbox kubernetes(namespace: ...)
    }
    throw unknown(name);
  }

  public Object propertyMissing(String name) {
    throw unknown(name);
  }

  private DslException unknown(String name) {
    Blocks.Block block = context.blocks().current();
    if (block == null) {
      return context.error("unknown name `" + name + "`:" + Suggest.didYouMean(name, List.of("environment"))
          + " A script starts with environment('name') { ... }");
    }
    String hint = Suggest.didYouMean(name, block.words());
    return context.error("unknown " + block.kind() + " `" + name + "`:"
        + (hint.isEmpty() ? " " + plural(block.kind()) + ": " + String.join(", ", block.words()) : hint));
  }

  private static String plural(String kind) {
    String k = Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
    return k.endsWith("s") ? k : k + "s";
  }
}
