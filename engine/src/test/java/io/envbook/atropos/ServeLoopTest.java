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
  static class Numbers implements Environment {
    final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public EnvConfig config() {
      return EnvConfig.builder("numbers").groupSize(3).build();
    }

    @Override
    public Item nextItem() {
      int i = next.getAndIncrement();
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

  @Test
  void aMinimumAllocationIsRegisteredAndKeptFilledEvenWhileTheQueueIsFull() throws Exception {
    try (FakeTrajectoryApi api = new FakeTrajectoryApi(6); LocalSandboxProvider sandboxes = new LocalSandboxProvider()) {
      api.queue.set(1000); // other environments filled the queue
      api.selfQueue.set(0); // but none of it is ours
      Numbers env = new Numbers();
      ServeLoop loop = new ServeLoop(new TrajectoryApi(api.url()), env, new GroupRunner(env, model(), sandboxes),
          new ServeLoop.Settings(2, 3, 4, 1, 1.0, 4096, false, 0.5, 0, ServeLoop.EvalHandling.NONE, 0.5), log);

      loop.run();

      assertThat(api.registerBodies.get(0).get("min_batch_allocation").asDouble()).isEqualTo(0.5);
      assertThat(api.received).hasSize(2);
    }
  }

  @Test
  void withoutAMinimumAllocationNoneIsRegistered() throws Exception {
    try (FakeTrajectoryApi api = new FakeTrajectoryApi(6); LocalSandboxProvider sandboxes = new LocalSandboxProvider()) {
      Numbers env = new Numbers();
      new ServeLoop(new TrajectoryApi(api.url()), env, new GroupRunner(env, model(), sandboxes),
          new ServeLoop.Settings(1, 3, 2, 2, 1.0, 4096, false), log).run();

      assertThat(api.registerBodies.get(0).has("min_batch_allocation")).isFalse();
    }
  }

  @Test
  void theEnvironmentsEvaluationRunsEveryStepsPerEvalWithTrainingStoppedMeanwhile() throws Exception {
    java.util.List<int[]> startedDuringEval = new java.util.concurrent.CopyOnWriteArrayList<>();
    Numbers env = new Numbers() {
      @Override
      public io.envbook.env.EvalReport evaluate(io.envbook.env.EvalRunner runner) throws Exception {
        int before = next.get();
        var rollouts = runner.run(java.util.List.of(Item.of("held-out", Map.of("n", 7))), 2);
        Thread.sleep(400); // long enough for the loop to tick a few times
        startedDuringEval.add(new int[] {before, next.get()});
        double correct = rollouts.stream().filter(r -> r.score() == 1.0).count() / (double) rollouts.size();
        return new io.envbook.env.EvalReport(Map.of("eval/percent_correct", correct));
      }
    };
    try (FakeTrajectoryApi api = new FakeTrajectoryApi(6); LocalSandboxProvider sandboxes = new LocalSandboxProvider()) {
      ServeLoop loop = new ServeLoop(new TrajectoryApi(api.url()), env, new GroupRunner(env, model(), sandboxes),
          new ServeLoop.Settings(6, 3, 1, 2, 1.0, 4096, false, null, 2, ServeLoop.EvalHandling.STOP_TRAIN, 0.5), log);

      loop.run();

      assertThat(loop.evaluations()).isGreaterThanOrEqualTo(1);
      assertThat(startedDuringEval).allSatisfy(w -> assertThat(w[1]).as("items taken during the evaluation").isEqualTo(w[0]));
      assertThat(logBytes.toString(StandardCharsets.UTF_8)).containsPattern("serve: evaluation at step \\d+: eval/percent_correct=0\\.5000");
      assertThat(api.received).hasSize(6);
    }
  }
}
