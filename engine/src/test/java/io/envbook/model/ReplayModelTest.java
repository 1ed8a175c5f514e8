package io.envbook.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envbook.rollout.RolloutFile;
import io.envbook.rollout.TestRollouts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayModelTest {
  @TempDir Path dir;

  private ChatRequest at(String itemId, int sample, int turn) {
    return new ChatRequest(List.of(Message.user("2+3?")), null, null, null, null,
        new ChatRequest.Origin("t", itemId, Map.of(), sample, turn));
  }

  @Test
  void answersEachTurnWithTheSavedAssistantMessage() throws Exception {
    Path file = dir.resolve("r.jsonl");
    try (RolloutFile out = RolloutFile.openForAppend(file)) {
      out.append(TestRollouts.rollout(0, 0, 1, null));
    }
    ReplayModel m = ReplayModel.load(file);

    assertThat(m.chat(at("item-0", 0, 0)).message().toolCalls()).extracting(ToolCall::name).containsExactly("add");
    assertThat(m.chat(at("item-0", 0, 1)).message().content()).isEqualTo("5");
    assertThat(m.chat(at("item-0", 3, 1)).message().content()).as("unsaved sample falls back to the item's first").isEqualTo("5");
    assertThat(m.name()).isEqualTo("replay:r.jsonl");
    assertThat(m.builtIn()).isTrue();
  }

  @Test
  void theHeaderLineOfARolloutFileIsSkippedAndTheFileIsWhatTheModelRecords() throws Exception {
    Path file = dir.resolve("r.jsonl");
    io.envbook.rollout.Provenance header = new io.envbook.rollout.Provenance(Map.of("name", "env"), Map.of("name", "scripted"), Map.of());
    try (RolloutFile out = RolloutFile.openForAppend(file, header)) {
      out.append(TestRollouts.rollout(0, 0, 1, null));
    }

    ReplayModel m = ReplayModel.load(file);

    assertThat(m.chat(at("item-0", 0, 1)).message().content()).isEqualTo("5");
    assertThat(m.provenance()).containsEntry("name", "replay:r.jsonl").containsEntry("file", file.toString());
  }

  @Test
  void anUnknownItemOrATurnPastTheEndIsAModelError() throws Exception {
    Path file = dir.resolve("r.jsonl");
    try (RolloutFile out = RolloutFile.openForAppend(file)) {
      out.append(TestRollouts.rollout(0, 0, 1, null));
    }
    ReplayModel m = ReplayModel.load(file);

    assertThatThrownBy(() -> m.chat(at("other", 0, 0))).isInstanceOf(ModelException.class)
        .hasMessage("the replay file has no rollout for item `other`");
    assertThatThrownBy(() -> m.chat(at("item-0", 0, 2))).isInstanceOf(ModelException.class)
        .hasMessage("the replay file's rollout for item `item-0` has only 2 assistant turns; turn 3 was asked for");
  }

  @Test
  void aLineThatIsNotARolloutIsNamed() throws Exception {
    Path file = dir.resolve("r.jsonl");
    Files.writeString(file, "{\"hello\":1}\n{}\n");

    assertThatThrownBy(() -> ReplayModel.load(file))
        .hasMessage(file + " line 1 is not a rollout record (no item_id or messages)");
  }
}
