package io.envbook.cli;

import io.envbook.env.EnvConfig;
import io.envbook.env.Environment;
import io.envbook.env.Item;
import io.envbook.env.Reward;
import io.envbook.env.ToolContext;
import io.envbook.loop.AgentResult;
import io.envbook.model.Message;
import io.envbook.model.ScriptedModel;
import java.util.Map;

/** Endless items whose scripted rollouts take a second each; sample 0 is right, so every group is sent. */
public final class SlowServeEnv implements Environment {
  private int next;

  @Override
  public EnvConfig config() {
    return EnvConfig.builder("slow-serve").groupSize(2).build();
  }

  @Override
  public Item nextItem() {
    int i = next++;
    return Item.of("n" + i, Map.of("n", i));
  }

  @Override
  public String formatPrompt(Item item) {
    return "Say " + item.get("n");
  }

  @Override
  public Reward computeReward(Item item, AgentResult result, ToolContext ctx) {
    return Reward.of(result.finalText().equals(item.text("n")) ? 1 : 0);
  }

  @Override
  public ScriptedModel.Policy scriptedPolicy() {
    return ctx -> {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Message.assistant(ctx.sample() == 0 ? String.valueOf(ctx.item().get("n")) : "no idea");
    };
  }
}
