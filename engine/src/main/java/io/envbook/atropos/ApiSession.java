package io.envbook.atropos;

import java.io.PrintStream;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.JsonNode;

/**
 * This environment's registration with the trajectory API: its env id, and whether the API is
 * known to still hold it. Groups are posted only while it is {@linkplain #confirmed() confirmed}: a
 * {@code /status-env} for this id answered since the API last failed to answer. That matters after
 * a restart: a group posted to a fresh API before its trainer registered leaves Atropos' server in a
 * state the trainer's registration cannot mend.
 */
final class ApiSession {
  private final TrajectoryApi api;
  private final ServeSettings settings;
  private final String name;
  private final PrintStream log;
  private final BooleanSupplier stopping;
  private volatile int envId = -1;
  private volatile boolean confirmed;
  private volatile int numSteps = -1;
  private int registrations;

  ApiSession(TrajectoryApi api, ServeSettings settings, String name, PrintStream log, BooleanSupplier stopping) {
    this.api = api;
    this.settings = settings;
    this.name = name;
    this.log = log;
    this.stopping = stopping;
  }

  /**
   * Registers, waiting while the trainer has not started or the API does not answer; false when
   * the loop was stopped first. A 4xx answer is the user's to fix and ends the wait.
   */
  boolean register() throws InterruptedException {
    confirmed = false;
    FailureLog failures = new FailureLog("registering at " + api.url(), log, 30_000);
    boolean toldWaiting = false;
    while (!stopping.getAsBoolean()) {
      try {
        JsonNode r = api.registerEnv(settings.maxTokenLength(), name, settings.weight(), settings.groupSize(), settings.minBatchAllocation());
        failures.worked();
        if ("success".equals(r.path("status").asString())) {
          envId = r.path("env_id").asInt();
          numSteps = r.path("num_steps").asInt(-1);
          registrations++;
          confirmed = true;
          log.println("serve: registered as env " + envId + " (" + r.path("wandb_name").asString("") + ") at trainer step "
              + r.path("starting_step").asInt(0));
          return true;
        }
        if (!toldWaiting) {
          log.println("serve: waiting for the trainer to start (" + r.path("status").asString("no status") + ")");
          toldWaiting = true;
        }
      } catch (ApiException e) {
        if (e.refused()) {
          throw new IllegalStateException("the trajectory API refused the registration: " + e.getMessage(), e);
        }
        failures.failed(e);
      }
      Thread.sleep(1000);
    }
    return false;
  }

  int envId() {
    return envId;
  }

  /** The trainer's {@code num_steps} from the last registration, -1 when it gave none. */
  int numSteps() {
    return numSteps;
  }

  /** How many times this environment registered (1, plus one per API restart). */
  int registrations() {
    return registrations;
  }

  boolean confirmed() {
    return confirmed;
  }

  /** A {@code /status-env} for this env id answered. */
  void confirm() {
    confirmed = true;
  }

  /** The API did not answer: it may come back without this registration. */
  void doubt() {
    confirmed = false;
  }
}
