package io.envbook.atropos;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.env.EnvConfig;
import io.envbook.env.Environment;
import io.envbook.env.Item;
import io.envbook.env.Reward;
import io.envbook.env.ToolContext;
import io.envbook.loop.AgentResult;
import io.envbook.model.Message;
import io.envbook.model.ScriptedModel;
import io.envbook.rollout.GroupRunner;
import io.envbook.sandbox.LocalSandboxProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ServeLoopTest {
  /** Endless items; sample 0 answers right (reward 1), the others wrong, so every group teaches something. */
  static final class Numbers implements Environment {
    private int next;

    @Override
    public EnvConfig config() {
      return EnvConfig.builder("numbers").groupSize(3).build();
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
      return Reward.of(result.finalText().equals(String.valueOf(item.get("n"))) ? 1 : 0);
    }
  }

  private static ScriptedModel model() {
    return ScriptedModel.policy(ctx -> Message.assistant(ctx.sample() == 0 ? String.valueOf(ctx.item().get("n")) : "no idea"));
  }

  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

  @Test
  void everyScoredGroupArrivesExactlyOnceThroughBufferedAnswersAndARestartOfTheApi() throws Exception {
    try (FakeTrajectoryApi api = new FakeTrajectoryApi(6); LocalSandboxProvider sandboxes = new LocalSandboxProvider()) {
      Numbers env = new Numbers();
      ServeLoop loop = new ServeLoop(new TrajectoryApi(api.url()), env, new GroupRunner(env, model(), sandboxes),
          new ServeLoop.Settings(12, 3, 2, 2, 1.0, 4096, false), log);
      Thread serving = Thread.ofVirtual().start(() -> {
        try {
          loop.run();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      while (api.received.size() < 4) {
        Thread.sleep(20);
      }
      api.stop();
      Thread.sleep(1500);
      api.restart();
      serving.join(60_000);

      assertThat(serving.isAlive()).isFalse();
      assertThat(api.received).hasSize(12);
      Set<String> firstItems = new HashSet<>();
      for (JsonNode g : api.received) {
        assertThat(g.get("env_id").asInt()).isZero();
        assertThat(g.get("scores").toString()).isEqualTo("[1.0,0.0,0.0]");
        assertThat(g.get("tokens")).hasSize(3);
        assertThat(g.get("advantages").get(0).get(0).asDouble()).isPositive();
        assertThat(g.get("advantages").get(1).size()).isEqualTo(g.get("tokens").get(1).size());
        firstItems.add(g.get("messages").get(0).get(0).get("content").asString());
      }
      assertThat(firstItems).as("no group was sent twice").hasSize(12);
      assertThat(api.registrations.get()).as("it waited for the trainer").isGreaterThanOrEqualTo(3);
      assertThat(api.disconnects.get()).isEqualTo(1);
      assertThat(loop.sent()).isEqualTo(12);
    }
  }

  @Test
  void groupsAreThrottledWhileTheQueueIsFull() throws Exception {
    try (FakeTrajectoryApi api = new FakeTrajectoryApi(3); LocalSandboxProvider sandboxes = new LocalSandboxProvider()) {
      api.queue.set(1000); // the trainer is far behind: max_batches_offpolicy × batch size is exceeded
      Numbers env = new Numbers();
      ServeLoop loop = new ServeLoop(new TrajectoryApi(api.url()), env, new GroupRunner(env, model(), sandboxes),
          new ServeLoop.Settings(2, 3, 4, 1, 1.0, 4096, false), log);
      Thread serving = Thread.ofVirtual().start(() -> {
        try {
          loop.run();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      while (api.statusCalls.get() < 5) {
        Thread.sleep(20);
      }
      assertThat(api.received).as("nothing is produced while the queue is full").isEmpty();
      api.queue.set(0);
      serving.join(30_000);
      assertThat(api.received).hasSize(2);
    }
  }

  @Test
  void groupsWithEqualScoresAreNotSent() throws Exception {
    try (FakeTrajectoryApi api = new FakeTrajectoryApi(6); LocalSandboxProvider sandboxes = new LocalSandboxProvider()) {
      Numbers env = new Numbers();
      ScriptedModel alwaysWrong = ScriptedModel.policy(ctx -> Message.assistant("no idea"));
      ServeLoop loop = new ServeLoop(new TrajectoryApi(api.url()), env, new GroupRunner(env, alwaysWrong, sandboxes),
          new ServeLoop.Settings(3, 3, 2, 2, 1.0, 4096, false), log);

      loop.run();

      assertThat(api.received).isEmpty();
      assertThat(loop.skipped()).isEqualTo(3);
    }
  }
}
