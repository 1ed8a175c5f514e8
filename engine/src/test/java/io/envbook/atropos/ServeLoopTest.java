package io.envbook.atropos;

import static org.assertj.core.api.Assertions.assertThat;

import io.envbook.env.EnvConfig;
import io.envbook.env.Environment;
import io.envbook.env.EvalReport;
import io.envbook.env.EvalRunner;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code serve} against a trajectory API on Debian's uvicorn ({@link UvicornTrajectoryApi}), the test
 * playing the trainer: registering, pulling batches, reading them as Atropos' trainer does.
 */
@Timeout(120)
class ServeLoopTest {
  /** Items n0, n1, ... ({@code count} of them, or endless); sample 0 answers right, so every group teaches something. */
  static class Numbers implements Environment {
    final int count;
    int next;

    Numbers(int count) {
      this.count = count;
    }

    @Override
    public EnvConfig config() {
      return EnvConfig.builder("numbers").groupSize(3).build();
    }

    @Override
    public void setup() {
      next = 0;
    }

    @Override
    public Item nextItem() {
      if (count > 0 && next >= count) {
        return null;
      }
      int i = next++;
      return Item.of("n" + i, Map.of("n", i));
    }

    @Override
    public String formatPrompt(Item item) {
      return "Say " + item.get("n");
    }

    @Override
    public Reward computeReward(Item item, AgentResult result, ToolContext ctx) {
      return Reward.of(result.finalText().startsWith(String.valueOf(item.get("n"))) ? 1 : 0);
    }
  }

  /** Sample 0 says the number, the others do not know; each answer takes {@code ms}. */
  static ScriptedModel model(long ms) {
    return ScriptedModel.policy(ctx -> {
      sleep(ms);
      return answer(ctx);
    });
  }

  static Message answer(ScriptedModel.Context ctx) {
    return Message.assistant(ctx.sample() == 0 ? String.valueOf(ctx.item().get("n")) : "no idea");
  }

  @TempDir Path dir;
  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
  private UvicornTrajectoryApi api;
  private LocalSandboxProvider sandboxes;

  @BeforeEach
  void startApi() throws Exception {
    api = UvicornTrajectoryApi.start(dir.resolve("uvicorn.log"));
    sandboxes = new LocalSandboxProvider();
  }

  @AfterEach
  void stopApi() throws Exception {
    api.close();
    sandboxes.close();
  }

  private ServeSettings.Builder settings() {
    return ServeSettings.builder(3).unsentFile(dir.resolve("unsent.jsonl")).drainTimeout(Duration.ofSeconds(20));
  }

  private ServeLoop loop(Environment env, ScriptedModel model, ServeSettings settings) throws Exception {
    return new ServeLoop(new TrajectoryApi(api.url()), env, new GroupRunner(env, model, sandboxes), settings, log);
  }

  private static CompletableFuture<ServeReport> inBackground(ServeLoop loop) {
    CompletableFuture<ServeReport> f = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try {
        f.complete(loop.run());
      } catch (Throwable e) {
        f.completeExceptionally(e);
      }
    });
    return f;
  }

  private ServeReport done(CompletableFuture<ServeReport> serving) throws Exception {
    try {
      return serving.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("serve did not finish within 60 s; log:\n" + log() + "\nuvicorn:\n" + api.log(), e);
    }
  }

  private String log() {
    return logBytes.toString(StandardCharsets.UTF_8);
  }

  private void await(String what, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() < deadline).as("waited 30 s for " + what + "; log:\n" + log() + "\nuvicorn:\n" + api.log()).isTrue();
      Thread.sleep(20);
    }
  }

  private int posts() {
    try {
      return api.posts().size();
    } catch (Exception e) {
      return -1;
    }
  }

  private static Set<String> items(List<JsonNode> posts) {
    Set<String> seen = new HashSet<>();
    for (JsonNode p : posts) {
      assertThat(seen.add(p.get("messages").get(0).get(0).get("content").asString())).as("a group was posted twice").isTrue();
    }
    return seen;
  }

  @Test
  void waitsForTheTrainerThenPostsEveryGroupInAShapeTheTrainerReads() throws Exception {
    CompletableFuture<ServeReport> serving = inBackground(loop(new Numbers(0), model(0), settings().groups(4).build()));
    await("the wait for the trainer", () -> log().contains("waiting for the trainer to start"));
    api.registerTrainer(12, 4096, 100);

    ServeReport report = done(serving);

    assertThat(report.sent()).isEqualTo(4);
    assertThat(report.rolloutsSent()).isEqualTo(12);
    assertThat(api.disconnects()).containsExactly(0);
    List<JsonNode> posts = api.posts();
    assertThat(items(posts)).hasSize(4);
    for (JsonNode g : posts) {
      assertThat(g.get("env_id").asInt()).isZero();
      assertThat(g.get("scores").toString()).isEqualTo("[1.0,0.0,0.0]");
      assertThat(g.get("advantages").get(0).get(0).asDouble()).isPositive();
      assertThat(g.get("advantages").get(1).size()).isEqualTo(g.get("tokens").get(1).size());
      assertThat(g.get("inference_logprobs").get(2).size()).isEqualTo(g.get("tokens").get(2).size());
    }
    JsonNode read = api.readAsTrainer();
    assertThat(read.get("ok").asBoolean()).as(read.toString()).isTrue();
    assertThat(read.get("groups").asInt()).isEqualTo(4);
    assertThat(read.get("sequences_with_logprobs").asInt()).isEqualTo(12);
  }

  @Test
  void neverHasMoreGroupsUnderWayThanTheQueueMayHoldWhilePostsAreSlow() throws Exception {
    api.registerTrainer(6, 4096, 100);
    api.delayPosts(0.3); // scored groups wait for the sender: they must still count
    // limit: max_batches_offpolicy 2 × batch 6 / group 3 = 4 groups, well below the 8 workers
    CompletableFuture<ServeReport> serving = inBackground(loop(new Numbers(0), model(0), settings().maxBatchesOffPolicy(2).build()));
    await("4 queued groups", () -> posts() == 4);
    Thread.sleep(1500);
    assertThat(api.posts()).as("the queue holds its limit and no more").hasSize(4);
    assertThat(api.status().get("queue_size").asInt()).isEqualTo(4);

    // The trainer takes a batch; as Atropos' server does, it forms both batches the queue holds at
    // once and keeps the second for its next call, outside the queue: room for 4 more groups.
    assertThat(api.batch()).hasSize(2);
    await("8 posts", () -> posts() == 8);
    Thread.sleep(1500);
    assertThat(api.posts()).hasSize(8);
    assertThat(api.status().get("queue_size").asInt()).isEqualTo(4);
  }

  @Test
  void registersAgainAfterTheApiRestartsAndLosesOrRepeatsNoGroup() throws Exception {
    api.registerTrainer(3, 4096, 1000);
    CompletableFuture<ServeReport> serving = inBackground(loop(new Numbers(0), model(150),
        settings().groups(10).maxWorkers(2).maxBatchesOffPolicy(10).build()));
    await("3 posts", () -> posts() >= 3);
    List<JsonNode> before = api.posts();
    api.kill();
    Thread.sleep(1500); // the API is down: scored groups wait
    List<JsonNode> whileDown = new ArrayList<>(before);
    api.restart();
    Thread.sleep(500); // up, but its trainer has not registered again yet: nothing may be posted
    assertThat(api.posts()).as("no group is posted before this environment registered again").isEmpty();
    api.registerTrainer(3, 4096, 1000);

    ServeReport report = done(serving);

    List<JsonNode> after = api.posts();
    List<JsonNode> all = new ArrayList<>(whileDown);
    all.addAll(after);
    assertThat(items(all)).as("every group once, across both API processes").hasSize(10);
    assertThat(report.sent()).isEqualTo(10);
    assertThat(report.registrations()).isEqualTo(2);
    assertThat(log()).contains("no longer knows env 0").contains("registering again").contains("polling /status-env failed, retrying");
    JsonNode read = api.readAsTrainer();
    assertThat(read.get("ok").asBoolean()).as("the restarted API still serves its trainer: " + read).isTrue();
    assertThat(read.get("groups").asInt()).isEqualTo(after.size());
  }

  @Test
  void dropsGroupsWithASequenceOfTheTrainersMaxTokenLenOrMore() throws Exception {
    api.registerTrainer(12, 60, 100);
    Numbers env = new Numbers(6) {
      @Override
      public String formatPrompt(Item item) {
        return ((int) item.get("n")) % 2 == 0 ? "Say " + item.get("n") : "Say " + item.get("n") + " after a long preamble " + "-".repeat(60);
      }
    };

    ServeReport report = loop(env, model(0), settings().cycle(false).build()).run();

    assertThat(report.sent()).isEqualTo(3);
    assertThat(report.droppedTooLong()).isEqualTo(3);
    assertThat(report.line()).contains("dropped 3 with a sequence of the trainer's max_token_len (60) or more");
    for (JsonNode g : api.posts()) {
      g.get("tokens").forEach(seq -> assertThat(seq.size()).isLessThan(60));
    }
  }

  @Test
  void stopTrainCancelsTheRunningGroupsDuringTheEvaluationAndRunsTheirItemsAgain() throws Exception {
    long[] window = new long[2];
    Numbers env = new Numbers(0) {
      @Override
      public EvalReport evaluate(EvalRunner runner) throws Exception {
        window[0] = System.currentTimeMillis();
        Thread.sleep(1500);
        window[1] = System.currentTimeMillis();
        return new EvalReport(Map.of("eval/held_out", 0.5));
      }
    };
    api.registerTrainer(3, 4096, 100);
    Set<Object> started = java.util.concurrent.ConcurrentHashMap.newKeySet();
    ScriptedModel slow = ScriptedModel.policy(ctx -> {
      started.add(ctx.item().get("n"));
      sleep(800);
      return answer(ctx);
    });
    // one group at a time, 800 ms each; BaseEnv evaluates when the step crosses a multiple of 2 (1 -> 2)
    CompletableFuture<ServeReport> serving = inBackground(loop(env, slow, settings().groups(4).maxWorkers(1).stepsPerEval(2).build()));
    await("a first post", () -> posts() == 1);
    assertThat(api.batch()).hasSize(1); // step 1
    await("a second post and the third group running", () -> posts() == 2 && started.contains(2));
    assertThat(api.batch()).hasSize(1); // step 2: evaluation, while the third group runs

    ServeReport report = done(serving);

    assertThat(report.evaluations()).isEqualTo(1);
    assertThat(report.cancelledForEvaluation()).isEqualTo(1);
    List<JsonNode> posts = api.posts();
    assertThat(items(posts)).hasSize(4);
    for (JsonNode p : posts) {
      long at = (long) (p.get("received_at").asDouble() * 1000);
      assertThat(at < window[0] || at > window[1]).as("a group was posted during the evaluation").isTrue();
    }
    assertThat(log()).contains("serve: evaluation at step 2: eval/held_out=0.5000");
  }

  @Test
  void aRefusedGroupIsKeptWithTheServersAnswerAndTheNextGroupsGo() throws Exception {
    api.registerTrainer(3, 4096, 100);
    api.reject(1);

    ServeReport report = loop(new Numbers(3), model(0), settings().cycle(false).maxWorkers(1).build()).run();

    assertThat(api.posts()).as("the refused group is not tried again").hasSize(3);
    assertThat(report.sent()).isEqualTo(2);
    assertThat(report.refused()).isEqualTo(1);
    List<String> kept = Files.readAllLines(dir.resolve("unsent.jsonl"));
    assertThat(kept).hasSize(1);
    assertThat(kept.get(0)).contains("/scored_data answered 422").contains("rejected by the test").contains("\"tokens\"");
    assertThat(log()).contains("the trajectory API refused a group, kept in");
  }

  @Test
  void theDatasetStartsAgainAtItsEndAsAtroposEnvironmentsDo() throws Exception {
    api.registerTrainer(15, 4096, 100);

    ServeReport report = loop(new Numbers(2), model(0), settings().groups(5).maxWorkers(1).build()).run();

    assertThat(report.sent()).isEqualTo(5);
    assertThat(report.datasetPasses()).isEqualTo(3);
    List<String> prompts = api.posts().stream().map(p -> p.get("messages").get(0).get(0).get("content").asString()).toList();
    assertThat(prompts).containsExactly("Say 0", "Say 1", "Say 0", "Say 1", "Say 0");
  }

  @Test
  void withCycleOffItStopsAtTheEndOfTheDataset() throws Exception {
    api.registerTrainer(3, 4096, 100);

    ServeReport report = loop(new Numbers(2), model(0), settings().cycle(false).build()).run();

    assertThat(report.sent()).isEqualTo(2);
    assertThat(log()).contains("the dataset is done after 2 items");
  }

  @Test
  void groupsWithEqualScoresAreNotSent() throws Exception {
    api.registerTrainer(3, 4096, 100);
    ScriptedModel alwaysWrong = ScriptedModel.policy(ctx -> Message.assistant("no idea"));

    ServeReport report = loop(new Numbers(3), alwaysWrong, settings().cycle(false).build()).run();

    assertThat(api.posts()).isEmpty();
    assertThat(report.skippedEqualScores()).isEqualTo(3);
  }

  @Test
  void aMinimumAllocationKeepsItsShareQueuedWhileAnotherEnvironmentFillsTheQueue() throws Exception {
    api.registerTrainer(6, 4096, 100);
    int other = api.registerOtherEnv("other", 3, null);
    for (int i = 0; i < 10; i++) {
      api.postFor(other, 3); // far more than max_batches_offpolicy × batch size
    }

    ServeReport report = loop(new Numbers(0), model(0), settings().groups(2).maxBatchesOffPolicy(1).minBatchAllocation(0.5).build()).run();

    assertThat(report.sent()).isEqualTo(2);
    assertThat(api.posts().stream().filter(p -> p.get("env_id").asInt() != other).count()).isEqualTo(2);
  }

  @Test
  void stopLetsRunningGroupsFinishPostsThemAndDisconnects() throws Exception {
    api.registerTrainer(3, 4096, 100);
    ServeLoop loop = loop(new Numbers(0), model(400), settings().maxWorkers(2).build());
    CompletableFuture<ServeReport> serving = inBackground(loop);
    await("a first post", () -> posts() >= 1);
    loop.stop();

    ServeReport report = done(serving);

    assertThat(report.abandoned()).isZero();
    assertThat(report.unsentAtStop()).isZero();
    assertThat(api.posts()).hasSize(report.sent());
    assertThat(report.sent()).as("the groups running at the stop were posted too").isGreaterThanOrEqualTo(2);
    assertThat(api.disconnects()).containsExactly(0);
  }

  @Test
  void groupsStillUnpostedAtTheEndOfTheDrainAreKeptInTheUnsentFile() throws Exception {
    api.registerTrainer(3, 4096, 100);
    api.delayPosts(5); // the first post is still unanswered when the API dies
    ServeLoop loop = loop(new Numbers(0), model(0), settings().maxWorkers(1).drainTimeout(Duration.ZERO).build());
    CompletableFuture<ServeReport> serving = inBackground(loop);
    await("a first post", () -> posts() >= 1);
    api.kill(); // nothing can be posted any more
    Thread.sleep(300);
    loop.stop();

    ServeReport report = done(serving);

    assertThat(report.unsentAtStop()).isPositive();
    List<String> kept = Files.readAllLines(dir.resolve("unsent.jsonl"));
    assertThat(kept).hasSize(report.unsentAtStop());
    assertThat(kept.get(0)).contains("not posted before serve stopped");
    assertThat(report.line()).contains("unposted at the stop, kept in");
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }
}
