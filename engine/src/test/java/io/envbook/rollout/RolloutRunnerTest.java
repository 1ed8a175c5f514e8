package io.envbook.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envbook.env.EnvConfig;
import io.envbook.env.Environment;
import io.envbook.env.Item;
import io.envbook.env.Reward;
import io.envbook.env.ToolContext;
import io.envbook.envs.TerminalTestEnv;
import io.envbook.loop.AgentResult;
import io.envbook.model.ChatModel;
import io.envbook.model.Message;
import io.envbook.model.ModelException;
import io.envbook.model.ScriptedModel;
import io.envbook.sandbox.LocalSandboxProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RolloutRunnerTest {
  @TempDir Path dir;
  private final LocalSandboxProvider sandboxes = new LocalSandboxProvider();

  @AfterEach
  void tearDown() {
    sandboxes.close();
  }

  private RunSummary runTerminalTest(Path out) throws Exception {
    TerminalTestEnv env = new TerminalTestEnv();
    return RolloutRunner.builder(env, ScriptedModel.policy(env.scriptedPolicy()))
        .sandboxes(sandboxes).items(3).concurrency(4).output(out).build().run();
  }

  @Test
  void terminalTestScoresEachScriptedBehaviourThroughTheSandbox() throws Exception {
    RunSummary s = runTerminalTest(dir.resolve("r.jsonl"));

    assertThat(s.groups()).extracting(RolloutGroup::itemId).containsExactly("greeting", "count", "answer");
    for (RolloutGroup g : s.groups()) {
      assertThat(g.scores()).as(g.itemId()).containsExactly(1.0, 0.5, 0.0);
    }
    assertThat(s.ran()).isEqualTo(9);
    assertThat(s.failed()).isZero();
    assertThat(RolloutFile.read(dir.resolve("r.jsonl")).rollouts()).hasSize(9);
    try (var left = Files.list(sandboxes.base())) {
      assertThat(left).as("every sandbox is cleaned up").isEmpty();
    }
  }

  @Test
  void aSecondRunOnTheSameFileResumesAndRunsNothingFinished() throws Exception {
    Path out = dir.resolve("r.jsonl");
    runTerminalTest(out);

    RunSummary again = runTerminalTest(out);

    assertThat(again.ran()).isZero();
    assertThat(again.resumed()).isEqualTo(9);
    assertThat(Files.readAllLines(out)).as("the header and nine rollouts").hasSize(10);
    assertThat(again.groups().get(1).scores()).containsExactly(1.0, 0.5, 0.0);
  }

  @Test
  void resumeRunsOnlyTheMissingAndFailedRollouts() throws Exception {
    Path out = dir.resolve("r.jsonl");
    runTerminalTest(out);
    List<String> lines = Files.readAllLines(out);
    Rollout failed = RolloutCodec.fromJson(io.envbook.json.Json.parse(lines.get(1))).withReward(Reward.ZERO, "model failed: 503");
    Files.write(out, List.of(lines.get(0), lines.get(1), io.envbook.json.Json.write(RolloutCodec.toJson(failed)), lines.get(2)));

    RunSummary again = runTerminalTest(out);

    assertThat(again.resumed()).isEqualTo(1);
    assertThat(again.ran()).isEqualTo(8);
    assertThat(again.failed()).isZero();
  }

  @Test
  void aFileOfAnotherEnvironmentIsRefused() throws Exception {
    Path out = dir.resolve("r.jsonl");
    try (RolloutFile f = RolloutFile.openForAppend(out)) {
      f.append(TestRollouts.rollout(0, 0, 1, null));
    }

    assertThatThrownBy(() -> runTerminalTest(out)).isInstanceOf(ResumeMismatch.class)
        .hasMessage(out + " holds rollouts of another run (the environment changed from `env` to `terminal-test`): "
            + "delete it to start over, or write to another file to keep both");
  }

  @Test
  void aThrowingRewardFailsOnlyItsRolloutAndTheSandboxIsStillCleanedUp() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Environment env = new SimpleEnv() {
      @Override
      public Reward computeReward(Item item, AgentResult result, ToolContext ctx) {
        if (calls.incrementAndGet() == 1) {
          throw new IllegalStateException("reward bug");
        }
        return Reward.of(1);
      }
    };

    RunSummary s = RolloutRunner.builder(env, ScriptedModel.turns(Message.assistant("hi"))).sandboxes(sandboxes)
        .items(2).groupSize(1).concurrency(1).build().run();

    assertThat(s.failed()).isEqualTo(1);
    assertThat(s.rollouts()).filteredOn(r -> !r.ok()).singleElement()
        .satisfies(r -> assertThat(r.error()).isEqualTo("reward failed: IllegalStateException: reward bug"));
    try (var left = Files.list(sandboxes.base())) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aModelThatFailsIsRecordedWithTheReasonAndTheRunGoesOn() throws Exception {
    AtomicInteger n = new AtomicInteger();
    ChatModel flaky = ScriptedModel.policy(ctx -> {
      if (n.incrementAndGet() == 2) {
        throw new ModelException("the model server answered 500 Internal Server Error 6 times");
      }
      return Message.assistant("ok");
    });

    RunSummary s = RolloutRunner.builder(new SimpleEnv(), flaky).sandboxes(sandboxes).items(3).groupSize(1).concurrency(1).build().run();

    assertThat(s.rollouts()).extracting(Rollout::ok).containsExactly(true, false, true);
    assertThat(s.rollouts().get(1).error())
        .isEqualTo("model failed: the scripted model's policy failed: ModelException: the model server answered 500 Internal Server Error 6 times");
  }

  @Test
  void listenerHearsEveryRolloutAndEachGroupAfterItsLastRollout() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    RolloutListener listener = new RolloutListener() {
      @Override
      public void runStarted(RunStart start) {
        events.add("start " + start.total());
      }

      @Override
      public void rolloutFinished(Rollout r) {
        events.add("rollout " + r.key());
      }

      @Override
      public void groupFinished(RolloutGroup g) {
        events.add("group " + g.itemId() + " " + g.rollouts().size());
      }

      @Override
      public void runFinished(RunSummary s) {
        events.add("end " + s.total());
        throw new IllegalStateException("a broken listener must not break the run");
      }
    };

    RolloutRunner.builder(new SimpleEnv(), ScriptedModel.turns(Message.assistant("hi"))).sandboxes(sandboxes)
        .items(1).groupSize(2).concurrency(1).listener(listener).build().run();

    assertThat(events).containsExactly("start 2", "rollout 0:item-0#0", "rollout 0:item-0#1", "group item-0 2", "end 2");
  }

  @Test
  void aFailingPrepareFailsTheRolloutBeforeTheAgentStarts() throws Exception {
    AtomicInteger modelCalls = new AtomicInteger();
    Environment env = new SimpleEnv() {
      @Override
      public void prepare(Item item, ToolContext ctx) {
        throw new IllegalStateException("no task files");
      }
    };

    RunSummary s = RolloutRunner.builder(env, ScriptedModel.policy(ctx -> {
      modelCalls.incrementAndGet();
      return Message.assistant("hi");
    })).sandboxes(sandboxes).items(1).groupSize(1).build().run();

    assertThat(s.rollouts()).singleElement().satisfies(r -> assertThat(r.error())
        .isEqualTo("preparing the sandbox failed: IllegalStateException: no task files"));
    assertThat(modelCalls).hasValue(0);
  }

  /** One item per call, prompt "say hi", reward 1. */
  static class SimpleEnv implements Environment {
    private int next;

    @Override
    public EnvConfig config() {
      return EnvConfig.builder("simple").build();
    }

    @Override
    public Item nextItem() {
      int i = next++;
      return Item.of("item-" + i, Map.of("n", i));
    }

    @Override
    public String formatPrompt(Item item) {
      return "say hi";
    }

    @Override
    public Reward computeReward(Item item, AgentResult result, ToolContext ctx) {
      return Reward.of(1);
    }
  }
}
