package io.envbook.rollout;

import io.envbook.env.Reward;
import io.envbook.loop.StopReason;
import io.envbook.loop.ToolError;
import io.envbook.model.Message;
import io.envbook.model.ToolCall;
import io.envbook.model.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Saved rollouts for tests: a two-turn conversation that calls {@code add} and answers 5. */
public final class TestRollouts {
  private TestRollouts() {}

  public static Rollout rollout(int item, int sample, double reward, String error) {
    return new Rollout("env", "scripted", item, "item-" + item, sample, Map.of("q", "2+3"),
        List.of(Message.user("2+3?"), Message.assistant("", List.of(new ToolCall("c1", "add", "{\"a\":2}"))).withReasoning("think"),
            Message.tool("c1", "5").withName("add"), Message.assistant("5")),
        Reward.weighted(Map.of("correct", reward), Map.of()), 2, StopReason.NATURAL,
        List.of(new ToolError(1, "add", "{}", "bad", "{\"error\":\"bad\"}")), new Usage(10, 5),
        Instant.parse("2026-11-24T10:00:00Z"), 120, 3, error);
  }
}
