package io.envbook.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envbook.env.Item;
import io.envbook.json.Json;
import io.envbook.model.ChatModel;
import io.envbook.model.Message;
import io.envbook.model.ScriptedModel;
import io.envbook.sandbox.LocalSandboxProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run resumes only the file its own environment, model and settings wrote. */
class ResumeTest {
  @TempDir Path dir;
  private final LocalSandboxProvider sandboxes = new LocalSandboxProvider();
  private final AtomicReference<RunStart> started = new AtomicReference<>();

  @AfterEach
  void tearDown() {
    sandboxes.close();
  }

  private static ScriptedModel saying(String text) {
    return ScriptedModel.turns(Message.assistant(text));
  }

  private RunSummary run(io.envbook.env.Environment env, ChatModel model, int group, Path out) throws Exception {
    return RolloutRunner.builder(env, model).sandboxes(sandboxes).items(2).groupSize(group).output(out)
        .listener(new RolloutListener() {
          @Override
          public void runStarted(RunStart start) {
            started.set(start);
          }
        }).build().run();
  }

  @Test
  void theFirstLineRecordsTheEnvironmentTheModelAndTheRunSettings() throws Exception {
    Path out = dir.resolve("r.jsonl");
    run(new RolloutRunnerTest.SimpleEnv(), saying("hi"), 2, out);

    var header = Json.parse(Files.readAllLines(out).get(0));
    assertThat(RolloutFile.isHeader(header)).isTrue();
    Provenance p = RolloutFile.read(out).provenance();
    assertThat(p.environment()).containsEntry("name", "simple").containsEntry("max_turns", "30")
        .containsEntry("class", RolloutRunnerTest.SimpleEnv.class.getName());
    assertThat(p.model()).containsEntry("name", "scripted").containsKey("policy");
    assertThat(p.run()).containsEntry("group_size", "2").containsEntry("sandbox", "local");
    assertThat(RolloutFile.read(out).rollouts()).hasSize(4);
  }

  @Test
  void anotherModelOnTheSameFileIsRefusedWithTheDifferenceAndNothingIsWritten() throws Exception {
    Path out = dir.resolve("r.jsonl");
    run(new RolloutRunnerTest.SimpleEnv(), saying("hi"), 1, out);
    List<String> before = Files.readAllLines(out);

    assertThatThrownBy(() -> run(new RolloutRunnerTest.SimpleEnv(), saying("hi").labelled("scripted:polite"), 1, out))
        .isInstanceOf(ResumeMismatch.class)
        .hasMessage(out + " holds rollouts of another run (the model changed from `scripted` to `scripted:polite`): "
            + "delete it to start over, or write to another file to keep both");
    assertThat(Files.readAllLines(out)).isEqualTo(before);
  }

  @Test
  void aChangedPolicyAndGroupSizeAreBothNamed() throws Exception {
    Path out = dir.resolve("r.jsonl");
    run(new RolloutRunnerTest.SimpleEnv(), saying("hi"), 1, out);

    assertThatThrownBy(() -> run(new RolloutRunnerTest.SimpleEnv(), saying("hello"), 2, out))
        .isInstanceOf(ResumeMismatch.class)
        .satisfies(e -> assertThat(((ResumeMismatch) e).differences())
            .containsExactly("the model's policy changed from `[{\"role\":\"assistant\",\"content\":\"hi\"}]` "
                + "to `[{\"role\":\"assistant\",\"content\":\"hello\"}]`", "the group size changed from `1` to `2`"));
  }

  @Test
  void anItemThatChangedSinceTheFileWasWrittenIsNamed() throws Exception {
    Path out = dir.resolve("r.jsonl");
    run(new SecondItemEnv(1), saying("hi"), 1, out);

    assertThatThrownBy(() -> run(new SecondItemEnv(7), saying("hi"), 1, out)).isInstanceOf(ResumeMismatch.class)
        .satisfies(e -> assertThat(((ResumeMismatch) e).differences()).containsExactly("item `item-1` changed"));
  }

  @Test
  void theSameRunResumesAndItsStartCountsTheResumedRolloutsWithTheirRewards() throws Exception {
    Path out = dir.resolve("r.jsonl");
    run(new RolloutRunnerTest.SimpleEnv(), saying("hi"), 2, out);

    RunSummary again = run(new RolloutRunnerTest.SimpleEnv(), saying("hi"), 2, out);

    assertThat(again.resumed()).isEqualTo(4);
    assertThat(again.meanReward()).isEqualTo(1.0);
    assertThat(started.get().resumed()).hasSize(4);
    assertThat(started.get().resumedRewardSum()).isEqualTo(4.0);
    assertThat(started.get().note()).isNull();
  }

  @Test
  void aFileFromBeforeProvenanceResumesWithANoteAndStaysWithoutHeader() throws Exception {
    Path out = dir.resolve("r.jsonl");
    run(new RolloutRunnerTest.SimpleEnv(), saying("hi"), 1, out);
    List<String> lines = Files.readAllLines(out);
    Files.write(out, List.of(lines.get(1)), java.nio.charset.StandardCharsets.UTF_8);

    RunSummary again = run(new RolloutRunnerTest.SimpleEnv(), saying("another model"), 1, out);

    assertThat(again.resumed()).isEqualTo(1);
    assertThat(again.ran()).isEqualTo(1);
    assertThat(started.get().note()).isEqualTo(out + " was written before envbook recorded what produced its rollouts, so the 1 "
        + "finished there are resumed without checking that this model and environment made them");
    List<String> after = Files.readAllLines(out);
    assertThat(after).hasSize(2).first().isEqualTo(lines.get(1));
    assertThat(RolloutFile.read(out).provenance()).isNull();
  }

  @Test
  void aFileHoldingOnlyAnotherRunsHeaderIsStartedAfresh() throws Exception {
    Path out = dir.resolve("r.jsonl");
    Provenance other = new Provenance(Map.of("name", "simple"), Map.of("name", "openai:gpt"), Map.of("group_size", "1"));
    RolloutFile.openForAppend(out, other).close();

    RunSummary s = run(new RolloutRunnerTest.SimpleEnv(), saying("hi"), 1, out);

    assertThat(s.ran()).isEqualTo(2);
    assertThat(RolloutFile.read(out).provenance().model()).containsEntry("name", "scripted");
  }

  @Test
  void aScriptedPolicyWrittenInJavaIsKnownByItsClass() {
    ScriptedModel m = ScriptedModel.policy(ctx -> Message.assistant("hi"));

    assertThat(m.provenance()).containsEntry("policy", "Java " + ResumeTest.class.getName());
  }

  /** Items `item-0` and `item-1`, the second with field n as given. */
  static final class SecondItemEnv extends RolloutRunnerTest.SimpleEnv {
    private final int second;
    private int next;

    SecondItemEnv(int second) {
      this.second = second;
    }

    @Override
    public Item nextItem() {
      int i = next++;
      return Item.of("item-" + i, Map.of("n", i == 1 ? second : i));
    }
  }
}
