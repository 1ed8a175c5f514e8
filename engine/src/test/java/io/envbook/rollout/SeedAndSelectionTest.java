package io.envbook.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envbook.json.Json;
import io.envbook.model.Message;
import io.envbook.model.ScriptedModel;
import io.envbook.model.openai.OpenAiModel;
import io.envbook.sandbox.LocalSandboxProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's seed reaches every request (one per rollout) and the rollout file; a selection runs only its items. */
class SeedAndSelectionTest {
  @TempDir Path dir;
  private final LocalSandboxProvider sandboxes = new LocalSandboxProvider();

  @AfterEach
  void tearDown() {
    sandboxes.close();
  }

  private List<Long> seedsSent(long runSeed) throws Exception {
    List<Long> seeds = new CopyOnWriteArrayList<>();
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          String body = request.getBody().utf8();
          if (!body.contains("\"seed\"")) {
            throw new AssertionError("no seed in " + body);
          }
          seeds.add(Json.parse(body).get("seed").asLong());
          return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
              .body("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hi\"}}]}").build();
        }
      });
      server.start();
      Path out = java.nio.file.Files.createTempFile(dir, "seed-" + runSeed, ".jsonl");
      RolloutRunner.builder(new RolloutRunnerTest.SimpleEnv(), OpenAiModel.builder().server(server.url("/v1").toString()).model("m").build())
          .sandboxes(sandboxes).items(2).groupSize(2).seed(runSeed).output(out).build().run();
      Set<Long> recorded = new TreeSet<>();
      RolloutFile.read(out).rollouts().forEach(r -> recorded.add(r.seed()));
      assertThat(recorded).containsExactlyInAnyOrderElementsOf(seeds);
    }
    return seeds;
  }

  @Test
  void everyRolloutSendsAndRecordsItsOwnSeedAndTheSameRunSeedGivesTheSameSeeds() throws Exception {
    List<Long> first = seedsSent(7);
    List<Long> again = seedsSent(7);
    List<Long> other = seedsSent(8);

    assertThat(new TreeSet<>(first)).hasSize(4);
    assertThat(new TreeSet<>(again)).isEqualTo(new TreeSet<>(first));
    assertThat(new TreeSet<>(other)).doesNotContainAnyElementsOf(first);
  }

  @Test
  void aSelectionRunsItsItemsUnderTheirDatasetPositions() throws Exception {
    ScriptedModel model = ScriptedModel.policy(ctx -> Message.assistant("hi"));

    RunSummary byId = RolloutRunner.builder(new RolloutRunnerTest.SimpleEnv(), model).sandboxes(sandboxes).items(10)
        .select(ItemSelection.of(List.of("item-3", "item-5"), null)).build().run();
    RunSummary byField = RolloutRunner.builder(new RolloutRunnerTest.SimpleEnv(), model).sandboxes(sandboxes).items(2)
        .select(ItemSelection.of(List.of(), "n=^[13579]$")).build().run();

    assertThat(byId.rollouts()).extracting(Rollout::itemId, Rollout::itemIndex)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("item-3", 3), org.assertj.core.groups.Tuple.tuple("item-5", 5));
    assertThat(byField.rollouts()).extracting(Rollout::itemId).containsExactly("item-1", "item-3");
  }

  @Test
  void aSelectionThatTakesNothingSaysSo() {
    assertThatThrownBy(() -> RolloutRunner.builder(new SmallEnv(), ScriptedModel.policy(ctx -> Message.assistant("hi")))
        .sandboxes(sandboxes).items(5).select(ItemSelection.of(List.of("nope"), null)).build().run())
        .hasMessage("no item of environment `simple` is one of the items nope");
  }

  /** Three items, then the end of the dataset. */
  private static final class SmallEnv extends RolloutRunnerTest.SimpleEnv {
    private int n;

    @Override
    public io.envbook.env.Item nextItem() {
      return n++ < 3 ? super.nextItem() : null;
    }
  }

}
