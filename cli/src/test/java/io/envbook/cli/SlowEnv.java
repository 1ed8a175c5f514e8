package io.envbook.cli;

import io.envbook.env.EnvConfig;
import io.envbook.env.Environment;
import io.envbook.env.Item;
import io.envbook.env.Reward;
import io.envbook.env.ToolContext;
import io.envbook.loop.AgentResult;
import io.envbook.model.Message;
import io.envbook.model.ScriptedModel;
import io.envbook.model.ToolCall;
import java.util.List;
import java.util.Map;

/** A test environment whose rollouts take about 150 ms each (a terminal sleep), so a run can be killed midway. */
public final class SlowEnv implements Environment {
  private int next;

  @Override
  public EnvConfig config() {
    return EnvConfig.builder("slow").groupSize(2).toolsets("terminal").build();
  }

  @Override
  public Item nextItem() {
    int i = next++;
    return Item.of("n" + i, Map.of("n", i));
  }

  @Override
  public String formatPrompt(Item item) {
    return "write " + item.get("n") + " to n.txt";
  }

  @Override
  public Reward computeReward(Item item, AgentResult result, ToolContext ctx) throws Exception {
    String n = ctx.readFile("n.txt");
    return Reward.of(n != null && n.strip().equals(item.text("n")) ? 1 : 0);
  }

  @Override
  public ScriptedModel.Policy scriptedPolicy() {
    return ctx -> ctx.turn() == 0
        ? Message.assistant("", List.of(new ToolCall(null, "terminal", "{\"command\":\"sleep 0.15; echo " + ctx.item().get("n") + " > n.txt\"}")))
        : Message.assistant("done");
  }
}
