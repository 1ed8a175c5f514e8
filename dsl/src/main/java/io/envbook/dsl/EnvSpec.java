package io.envbook.dsl;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.transform.stc.ClosureParams;
import groovy.transform.stc.FromString;
import groovy.transform.stc.SimpleType;
import io.envbook.data.DatasetFiles;
import io.envbook.data.Datasets;
import io.envbook.data.HuggingFace;
import io.envbook.env.Limits;
import io.envbook.env.RewardRange;
import io.envbook.model.ChatModel;
import io.envbook.model.ReplayModel;
import io.envbook.sandbox.SandboxBackends;
import io.envbook.tools.mcp.McpServer;
import io.envbook.util.Suggest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The body of {@code environment(name) { ... }}: every keyword of the DSL is a method here. It only
 * records what the script says; {@link EnvDefinition} checks it is complete and freezes it.
 */
public final class EnvSpec {
  /** The words of an environment's body; the sandbox backends that take settings are words too ({@code kubernetes(...)}). */
  static final List<String> KEYWORDS = Stream.concat(Stream.of("dataset", "items", "jsonl", "json", "csv", "parquet",
      "huggingface", "system", "prompt", "prepare", "tools", "tool", "limits", "group", "sandbox", "parser", "temperature", "reward", "weights",
      "rewardRange", "evaluate", "model", "scripted", "openai", "replay", "env", "mcp", "judge", "scriptedJudge"),
      SandboxBackends.all().stream().filter(b -> !b.settings().isEmpty()).map(SandboxBackends.Backend::name)).toList();
  static final List<String> PARSERS = List.of("hermes", "qwen", "longcat", "mistral", "llama3_json", "llama4_json",
      "qwen3_coder", "deepseek_v3", "deepseek_v3_1", "deepseek_v31", "kimi_k2", "glm45", "glm47");

  final ScriptContext script;
  final String name;
  final int line;
  DatasetSource dataset;
  String system;
  Closure<?> prompt;
  int promptLine;
  final List<String> toolsets = new ArrayList<>();
  final List<ClosureTool> tools = new ArrayList<>();
  final List<McpServer> mcpServers = new ArrayList<>();
  Limits limits = Limits.DEFAULT;
  int group = 1;
  String sandbox = "local";
  Map<String, String> sandboxSettings = Map.of();
  String parser = "hermes";
  Double temperature;
  Closure<?> reward;
  int rewardLine;
  Closure<?> prepare;
  int prepareLine;
  final Map<String, Double> weights = new LinkedHashMap<>();
  RewardRange rewardRange = RewardRange.UNIT;
  Closure<?> evaluate;
  int evaluateLine;
  ChatModel model;
  ScriptedPolicy scripted;
  ChatModel judgeModel;

  EnvSpec(ScriptContext script, String name, int line) {
    this.script = script;
    this.name = name;
    this.line = line;
  }

  // ---- data

  public void dataset(DatasetSource source) {
    this.dataset = source;
  }

  /** Inline items: {@code dataset([[q: '2+3', answer: 5], [q: '4+4', answer: 8]])}. */
  public void dataset(List<Map<String, ?>> rows) {
    dataset(items(rows));
  }

  public DatasetSource items(List<Map<String, ?>> rows) {
    List<Map<String, Object>> plain = rows.stream().map(r -> r instanceof Map<?, ?> ? Values.plainMap(r) : null).toList();
    return new DatasetSource("inline items", () -> Datasets.inline(plain).items().stream(), script.line());
  }

  public DatasetSource jsonl(String path) {
    return new DatasetSource(path, () -> DatasetFiles.jsonl(script.resolve(path)), script.line());
  }

  public DatasetSource json(String path) {
    return new DatasetSource(path, () -> DatasetFiles.json(script.resolve(path)), script.line());
  }

  public DatasetSource csv(String path) {
    return new DatasetSource(path, () -> DatasetFiles.csv(script.resolve(path)), script.line());
  }

  /** {@code parquet('data/train.parquet')}: a Parquet file, read a row at a time. */
  public DatasetSource parquet(String path) {
    return new DatasetSource(path, () -> DatasetFiles.parquet(List.of(script.resolve(path))), script.line());
  }

  /** {@code huggingface('owner/name', split: 'test', config: 'main')} or {@code huggingface('owner/name', file: 'data/x.jsonl')}. */
  public DatasetSource huggingface(Map<String, ?> options, String repo) {
    HuggingFace.Builder b = HuggingFace.builder(repo);
    for (Map.Entry<String, ?> e : options.entrySet()) {
      String v = String.valueOf(e.getValue());
      switch (e.getKey()) {
        case "split" -> b.split(v);
        case "config" -> b.config(v);
        case "file" -> b.file(v);
        case "revision" -> b.revision(v);
        default -> throw script.error("unknown huggingface option `" + e.getKey() + "`:"
            + Suggest.didYouMean(e.getKey(), List.of("split", "config", "file", "revision")) + " Options: split, config, file, revision");
      }
    }
    HuggingFace hf = b.build();
    return new DatasetSource("huggingface " + repo, hf::stream, script.line());
  }

  public DatasetSource huggingface(String repo) {
    return huggingface(Map.of(), repo);
  }

  // ---- prompt and tools

  public void system(String text) {
    this.system = text;
  }

  public void prompt(@ClosureParams(value = SimpleType.class, options = "java.util.Map") Closure<?> body) {
    if (body.getMaximumNumberOfParameters() > 1) {
      throw script.error("prompt takes one parameter (the item), got " + body.getMaximumNumberOfParameters());
    }
    this.prompt = body;
    this.promptLine = script.line();
  }

  /** Fills each rollout's fresh sandbox before the agent starts: {@code prepare { item, ctx -> ctx.writeFile('calc.py', item.code) }}. */
  public void prepare(@ClosureParams(value = FromString.class, options = "java.util.Map,io.envbook.env.ToolContext") Closure<?> body) {
    if (body.getMaximumNumberOfParameters() != 2) {
      throw script.error("prepare takes 2 parameters (item, ctx), got " + body.getMaximumNumberOfParameters());
    }
    this.prepare = body;
    this.prepareLine = script.line();
  }

  /** Built-in toolsets by name and MCP servers: {@code tools 'terminal', 'file', mcp('npx', '-y', '@modelcontextprotocol/server-everything')}. */
  public void tools(Object... entries) {
    for (Object entry : entries) {
      if (entry instanceof McpServer server) {
        mcpServers.add(server);
        continue;
      }
      String n = String.valueOf(entry);
      if (!io.envbook.tools.Toolsets.names().contains(n)) {
        throw script.error("unknown toolset `" + n + "`:" + Suggest.didYouMean(n, io.envbook.tools.Toolsets.names())
            + " Toolsets: " + String.join(", ", io.envbook.tools.Toolsets.names()) + ", or an MCP server: mcp(...)");
      }
      toolsets.add(n);
    }
  }

  /**
   * An MCP tool server for {@code tools}: a command ({@code mcp('npx', '-y',
   * '@modelcontextprotocol/server-filesystem', '{sandbox}')}, where {@code {sandbox}} is the rollout's
   * sandbox directory) or {@code mcp(url: 'http://localhost:3001/mcp')}; options {@code scope:
   * 'rollout'|'shared'}, {@code prefix:}, {@code env:}, {@code startTimeout:}.
   */
  public McpServer mcp(Map<String, ?> options, String... command) {
    return McpOptions.server(script, options, List.of(command));
  }

  public McpServer mcp(String... command) {
    return mcp(Map.of(), command);
  }

  /** A tool of your own: {@code tool('add', 'Adds two integers') { int a, int b -> a + b }}. */
  public void tool(String toolName, String description, Closure<?> body) {
    if (!toolName.matches("[A-Za-z_][A-Za-z0-9_-]{0,63}")) {
      throw script.error("tool name `" + toolName + "` is not allowed: use letters, digits, _ and -, starting with a letter");
    }
    if (tools.stream().anyMatch(t -> t.name().equals(toolName))) {
      throw script.error("tool `" + toolName + "` is declared twice: give one of them another name");
    }
    tools.add(ClosureTool.of(script, toolName, description, body));
  }

  public void limits(@DelegatesTo(value = LimitsSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
    LimitsSpec spec = new LimitsSpec(script, limits);
    script.blocks().run("limits option", LimitsSpec.OPTIONS, () -> Blocks.callWith(body, spec));
    limits = spec.limits();
  }

  public void group(int n) {
    if (n < 1) {
      throw script.error("group must be at least 1 rollout per item, got " + n);
    }
    this.group = n;
  }

  /** The sandbox backend, one of {@link SandboxBackends#names()}: {@code sandbox 'bubblewrap'}. */
  public void sandbox(String backend) {
    sandbox(Map.of(), backend);
  }

  /**
   * The sandbox backend with its settings: {@code sandbox 'kubernetes', namespace: 'rollouts', image: 'python:3.12-slim'}
   * (the settings {@link SandboxBackends.Backend#settings()} lists).
   */
  public void sandbox(Map<String, ?> settings, String backend) {
    List<String> backends = SandboxBackends.names();
    if (!backends.contains(backend)) {
      throw script.error("unknown sandbox `" + backend + "`:" + Suggest.didYouMean(backend, backends) + " Sandboxes: "
          + String.join(", ", backends));
    }
    List<String> known = SandboxBackends.named(backend).settings();
    Map<String, String> given = new LinkedHashMap<>();
    settings.forEach((key, value) -> {
      if (!known.contains(key)) {
        throw script.error("the " + backend + " sandbox has no setting `" + key + "`:" + (known.isEmpty() ? " it takes none"
            : Suggest.didYouMean(key, known) + " Settings: " + String.join(", ", known)));
      }
      given.put(key, String.valueOf(value));
    });
    this.sandbox = backend;
    this.sandboxSettings = Map.copyOf(given);
  }

  /** {@code sandbox kubernetes(namespace: 'rollouts', image: 'python:3.12-slim')}: a backend that takes settings, called by its name. */
  public void sandbox(SandboxChoice choice) {
    sandbox(choice.settings(), choice.backend());
  }

  /** A backend with its settings, as {@code kubernetes(namespace: ...)} names it (see {@link #of}). */
  public record SandboxChoice(String backend, Map<String, ?> settings) {
    /**
     * The choice {@code name(settings)} makes when {@code name} is a backend that takes settings and
     * the call gives named arguments only, else {@code null}: the script's {@code methodMissing} asks,
     * so registering such a backend in {@link SandboxBackends} is all the DSL needs.
     */
    @SuppressWarnings("unchecked")
    static SandboxChoice of(String name, Object args) {
      if (!(args instanceof Object[] a) || a.length != 1 || !(a[0] instanceof Map<?, ?> settings) || !SandboxBackends.names().contains(name)
          || SandboxBackends.named(name).settings().isEmpty()) {
        return null;
      }
      return new SandboxChoice(name, (Map<String, ?>) settings);
    }
  }

  public void parser(String parserName) {
    if (!PARSERS.contains(parserName)) {
      throw script.error("unknown tool-call parser `" + parserName + "`:" + Suggest.didYouMean(parserName, PARSERS)
          + " Parsers: " + String.join(", ", PARSERS));
    }
    this.parser = parserName;
  }

  public void temperature(double t) {
    if (t < 0 || t > 2) {
      throw script.error("temperature must be between 0 and 2, got " + t);
    }
    this.temperature = t;
  }

  // ---- scoring

  /** {@code reward { item, result, ctx -> ... }}: return a number, true/false, or {@code parts(name: score, ...)}. */
  public void reward(@DelegatesTo(value = RewardScope.class, strategy = Closure.DELEGATE_FIRST)
      @ClosureParams(value = FromString.class, options = {"java.util.Map", "java.util.Map,io.envbook.loop.AgentResult",
          "java.util.Map,io.envbook.loop.AgentResult,io.envbook.env.ToolContext"}) Closure<?> body) {
    if (body.getMaximumNumberOfParameters() > 3) {
      throw script.error("reward takes up to 3 parameters (item, result, ctx), got " + body.getMaximumNumberOfParameters());
    }
    this.reward = body;
    this.rewardLine = script.line();
  }

  /**
   * Weights of reward parts: {@code weights correct: 0.8, format: 0.2}. With weights, every part the reward gives needs
   * one and every weight a part; without, each part counts 1.0.
   */
  public void weights(Map<String, ? extends Number> w) {
    w.forEach((k, v) -> weights.put(k, v.doubleValue()));
  }

  /**
   * The values rewards may take when not 0.0 to 1.0: {@code rewardRange -1, 1}. A reward outside the
   * range fails its rollout.
   */
  public void rewardRange(Number min, Number max) {
    double lo = min.doubleValue();
    double hi = max.doubleValue();
    if (!Double.isFinite(lo) || !Double.isFinite(hi) || lo >= hi) {
      throw script.error("rewardRange takes the lowest and the highest reward, lowest first, as finite numbers: got " + min + ", " + max);
    }
    this.rewardRange = new RewardRange(lo, hi);
  }

  /**
   * The environment's own evaluation: {@code evaluate { def rs = rollouts('data/held_out.jsonl');
   * ['eval/percent_correct': passRate(rs)] }}, run by {@code envbook eval} and {@code envbook serve}
   * (see {@link EvalScope}).
   */
  public void evaluate(@DelegatesTo(EvalScope.class) @ClosureParams(value = SimpleType.class, options = "io.envbook.dsl.EvalScope")
      Closure<?> body) {
    this.evaluate = body;
    this.evaluateLine = script.line();
  }

  // ---- models

  public void model(ChatModel m) {
    this.model = m;
  }

  public void model(ScriptedPolicy policy) {
    this.scripted = policy;
  }

  /** The built-in offline model: {@code scripted { turn == 0 ? tool('terminal', command: 'ls') : say('done') }}. */
  public ScriptedPolicy scripted(@DelegatesTo(value = ScriptedTurn.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
    return new ScriptedPolicy(script, body);
  }

  /** {@code openai(baseUrl: 'http://localhost:8000/v1', model: 'Qwen/Qwen3-8B', apiKey: env('OPENAI_API_KEY'))}. */
  public ChatModel openai(Map<String, ?> options) {
    return OpenAiOptions.model(options, script::error);
  }

  /** The model {@code judge('rubric')} asks in the reward: {@code judge openai(...)} or {@code judge scriptedJudge { s -> ... }}. */
  public void judge(ChatModel m) {
    this.judgeModel = m;
  }

  /**
   * The built-in offline judge: the closure gets what is judged ({@code s.answer}, {@code s.question},
   * {@code s.rubric}, {@code s.item}, the {@code context:} fields, {@code s.attempt}) and returns a score,
   * true/false, {@code [score: .., verdict: .., reasoning: ..]}, or a string sent as the judge's text.
   */
  public ChatModel scriptedJudge(Closure<?> body) {
    return io.envbook.judge.ScriptedJudge.of(subject -> body.call(subject));
  }

  public ChatModel replay(String path) {
    try {
      return ReplayModel.load(script.resolve(path));
    } catch (IOException e) {
      throw script.error(e.getMessage());
    }
  }

  /** The value of an environment variable, or {@code null}; for API keys: {@code apiKey: env('OPENAI_API_KEY')}. */
  public String env(String variable) {
    return System.getenv(variable);
  }

}
