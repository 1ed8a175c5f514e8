package io.envbook.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.env.EnvConfig;
import io.envbook.env.Item;
import io.envbook.env.Limits;
import io.envbook.env.Reward;
import io.envbook.env.ToolContext;
import io.envbook.loop.AgentResult;
import io.envbook.model.Message;
import io.envbook.model.ScriptedModel;
import io.envbook.sandbox.LocalSandboxProvider;
import io.envbook.util.Stuck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whatever an environment's code does (hang, ignore interrupts, throw an Error), every rollout is recorded and the run goes on. */
class RolloutFaultsTest {
  @TempDir Path dir;
  private final LocalSandboxProvider sandboxes = new LocalSandboxProvider();
  private final Stuck stuck = new Stuck();

  @AfterEach
  void tearDown() {
    stuck.close();
    sandboxes.close();
  }

  private RunSummary run(RolloutRunnerTest.SimpleEnv env, int items, Path out) throws Exception {
    return RolloutRunner.builder(env, ScriptedModel.turns(Message.assistant("hi"))).sandboxes(sandboxes)
        .items(items).groupSize(1).concurrency(items).output(out).build().run();
  }

  /** Item 0 hangs in its prompt, item 1 in prepare, item 2 in its reward; item 3 is fine. */
  private final class HangingEnv extends RolloutRunnerTest.SimpleEnv {
    @Override
    public EnvConfig config() {
      return EnvConfig.builder("hanging").limits(Limits.DEFAULT.withWallTime(Duration.ofMillis(500))).build();
    }

    @Override
    public String formatPrompt(Item item) {
      if (item.get("n").equals(0)) {
        stuck.hang();
      }
      return "say hi";
    }

    @Override
    public void prepare(Item item, ToolContext ctx) {
      if (item.get("n").equals(1)) {
        stuck.hang();
      }
    }

    @Override
    public Reward computeReward(Item item, AgentResult result, ToolContext ctx) {
      if (item.get("n").equals(2)) {
        stuck.hang();
      }
      return Reward.of(1);
    }
  }

  @Test
  void codeThatNeverEndsFailsItsRolloutAtTheDeadlineAndTheRunGoesOn() throws Exception {
    Path out = dir.resolve("r.jsonl");
    long t0 = System.nanoTime();

    RunSummary s = run(new HangingEnv(), 4, out);

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("each stage is abandoned at its 500 ms deadline").isLessThan(Duration.ofSeconds(15));
    assertThat(s.rollouts()).extracting(Rollout::error).containsExactlyInAnyOrder(
        "rollout failed: the prompt did not finish within 500ms (the rollout's timeout) and was abandoned",
        "preparing the sandbox failed: it did not finish within 500ms (the rollout's timeout) and was abandoned",
        "reward failed: it did not finish within 500ms (scoring gets as long as the rollout's timeout) and was abandoned",
        null);
    assertThat(Files.readAllLines(out)).as("the header and four rollouts").hasSize(5);
    assertThat(s.failed()).isEqualTo(3);
    assertThat(s.lost()).isZero();
  }

  @Test
  void errorsInTheRewardAreTheRolloutsFailureInOneSentence() throws Exception {
    RolloutRunnerTest.SimpleEnv env = new RolloutRunnerTest.SimpleEnv() {
      @Override
      public Reward computeReward(Item item, AgentResult result, ToolContext ctx) {
        if (item.get("n").equals(0)) {
          return Reward.of(depth(0));
        }
        throw new OutOfMemoryError("Java heap space");
      }
    };

    RunSummary s = run(env, 2, dir.resolve("r.jsonl"));

    assertThat(s.rollouts()).extracting(Rollout::error).containsExactlyInAnyOrder(
        "reward failed: StackOverflowError: the code recursed too deeply (endless recursion?)",
        "reward failed: OutOfMemoryError: Java heap space");
    assertThat(s.failed()).isEqualTo(2);
  }

  private static int depth(int n) {
    return depth(n + 1) + 1;
  }

  @Test
  void rewardsOutsideTheEnvironmentsRangeFailTheirRolloutWithTheValue() throws Exception {
    double[] values = {Double.POSITIVE_INFINITY, 1e308, -5, 0.5};
    RolloutRunnerTest.SimpleEnv env = new RolloutRunnerTest.SimpleEnv() {
      @Override
      public Reward computeReward(Item item, AgentResult result, ToolContext ctx) {
        return Reward.of(values[(Integer) item.get("n")]);
      }
    };

    RunSummary s = run(env, 4, dir.resolve("r.jsonl"));

    String fix = ": return a reward from 0.0 to 1.0, or declare the range rewards take in EnvConfig.rewardRange";
    assertThat(s.rollouts()).extracting(Rollout::error).containsExactlyInAnyOrder(
        "reward failed: the reward is Infinity, not a finite number" + fix,
        "reward failed: the reward is 1.0E308, outside 0.0 to 1.0" + fix,
        "reward failed: the reward is -5.0, outside 0.0 to 1.0" + fix,
        null);
    assertThat(s.meanReward()).as("rejected rewards count as 0").isEqualTo(0.125);
  }

  @Test
  void aRolloutWhoseRecordCannotBeWrittenWholeIsRecordedAsFailedWithoutItsTranscript() throws Exception {
    Path out = dir.resolve("r.jsonl");
    RolloutRunnerTest.SimpleEnv env = new RolloutRunnerTest.SimpleEnv() {
      @Override
      public Item nextItem() {
        Item plain = super.nextItem();
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        return plain.get("n").equals(0) ? Item.of(plain.id(), Map.of("n", 0, "cycle", cycle)) : plain;
      }
    };

    RunSummary s = run(env, 2, out);

    assertThat(Files.readAllLines(out)).as("the header and two rollouts").hasSize(3);
    List<Rollout> read = RolloutFile.read(out).rollouts();
    assertThat(read).filteredOn(r -> r.itemIndex() == 0).singleElement().satisfies(r -> {
      assertThat(r.error()).startsWith("could not record the rollout: ");
      assertThat(r.messages()).isEmpty();
    });
    assertThat(read).filteredOn(r -> r.itemIndex() == 1).singleElement().satisfies(r -> assertThat(r.ok()).isTrue());
    assertThat(s.failed()).isEqualTo(1);
    assertThat(s.lost()).isZero();
  }
}
