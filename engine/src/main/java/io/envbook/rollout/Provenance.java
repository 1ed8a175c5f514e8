package io.envbook.rollout;

import io.envbook.env.EnvConfig;
import io.envbook.env.Environment;
import io.envbook.env.Limits;
import io.envbook.json.Json;
import io.envbook.model.ChatModel;
import io.envbook.tools.Tool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What produced a rollout file, as named facts in three parts: the environment (its config, its
 * tools, and what {@link Environment#provenance()} adds, such as a script's prompt and reward source),
 * the model ({@link ChatModel#provenance()}: name, servers without credentials, a scripted model's
 * policy) and the run (group size, sandbox backend). A rollout file keeps it on its first line, and a
 * run resumes a file only when nothing {@link #differencesFrom differs}.
 *
 * <pre>{@code
 * Provenance now = Provenance.of(env, model, 4, "local");
 * List<String> changes = now.differencesFrom(RolloutFile.read(file).provenance()); // ["the reward changed"]
 * }</pre>
 */
public record Provenance(Map<String, String> environment, Map<String, String> model, Map<String, String> run) {
  /** The field that marks a rollout file's header line; its value is the header's format version. */
  static final String HEADER_FIELD = "envbook_run";

  private static final int SHOWN_CHARS = 60;

  public Provenance {
    environment = frozen(environment);
    model = frozen(model);
    run = frozen(run);
  }

  /** What a run of {@code env} on {@code model}, {@code groupSize} rollouts per item in {@code sandbox}, is made of. */
  public static Provenance of(Environment env, ChatModel model, int groupSize, String sandbox) {
    Map<String, String> r = new LinkedHashMap<>();
    r.put("group_size", Integer.toString(groupSize));
    r.put("sandbox", sandbox);
    return new Provenance(environmentFacts(env), model.provenance(), r);
  }

  /** The same provenance with one more fact about the run ({@code null}: none, left out). */
  public Provenance withRun(String fact, String value) {
    if (value == null) {
      return this;
    }
    Map<String, String> r = new LinkedHashMap<>(run);
    r.put(fact, value);
    return new Provenance(environment, model, r);
  }

  /** The same provenance without these facts about the run. */
  public Provenance withoutRun(String... facts) {
    Map<String, String> r = new LinkedHashMap<>(run);
    for (String f : facts) {
      r.remove(f);
    }
    return new Provenance(environment, model, r);
  }

  /**
   * The same model and run with {@code env}'s facts: what a file of rollouts rescored by {@code env}
   * records ({@code envbook rescore}).
   */
  public Provenance withEnvironment(Environment env) {
    return new Provenance(environmentFacts(env), model, run);
  }

  private static Map<String, String> environmentFacts(Environment env) {
    EnvConfig c = env.config();
    Map<String, String> e = new LinkedHashMap<>();
    e.put("name", c.name());
    e.put("system_prompt", c.systemPrompt());
    e.put("toolsets", String.join(", ", c.toolsets()));
    for (Tool t : env.tools()) {
      e.put("tool:" + t.schema().name(), t.schema().description() + " " + Json.write(t.schema().parameters()));
    }
    for (io.envbook.tools.mcp.McpServer s : env.mcpServers()) {
      e.put("mcp:" + s.label(), s.scope().name().toLowerCase(java.util.Locale.ROOT) + (s.prefix().isEmpty() ? "" : " prefix " + s.prefix()));
    }
    e.put("tool_call_parser", c.toolCallParser());
    e.put("temperature", c.temperature() == null ? null : c.temperature().toString());
    e.put("max_tokens_per_call", c.maxTokensPerCall() == null ? null : c.maxTokensPerCall().toString());
    Limits l = c.limits();
    e.put("max_turns", Integer.toString(l.maxTurns()));
    e.put("max_tokens", Long.toString(l.maxTokens()));
    e.put("wall_time", l.wallTime().toString());
    e.put("tool_timeout", l.toolTimeout().toString());
    e.put("max_tool_output_chars", Integer.toString(l.maxToolOutputChars()));
    e.putAll(env.provenance());
    return e;
  }

  /**
   * What changed since {@code then}, one phrase per fact ({@code "the model changed from `scripted`
   * to `openai:qwen3`"}, {@code "the reward changed"}); empty when the two match. Another model or
   * environment name is one phrase, without the settings that differ with it.
   */
  public List<String> differencesFrom(Provenance then) {
    List<String> out = new ArrayList<>();
    compare("environment", then.environment, environment, out);
    compare("model", then.model, model, out);
    compare("run", then.run, run, out);
    return out;
  }

  /** The header line's JSON: the format version, when it was written, and the three parts. */
  public ObjectNode toJson() {
    ObjectNode o = Json.object().put(HEADER_FIELD, 1).put("written_at", Instant.now().toString());
    o.set("environment", Json.toTree(environment));
    o.set("model", Json.toTree(model));
    o.set("run", Json.toTree(run));
    return o;
  }

  /** Reads a header line; parts or facts it lacks read as empty. */
  public static Provenance fromJson(JsonNode o) {
    return new Provenance(facts(o.get("environment")), facts(o.get("model")), facts(o.get("run")));
  }

  private static Map<String, String> facts(JsonNode part) {
    Map<String, String> m = new LinkedHashMap<>();
    if (part != null && part.isObject()) {
      part.properties().forEach(f -> m.put(f.getKey(), f.getValue().isString() ? f.getValue().asString() : f.getValue().toString()));
    }
    return m;
  }

  private static Map<String, String> frozen(Map<String, String> facts) {
    Map<String, String> m = new LinkedHashMap<>();
    if (facts != null) {
      facts.forEach((k, v) -> {
        if (v != null) {
          m.put(k, v);
        }
      });
    }
    return Collections.unmodifiableMap(m);
  }

  /** Each fact that differs; when the part's name differs (another model), only that, the rest follows from it. */
  private static void compare(String part, Map<String, String> then, Map<String, String> now, List<String> out) {
    String thenName = then.get("name");
    String nowName = now.get("name");
    if (thenName != null && nowName != null && !thenName.equals(nowName)) {
      out.add(phrase(label(part, "name"), thenName, nowName));
      return;
    }
    Set<String> keys = new LinkedHashSet<>(then.keySet());
    keys.addAll(now.keySet());
    for (String key : keys) {
      String a = then.get(key);
      String b = now.get(key);
      if (a == null ? b != null : !a.equals(b)) {
        out.add(phrase(label(part, key), a, b));
      }
    }
  }

  private static String phrase(String label, String then, String now) {
    if (shown(then) && shown(now)) {
      return label + " changed from " + show(then) + " to " + show(now);
    }
    return label + (then == null ? " was added" : now == null ? " was removed" : " changed");
  }

  private static boolean shown(String value) {
    return value == null || value.length() <= SHOWN_CHARS && value.indexOf('\n') < 0;
  }

  private static String show(String value) {
    return value == null ? "none" : "`" + value + "`";
  }

  /** {@code the reward}, {@code the model}, {@code the model's servers}, {@code tool `add`}, {@code the group size}. */
  private static String label(String part, String key) {
    if (key.startsWith("tool:")) {
      String[] p = key.split(":", 3);
      return p.length == 3 ? "the " + p[2] + " of tool `" + p[1] + "`" : "tool `" + p[1] + "`";
    }
    String words = key.replace('_', ' ');
    return switch (part) {
      case "model" -> key.equals("name") ? "the model" : "the model's " + words;
      case "environment" -> key.equals("name") ? "the environment" : "the " + words;
      default -> "the " + words;
    };
  }
}
