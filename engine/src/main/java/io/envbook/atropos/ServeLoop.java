package io.envbook.atropos;

import io.envbook.env.Environment;
import io.envbook.env.Item;
import io.envbook.rollout.GroupRunner;
import io.envbook.rollout.RolloutGroup;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code envbook serve}: an environment server for an Atropos trainer, run as Atropos' {@code BaseEnv}
 * runs one. It registers (waiting while the trainer has not started), reads the trainer's batch size
 * and {@code max_token_len}, then every 100 ms asks {@code /status-env} and starts groups as the
 * {@link Throttle} allows, counting a group as under way from its start until its post is answered.
 * Scored groups go out through one {@link GroupSender}; groups whose scores are all equal are not sent
 * (they teach nothing) and groups with a sequence of {@code max_token_len} tokens or more are dropped,
 * as BaseEnv does. At the dataset's end it starts again ({@link ServeSettings#cycle()}).
 *
 * <p>When {@code /status-env} answers 500 for this environment, or the trainer's step goes back, the
 * API has restarted: it registers again, and groups scored meanwhile go out under the new env id.
 * Every {@code stepsPerEval} trainer steps it runs the environment's own {@code evaluate}; under
 * {@code STOP_TRAIN} the running groups are cancelled and their items run again afterwards.
 * {@link #stop()} (a signal) lets running groups finish for up to the drain timeout, posts them,
 * keeps what could not be posted in the unsent file, and disconnects.
 *
 * <pre>{@code
 * ServeLoop loop = new ServeLoop(new TrajectoryApi("http://localhost:8000"), env, new GroupRunner(env, model, sandboxes),
 *     ServeSettings.builder(4).build(), System.out);
 * ServeReport report = loop.run();
 * }</pre>
 */
public final class ServeLoop {
  private final TrajectoryApi api;
  private final Environment env;
  private final GroupRunner runner;
  private final ServeSettings settings;
  private final PrintStream log;
  private final ApiSession session;
  private final UnsentGroups unsent;
  private final GroupSender sender;
  private final Workers workers;
  private final FailureLog polls;
  private final AtomicInteger skipped = new AtomicInteger();
  private final AtomicInteger tooLong = new AtomicInteger();
  private final AtomicInteger rolloutsSent = new AtomicInteger();
  private final AtomicInteger cancelledForEval = new AtomicInteger();
  private final AtomicInteger evaluations = new AtomicInteger();
  private volatile boolean stopping;
  private volatile Thread evaluation;
  private volatile int maxTokenLen = -1;
  private Throttle throttle;
  private int abandoned;
  private int lastStep = -1;
  private Item ahead;
  private int read;
  private int taken;
  private int passes = 1;
  private boolean exhausted;

  public ServeLoop(TrajectoryApi api, Environment env, GroupRunner runner, ServeSettings settings, PrintStream log) {
    this.api = api;
    this.env = env;
    this.runner = runner;
    this.settings = settings;
    this.log = log;
    this.session = new ApiSession(api, settings, env.config().name(), log, () -> stopping);
    this.unsent = new UnsentGroups(settings.unsentFile());
    this.sender = new GroupSender(api, session, unsent, log);
    this.workers = new Workers(runner, settings.groupSize(), this::scored, log);
    this.polls = new FailureLog("polling /status-env", log, 30_000);
  }

  /** Asks the loop to finish: no new groups; running ones get the drain timeout, scored ones are posted. */
  public void stop() {
    stopping = true;
  }

  public ServeReport run() throws Exception {
    env.setup();
    try (unsent) {
      if (session.register()) {
        readTrainerInfo();
        sender.start();
        try {
          serve();
        } finally {
          finish();
        }
      }
    }
    ServeReport report = new ServeReport(sender.sent(), rolloutsSent.get(), skipped.get(), tooLong.get(), maxTokenLen,
        sender.refused(), unsent.count() - sender.refused(), settings.unsentFile(), workers.failed(), abandoned,
        cancelledForEval.get(), evaluations.get(), session.registrations(), passes);
    log.println(report.line());
    return report;
  }

  private void serve() throws Exception {
    while (!stopping) {
      Thread.sleep(100);
      // counted before the poll: a group whose post is answered meanwhile may then count twice
      // (in the queue too), never not at all
      int underWay = workers.running() + sender.underWay();
      Throttle.Status status = poll();
      if (status == null) {
        continue;
      }
      checkEvaluation(status);
      int totalSteps = settings.totalSteps() == 0 ? session.numSteps() : settings.totalSteps();
      if (throttle.trainerDone(status, totalSteps)) {
        log.println("serve: the trainer reaches its " + totalSteps + " steps with what is queued: stopping");
        return;
      }
      int more = underWay >= settings.maxWorkers() ? 0 : throttle.workers(status, evaluation != null) - underWay;
      for (int i = 0; i < more; i++) {
        Item item = nextItem();
        if (item == null) {
          break;
        }
        workers.start(item);
      }
      if (nothingLeft() && workers.running() == 0 && evaluation == null) {
        return;
      }
    }
  }

  private boolean nothingLeft() {
    return (exhausted || groupsTaken()) && workers.backlogSize() == 0;
  }

  private boolean groupsTaken() {
    return settings.groups() > 0 && taken >= settings.groups();
  }

  /**
   * A cancelled item first, then the dataset's next. The dataset is read one item ahead, so its end
   * is known as soon as its last item is taken, even while the throttle lets nothing start.
   */
  private Item nextItem() throws Exception {
    Item again = workers.backlogged();
    if (again != null || groupsTaken()) {
      return again;
    }
    Item item = ahead != null ? ahead : read();
    ahead = null;
    if (item != null) {
      taken++;
      ahead = groupsTaken() ? null : read();
    }
    return item;
  }

  /** The dataset's next item, from its start again at its end when cycling; {@code null} at its end. */
  private Item read() throws Exception {
    if (exhausted) {
      return null;
    }
    Item item = env.nextItem();
    if (item == null && settings.cycle() && read > 0) {
      env.setup();
      passes++;
      log.println("serve: the dataset is done; starting it again (pass " + passes + ")");
      item = env.nextItem();
    }
    if (item == null) {
      exhausted = true;
      log.println(read == 0 ? "serve: the dataset has no items" : "serve: the dataset is done after " + read + " items");
      return null;
    }
    read++;
    return item;
  }

  /** One {@code /status-env}; {@code null} when it failed. A 500 or a step that went back means the API restarted. */
  private Throttle.Status poll() throws Exception {
    JsonNode json;
    try {
      json = api.statusEnv(session.envId());
    } catch (ApiException e) {
      if (e.status() == 500) {
        log.println("serve: the trajectory API no longer knows env " + session.envId() + " (" + e.getMessage()
            + "): it restarted; registering again");
        reRegister();
      } else {
        if (!e.answered()) {
          session.doubt();
        }
        polls.failed(e);
      }
      return null;
    }
    polls.worked();
    Throttle.Status status = Throttle.Status.of(json);
    if (lastStep > 0 && status.currentStep() < lastStep) {
      log.println("serve: the trainer's step went back from " + lastStep + " to " + status.currentStep()
          + ": the trajectory API restarted; registering again");
      reRegister();
      return null;
    }
    session.confirm();
    return status;
  }

  private void reRegister() throws Exception {
    lastStep = -1;
    if (session.register()) {
      readTrainerInfo();
    }
  }

  private void readTrainerInfo() throws InterruptedException {
    FailureLog failures = new FailureLog("reading /info", log, 30_000);
    while (!stopping) {
      try {
        JsonNode info = api.info();
        int batchSize = info.path("batch_size").asInt(-1);
        if (batchSize > 0 && settings.groupSize() > batchSize) {
          throw new IllegalStateException("the group size (" + settings.groupSize() + ") is larger than the trainer's batch size ("
              + batchSize + "): pass a smaller --group");
        }
        if (batchSize > 0) {
          throttle = new Throttle(settings, batchSize);
          maxTokenLen = info.path("max_token_len").asInt(-1);
          if (maxTokenLen <= 0) {
            log.println("serve: the trainer set no max_token_len (" + maxTokenLen + "): groups of any length are sent");
          }
          return;
        }
        log.println("serve: the trainer has not said its batch size yet; asking again");
      } catch (ApiException e) {
        failures.failed(e);
      }
      Thread.sleep(1000);
    }
  }

  /** BaseEnv's check: an evaluation each time the trainer's step crosses a multiple of {@code stepsPerEval}. */
  private void checkEvaluation(Throttle.Status status) {
    int step = status.currentStep();
    int every = settings.stepsPerEval();
    if (lastStep >= 0 && step != lastStep && every > 0 && lastStep % every > step % every) {
      if (evaluation == null) {
        startEvaluation(step);
      } else {
        log.println("serve: the evaluation started earlier is still running at step " + step + ": skipping this one");
      }
    }
    lastStep = step;
  }

  private void startEvaluation(int step) {
    if (settings.evalHandling() == ServeSettings.EvalHandling.STOP_TRAIN) {
      cancelledForEval.addAndGet(workers.cancel(Integer.MAX_VALUE));
    }
    evaluation = Thread.ofVirtual().name("evaluate").start(() -> {
      try {
        var report = env.evaluate(runner.evalRunner());
        evaluations.incrementAndGet();
        if (!report.metrics().isEmpty()) {
          StringBuilder line = new StringBuilder("serve: evaluation at step " + step + ":");
          report.metrics().forEach((k, v) -> line.append(' ').append(k).append('=').append(String.format(Locale.ROOT, "%.4f", v)));
          log.println(line);
        }
      } catch (InterruptedException e) {
        log.println("serve: the evaluation at step " + step + " was stopped");
      } catch (Exception e) {
        log.println("serve: evaluation at step " + step + " failed: " + e.getMessage());
      } finally {
        evaluation = null;
      }
    });
  }

  /** A scored group: skipped, dropped, or queued for the trainer. Runs on the group's thread. */
  private void scored(RolloutGroup g) {
    if (!settings.sendEqualScores() && g.scoresAllSame()) {
      skipped.incrementAndGet();
      return;
    }
    ObjectNode body = ScoredDataGroups.forTrainer(g);
    int limit = maxTokenLen;
    int longest = 0;
    for (JsonNode seq : body.get("tokens")) {
      longest = Math.max(longest, seq.size());
    }
    if (limit > 0 && longest >= limit) {
      if (tooLong.incrementAndGet() == 1) {
        log.println("serve: dropped the group of item " + g.itemId() + ": a sequence has " + longest
            + " tokens, the trainer takes fewer than " + limit + " (its max_token_len); the summary counts all such groups");
      }
      return;
    }
    rolloutsSent.addAndGet(g.rollouts().size());
    sender.add(body);
  }

  /**
   * The stop: running groups and the evaluation get the drain timeout; then what is scored is posted
   * (with at least 10 s for it, or the whole drain timeout if shorter), then the environment disconnects.
   */
  private void finish() throws InterruptedException {
    long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
    if (!workers.awaitIdle(deadline)) {
      abandoned = workers.cancel(Integer.MAX_VALUE);
      workers.awaitIdle(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
    }
    Thread eval = evaluation;
    if (eval != null && !eval.join(java.time.Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
      eval.interrupt();
    }
    long forPosting = Math.min(TimeUnit.SECONDS.toNanos(10), settings.drainTimeout().toNanos());
    sender.finish(Math.max(deadline, System.nanoTime() + forPosting));
    try {
      api.disconnect(session.envId());
    } catch (ApiException e) {
      log.println("serve: could not disconnect cleanly: " + e.getMessage());
    }
  }
}
