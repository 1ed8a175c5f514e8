package io.envbook.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.env.Reward;
import io.envbook.loop.StopReason;
import io.envbook.loop.ToolError;
import io.envbook.model.Message;
import io.envbook.model.ToolCall;
import io.envbook.model.Usage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RolloutFileTest {
  @TempDir Path dir;

  @Test
  void aRolloutSurvivesTheRoundTripThroughTheFile() throws Exception {
    Path file = dir.resolve("runs/a.jsonl");
    Rollout r = TestRollouts.rollout(0, 1, 0.5, null);
    try (RolloutFile out = RolloutFile.openForAppend(file)) {
      out.append(r);
    }

    RolloutFile.Contents read = RolloutFile.read(file);

    assertThat(read.problems()).isEmpty();
    assertThat(read.rollouts()).containsExactly(r);
  }

  @Test
  void eachRolloutIsOneLineOnDiskAsSoonAsItIsAppended() throws Exception {
    Path file = dir.resolve("a.jsonl");
    try (RolloutFile out = RolloutFile.openForAppend(file)) {
      out.append(TestRollouts.rollout(0, 0, 1, null));
      assertThat(Files.readAllLines(file)).hasSize(1);
      out.append(TestRollouts.rollout(0, 1, 1, null));
      assertThat(Files.readAllLines(file)).hasSize(2);
    }
  }

  @Test
  void aTornLastLineIsSkippedWhenReadingAndCutWhenAppending() throws Exception {
    Path file = dir.resolve("a.jsonl");
    try (RolloutFile out = RolloutFile.openForAppend(file)) {
      out.append(TestRollouts.rollout(0, 0, 1, null));
    }
    Files.writeString(file, "{\"env\":\"env\",\"item_id\":\"item-1\",\"mess", StandardOpenOption.APPEND);

    assertThat(RolloutFile.read(file).rollouts()).hasSize(1);
    assertThat(RolloutFile.read(file).problems()).singleElement().asString().startsWith("a.jsonl line 2: ");

    try (RolloutFile out = RolloutFile.openForAppend(file)) {
      out.append(TestRollouts.rollout(1, 0, 1, null));
    }
    assertThat(RolloutFile.read(file).problems()).isEmpty();
    assertThat(RolloutFile.read(file).rollouts()).extracting(Rollout::itemIndex).containsExactly(0, 1);
  }

  @Test
  void theLastRecordOfAKeyWins() throws Exception {
    Path file = dir.resolve("a.jsonl");
    try (RolloutFile out = RolloutFile.openForAppend(file)) {
      out.append(TestRollouts.rollout(0, 0, 0, "model failed: 500"));
      out.append(TestRollouts.rollout(0, 0, 1, null));
    }

    assertThat(RolloutFile.read(file).rollouts()).singleElement().satisfies(r -> {
      assertThat(r.ok()).isTrue();
      assertThat(r.score()).isEqualTo(1.0);
    });
  }

  @Test
  void aMissingFileReadsAsEmpty() throws Exception {
    assertThat(RolloutFile.read(dir.resolve("none.jsonl")).rollouts()).isEmpty();
  }

  @Test
  void aFileWithOnlyATornLineIsEmptiedBeforeAppending() throws Exception {
    Path file = dir.resolve("a.jsonl");
    Files.writeString(file, "{\"env\":", StandardCharsets.UTF_8);

    try (RolloutFile out = RolloutFile.openForAppend(file)) {
      out.append(TestRollouts.rollout(0, 0, 1, null));
    }

    assertThat(Files.readAllLines(file)).hasSize(1);
    assertThat(RolloutFile.read(file).problems()).isEmpty();
  }

  @Test
  void theHeaderIsWrittenOnceAsTheFirstLineAndReadAsProvenanceNotAsARollout() throws Exception {
    Path file = dir.resolve("a.jsonl");
    Provenance header = new Provenance(Map.of("name", "env"), Map.of("name", "scripted"), Map.of("group_size", "1"));
    try (RolloutFile out = RolloutFile.openForAppend(file, header)) {
      out.append(TestRollouts.rollout(0, 0, 1, null));
    }
    try (RolloutFile out = RolloutFile.openForAppend(file, header)) {
      out.append(TestRollouts.rollout(1, 0, 1, null));
    }

    RolloutFile.Contents read = RolloutFile.read(file);

    assertThat(Files.readAllLines(file)).hasSize(3);
    assertThat(read.provenance()).isEqualTo(header);
    assertThat(read.rollouts()).hasSize(2);
    assertThat(read.problems()).isEmpty();
  }

  @Test
  void aRewardSavedWithDoubleNoiseReadsBackExact() throws Exception {
    Path file = dir.resolve("old.jsonl");
    String line = io.envbook.json.Json.write(RolloutCodec.toJson(TestRollouts.rollout(0, 0, 1, null)))
        .replace("\"reward\":1.0", "\"reward\":0.9999999999999999");
    assertThat(line).contains("0.9999999999999999");
    Files.writeString(file, line + "\n", StandardCharsets.UTF_8);

    assertThat(RolloutFile.read(file).rollouts()).singleElement().satisfies(r -> assertThat(r.score()).isEqualTo(1.0));
  }
}
