package io.envbook.atropos;

import io.envbook.env.Environment;
import io.envbook.env.Item;
import io.envbook.rollout.GroupRunner;
import io.envbook.rollout.RolloutGroup;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code envbook serve}: an environment server for an Atropos trainer, as Atropos' {@code BaseEnv}
 * runs one. It registers (waiting while the trainer has not started), reads the batch size, then
 * every 100 ms asks {@code /status-env} and starts groups only while the queue holds less than
 * {@code maxBatchesOffPolicy × batch size} sequences, at most {@code maxWorkers} at once. Scored
 * groups go to {@code /scored_data} from one sender that retries with backoff while the API is
 * down, so no scored group is lost or sent twice; groups whose scores are all equal are not sent
 * (they teach nothing), as Atropos does by default. On stop it sends what is scored and disconnects.
 *
 * <p>As {@code BaseEnv}: with a {@code minBatchAllocation} the environment registers it, sizes its
 * share of a batch as {@code batch size × (unallocated fraction + its minimum)}, and keeps starting
 * groups while its own queued sequences are below its minimum, even when the queue is full. Every
 * {@code stepsPerEval} trainer steps it runs the environment's own {@code evaluate} (on this loop's
 * model and sandboxes) beside training: {@code STOP_TRAIN} starts no new groups meanwhile,
 * {@code LIMIT_TRAIN} runs at most {@code evalLimitRatio} of the workers, {@code NONE} goes on as usual.
 */
public final class ServeLoop {
  /** What the loop does while the environment's own evaluation runs, as Atropos' {@code eval_handling}. */
  public enum EvalHandling { STOP_TRAIN, LIMIT_TRAIN, NONE }

  /**
   * Loop settings; {@code groups} 0 means until stopped, {@code stepsPerEval} 0 never evaluates,
   * {@code minBatchAllocation} {@code null} claims no minimum share of a batch.
   */
  public record Settings(int groups, int groupSize, int maxWorkers, int maxBatchesOffPolicy, double weight, int maxTokenLength,
      boolean sendEqualScores, Double minBatchAllocation, int stepsPerEval, EvalHandling evalHandling, double evalLimitRatio) {

    /** Settings without a minimum allocation or evaluation. */
    public Settings(int groups, int groupSize, int maxWorkers, int maxBatchesOffPolicy, double weight, int maxTokenLength,
        boolean sendEqualScores) {
      this(groups, groupSize, maxWorkers, maxBatchesOffPolicy, weight, maxTokenLength, sendEqualScores, null, 0, EvalHandling.NONE, 0.5);
    }
  }

  private final TrajectoryApi api;
  private final Environment env;
  private final GroupRunner runner;
  private final Settings settings;
  private final PrintStream log;
  private final BlockingQueue<ObjectNode> outbox = new LinkedBlockingQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger skipped = new AtomicInteger();
  private final AtomicInteger evals = new AtomicInteger();
  private volatile boolean stopping;
  private volatile boolean evaluating;

  public ServeLoop(TrajectoryApi api, Environment env, GroupRunner runner, Settings settings, PrintStream log) {
    this.api = api;
    this.env = env;
    this.runner = runner;
    this.settings = settings;
    this.log = log;
  }

  /** Asks the loop to finish: no new groups; scored ones are still sent. */
  public void stop() {
    stopping = true;
  }

  public int sent() {
    return sent.get();
  }

  public int skipped() {
    return skipped.get();
  }

  /** How many of the environment's evaluations finished. */
  public int evaluations() {
    return evals.get();
  }

  public void run() throws Exception {
    env.setup();
    int envId = register();
    int batchSize = retry("/info", api::info).path("batch_size").asInt(-1);
    if (batchSize > 0 && settings.groupSize() > batchSize) {
      throw new IllegalStateException("group size " + settings.groupSize() + " is larger than the trainer's batch size " + batchSize);
    }
    Thread sender = Thread.ofVirtual().name("atropos-sender").start(() -> send(envId));
    int started = 0;
    int index = 0;
    int evalBucket = -1;
    boolean itemsLeft = true;
    while (!stopping && itemsLeft && (settings.groups() == 0 || started < settings.groups())) {
      Thread.sleep(100);
      JsonNode status;
      try {
        status = api.statusEnv(envId);
      } catch (IOException e) {
        continue; // the API is down: try again at the next tick
      }
      if (settings.stepsPerEval() > 0) {
        int bucket = status.path("current_step").asInt(0) / settings.stepsPerEval();
        if (evalBucket >= 0 && bucket > evalBucket && !evaluating) {
          startEvaluation(status.path("current_step").asInt(0));
        }
        evalBucket = Math.max(evalBucket, bucket);
      }
      int target = workersWanted(status, batchSize) - inFlight.get();
      for (int i = 0; i < target && (settings.groups() == 0 || started < settings.groups()); i++) {
        Item item = env.nextItem();
        if (item == null) {
          itemsLeft = false;
          break;
        }
        started++;
        int itemIndex = index++;
        inFlight.incrementAndGet();
        Thread.ofVirtual().name("group-" + itemIndex).start(() -> runGroup(item, itemIndex, envId));
      }
    }
    while (inFlight.get() > 0 || evaluating) {
      Thread.sleep(50);
    }
    stopping = true;
    sender.join();
    try {
      api.disconnect(envId);
    } catch (IOException e) {
      log.println("serve: could not disconnect cleanly: " + e.getMessage());
    }
    log.println("serve: sent " + sent.get() + " groups, skipped " + skipped.get() + " with equal scores");
  }

  /**
   * How many groups should be running, as {@code BaseEnv.add_train_workers}: none while the queue
   * holds {@code maxBatchesOffPolicy} of this environment's share of batches (unless its minimum
   * allocation is not met yet), else up to {@code maxWorkers} (fewer while an evaluation runs).
   */
  private int workersWanted(JsonNode status, int batchSize) {
    int group = settings.groupSize();
    int batch = Math.max(batchSize, group);
    int queue = status.path("queue_size").asInt(0);
    Double min = settings.minBatchAllocation();
    double share = status.path("unallocated_fraction").asDouble(1.0) + (min == null ? 0 : min);
    int derived = min == null ? batch : Math.max(group, (int) (batch * Math.min(1.0, share)));
    int limit = settings.maxBatchesOffPolicy() * derived;
    int missing = min == null ? 0 : (int) Math.ceil((min * batch - status.path("self_queue_size").asInt(0) * group) / (double) group);
    int maxWorkers = !evaluating ? settings.maxWorkers() : switch (settings.evalHandling()) {
      case STOP_TRAIN -> 0;
      case LIMIT_TRAIN -> (int) (settings.maxWorkers() * settings.evalLimitRatio());
      case NONE -> settings.maxWorkers();
    };
    int wanted = queue * group >= limit ? 0 : Math.min(maxWorkers, limit / group - queue);
    return maxWorkers == 0 ? 0 : Math.max(wanted, Math.min(missing, maxWorkers));
  }

  private void startEvaluation(int step) {
    evaluating = true;
    Thread.ofVirtual().name("evaluate").start(() -> {
      try {
        var report = env.evaluate(runner.evalRunner());
        evals.incrementAndGet();
        if (!report.metrics().isEmpty()) {
          StringBuilder line = new StringBuilder("serve: evaluation at step " + step + ":");
          report.metrics().forEach((k, v) -> line.append(' ').append(k).append('=').append(String.format(java.util.Locale.ROOT, "%.4f", v)));
          log.println(line);
        }
      } catch (Exception e) {
        log.println("serve: evaluation at step " + step + " failed: " + e.getMessage());
      } finally {
        evaluating = false;
      }
    });
  }

  private void runGroup(Item item, int itemIndex, int envId) {
    try {
      RolloutGroup g = runner.run(item, itemIndex, settings.groupSize());
      if (!settings.sendEqualScores() && g.scoresAllSame()) {
        skipped.incrementAndGet();
        return;
      }
      ObjectNode body = ScoredDataGroups.toJson(g);
      ArrayNode advantages = body.putArray("advantages");
      List<Double> adv = g.advantages();
      for (int i = 0; i < adv.size(); i++) {
        ArrayNode perToken = advantages.addArray();
        for (int t = 0; t < body.get("tokens").get(i).size(); t++) {
          perToken.add(adv.get(i));
        }
      }
      body.put("env_id", envId);
      outbox.add(body);
    } catch (Exception e) {
      log.println("serve: group " + itemIndex + " failed: " + e.getMessage());
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void send(int envId) {
    while (!stopping || !outbox.isEmpty()) {
      ObjectNode group;
      try {
        group = outbox.poll(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (group == null) {
        continue;
      }
      long wait = 250;
      while (true) {
        try {
          JsonNode r = api.scoredData(group);
          if (!"received".equals(r.path("status").asString()) && !"buffered".equals(r.path("status").asString())) {
            log.println("serve: /scored_data answered " + r);
          }
          sent.incrementAndGet();
          break;
        } catch (IOException e) {
          sleep(wait);
          wait = Math.min(10_000, wait * 2);
        }
      }
    }
  }

  private int register() throws InterruptedException {
    while (true) {
      try {
        JsonNode r = api.registerEnv(settings.maxTokenLength(), env.config().name(), settings.weight(), settings.groupSize(),
            settings.minBatchAllocation());
        if ("success".equals(r.path("status").asString())) {
          log.println("serve: registered as env " + r.path("env_id").asInt() + " (" + r.path("wandb_name").asString("") + ")");
          return r.path("env_id").asInt();
        }
        log.println("serve: waiting for the trainer to start");
      } catch (IOException e) {
        log.println("serve: the trajectory API does not answer yet: " + e.getMessage());
      }
      Thread.sleep(1000);
    }
  }

  private JsonNode retry(String what, Call call) throws InterruptedException {
    while (true) {
      try {
        return call.run();
      } catch (IOException e) {
        log.println("serve: " + what + " failed, retrying: " + e.getMessage());
        Thread.sleep(1000);
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One API call. */
  private interface Call {
    JsonNode run() throws IOException;
  }
}
