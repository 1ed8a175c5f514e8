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
 */
public final class ServeLoop {
  /** Loop settings; {@code groups} 0 means until stopped. */
  public record Settings(int groups, int groupSize, int maxWorkers, int maxBatchesOffPolicy, double weight, int maxTokenLength,
      boolean sendEqualScores) {}

  private final TrajectoryApi api;
  private final Environment env;
  private final GroupRunner runner;
  private final Settings settings;
  private final PrintStream log;
  private final BlockingQueue<ObjectNode> outbox = new LinkedBlockingQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger skipped = new AtomicInteger();
  private volatile boolean stopping;

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
    boolean itemsLeft = true;
    while (!stopping && itemsLeft && (settings.groups() == 0 || started < settings.groups())) {
      Thread.sleep(100);
      JsonNode status;
      try {
        status = api.statusEnv(envId);
      } catch (IOException e) {
        continue; // the API is down: try again at the next tick
      }
      int queue = status.path("queue_size").asInt(0);
      int limit = settings.maxBatchesOffPolicy() * Math.max(batchSize, settings.groupSize());
      if (queue * settings.groupSize() >= limit) {
        continue; // the trainer has enough to eat
      }
      int target = Math.min(settings.maxWorkers(), limit / settings.groupSize() - queue) - inFlight.get();
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
    while (inFlight.get() > 0) {
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
        JsonNode r = api.registerEnv(settings.maxTokenLength(), env.config().name(), settings.weight(), settings.groupSize());
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
