package io.envbook.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.env.Limits;
import io.envbook.model.ChatModel;
import io.envbook.model.ChatRequest;
import io.envbook.model.ChatResponse;
import io.envbook.model.Message;
import io.envbook.model.ScriptedModel;
import io.envbook.model.ToolCall;
import io.envbook.model.ToolSchema;
import io.envbook.tools.Tool;
import io.envbook.tools.ToolRegistry;
import io.envbook.util.Stuck;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The loop's limits hold against tools and models that never return, even ones that ignore interrupts. */
class AgentLoopLimitsTest {
  private static final List<Message> PROMPT = List.of(Message.user("go"));
  private final Stuck stuck = new Stuck();

  @AfterEach
  void releaseHungThreads() {
    stuck.close();
  }

  private static Duration since(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  @Test
  void aSingleToolCallThatIgnoresItsTimeoutIsAbandonedAndTheModelIsTold() {
    Tool hung = Tool.of(new ToolSchema("stuck", "", null), (args, ctx) -> stuck.hang());
    ChatModel model = ScriptedModel.turns(Message.assistant("", List.of(new ToolCall("c1", "stuck", "{}"))), Message.assistant("ok"));
    long t0 = System.nanoTime();

    AgentResult r = AgentLoop.builder(model).tools(new ToolRegistry(List.of(hung)))
        .limits(Limits.DEFAULT.withToolTimeout(Duration.ofMillis(300))).build().run(PROMPT);

    assertThat(since(t0)).as("300 ms timeout and 1 s grace").isLessThan(Duration.ofSeconds(10));
    assertThat(r.messages().get(2).content()).isEqualTo("{\"error\":\"Tool 'stuck' timed out after 300ms\"}");
    assertThat(r.toolErrors()).singleElement().extracting(ToolError::error).isEqualTo("Tool 'stuck' timed out after 300ms");
    assertThat(r.stopReason()).isEqualTo(StopReason.NATURAL);
  }

  @Test
  void aModelThatIgnoresTheDeadlineIsAbandonedShortlyAfterIt() {
    ChatModel hung = new ChatModel() {
      @Override
      public ChatResponse chat(ChatRequest request) {
        stuck.hang();
        return null;
      }

      @Override
      public String name() {
        return "stuck";
      }
    };
    long t0 = System.nanoTime();

    AgentResult r = AgentLoop.builder(hung).limits(Limits.DEFAULT.withWallTime(Duration.ofMillis(500))).build().run(PROMPT);

    assertThat(since(t0)).as("500 ms wall time and 2 s grace").isLessThan(Duration.ofSeconds(10));
    assertThat(r.stopReason()).isEqualTo(StopReason.MODEL_ERROR);
    assertThat(r.error()).isEqualTo("the model gave no answer within the rollout's timeout of 500ms");
  }

  @Test
  void everyRequestCarriesTheRolloutsDeadline() {
    AtomicReference<Instant> seen = new AtomicReference<>();
    ChatModel model = ScriptedModel.policy(ctx -> Message.assistant("ok"));
    ChatModel recording = new ChatModel() {
      @Override
      public ChatResponse chat(ChatRequest request) {
        seen.set(request.deadline());
        return model.chat(request);
      }

      @Override
      public String name() {
        return "recording";
      }
    };
    Instant before = Instant.now();

    AgentLoop.builder(recording).limits(Limits.DEFAULT.withWallTime(Duration.ofSeconds(30))).build().run(PROMPT);

    assertThat(seen.get()).isBetween(before.plusSeconds(29), Instant.now().plusSeconds(30));
  }

  @Test
  void anErrorThrownByTheModelEndsTheLoopWithItsReason() {
    ChatModel broken = ScriptedModel.policy(ctx -> {
      throw new OutOfMemoryError("Java heap space");
    });

    AgentResult r = AgentLoop.builder(broken).build().run(PROMPT);

    assertThat(r.stopReason()).isEqualTo(StopReason.MODEL_ERROR);
    assertThat(r.error()).isEqualTo("the model failed: OutOfMemoryError: Java heap space");
  }
}
