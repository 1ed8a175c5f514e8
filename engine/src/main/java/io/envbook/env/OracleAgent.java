package io.envbook.env;

import io.envbook.json.Json;
import io.envbook.loop.AgentResult;
import io.envbook.model.ChatModel;
import io.envbook.model.Message;
import io.envbook.model.ScriptedModel;
import io.envbook.model.ToolCall;
import io.envbook.sandbox.ExecRequest;
import io.envbook.sandbox.SandboxSpec;
import io.envbook.tools.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The oracle agent ({@code --model oracle}), as Harbor's: in each rollout it runs the item's
 * reference solution ({@link Environment#referenceSolution}) with the terminal tool and stops, so a
 * task set can be checked before model calls are spent on it: a task whose oracle does not score 1
 * has broken tests, a broken solution, or needs what this backend lacks. It is an environment that
 * puts each solution in its sandbox before the agent starts, and a built-in model that calls it.
 *
 * <pre>{@code
 * OracleAgent oracle = OracleAgent.of(env);
 * RolloutRunner.builder(oracle.environment(), oracle.model()).sandboxes(sandboxes).build().run();
 * }</pre>
 */
public final class OracleAgent {
  /** The model's name, as rollouts and reports show it. */
  public static final String NAME = "oracle";

  private final Environment inner;
  private final Map<String, ExecRequest> solutions = new ConcurrentHashMap<>();

  private OracleAgent(Environment inner) {
    this.inner = inner;
  }

  public static OracleAgent of(Environment env) {
    return new OracleAgent(env);
  }

  /** The environment, each rollout's sandbox holding its item's solution before the agent starts. */
  public Environment environment() {
    return new Environment() {
      @Override
      public EnvConfig config() {
        return inner.config();
      }

      @Override
      public void setup() throws Exception {
        inner.setup();
      }

      @Override
      public Item nextItem() throws Exception {
        return inner.nextItem();
      }

      @Override
      public String formatPrompt(Item item) {
        return inner.formatPrompt(item);
      }

      @Override
      public void prepare(Item item, ToolContext ctx) throws Exception {
        inner.prepare(item, ctx);
        ExecRequest solution = inner.referenceSolution(item, ctx);
        if (solution != null) {
          solutions.put(item.id(), solution);
        }
      }

      @Override
      public Reward computeReward(Item item, AgentResult result, ToolContext ctx) throws Exception {
        return inner.computeReward(item, result, ctx);
      }

      @Override
      public Limits limits(Item item) {
        return inner.limits(item);
      }

      @Override
      public java.time.Duration rewardTimeout(Item item) {
        return inner.rewardTimeout(item);
      }

      @Override
      public SandboxSpec sandboxSpec(Item item) {
        return inner.sandboxSpec(item);
      }

      @Override
      public List<Tool> tools() {
        return inner.tools();
      }

      @Override
      public List<io.envbook.tools.mcp.McpServer> mcpServers() {
        return inner.mcpServers();
      }

      @Override
      public Map<String, String> provenance() {
        return inner.provenance();
      }

      @Override
      public EvalReport evaluate(EvalRunner runner) throws Exception {
        return inner.evaluate(runner);
      }
    };
  }

  /** The built-in model: the solution as one terminal call, then "Done."; an item without one ends at once, saying so. */
  public ChatModel model() {
    return ScriptedModel.policy(ctx -> {
      ExecRequest solution = solutions.get(ctx.itemId());
      if (ctx.turn() > 0 || solution == null) {
        return Message.assistant(solution == null ? "This task has no reference solution." : "Done.");
      }
      int seconds = (int) Math.min(Integer.MAX_VALUE, inner.limits(itemOf(ctx)).toolTimeout().toSeconds());
      return Message.assistant("Running the reference solution.", List.of(new ToolCall(null, "terminal",
          Json.write(Map.of("command", shell(solution), "timeout", seconds)))));
    }).labelled(NAME);
  }

  private Item itemOf(ScriptedModel.Context ctx) {
    return Item.of(ctx.itemId(), ctx.item());
  }

  /** {@code request} as one shell command line: its working directory, variables and arguments quoted. */
  static String shell(ExecRequest request) {
    List<String> words = new ArrayList<>();
    if (request.cwd() != null) {
      words.add("cd " + quote(request.cwd()) + " &&");
    }
    if (!request.env().isEmpty()) {
      words.add("env");
      request.env().forEach((k, v) -> words.add(k + "=" + quote(v)));
    }
    request.argv().forEach(a -> words.add(quote(a)));
    return String.join(" ", words);
  }

  private static String quote(String s) {
    return s.matches("[A-Za-z0-9_./=:@%+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }
}
