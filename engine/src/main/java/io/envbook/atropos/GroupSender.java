package io.envbook.atropos;

import java.io.PrintStream;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Posts scored groups to {@code /scored_data}, one at a time and in the order they were scored,
 * from its own thread. The env id is set when a group is posted, so groups scored before an API
 * restart go out under the new registration. No answer or a 5xx: the same group is tried again
 * with backoff (up to 10 s), while the API is known to hold this environment; a 4xx: the group is
 * kept in the unsent file with the server's answer, and the next one goes.
 *
 * <pre>{@code
 * GroupSender sender = new GroupSender(api, session, unsent, log);
 * sender.start();
 * sender.add(ScoredDataGroups.forTrainer(group));
 * sender.finish(deadlineNanos);   // what is still unposted then goes to the unsent file
 * }</pre>
 */
final class GroupSender {
  private final TrajectoryApi api;
  private final ApiSession session;
  private final UnsentGroups unsent;
  private final PrintStream log;
  private final FailureLog failures;
  private final LinkedBlockingDeque<ObjectNode> queue = new LinkedBlockingDeque<>();
  private final AtomicInteger underWay = new AtomicInteger();
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private volatile boolean finishing;
  private volatile long deadline;
  private volatile String lastError = "";
  private Thread thread;

  GroupSender(TrajectoryApi api, ApiSession session, UnsentGroups unsent, PrintStream log) {
    this.api = api;
    this.session = session;
    this.unsent = unsent;
    this.log = log;
    this.failures = new FailureLog("posting a scored group", log, 30_000);
  }

  void start() {
    thread = Thread.ofVirtual().name("atropos-sender").start(this::sendAll);
  }

  /** Queues a scored group (without its env id). */
  void add(ObjectNode group) {
    underWay.incrementAndGet();
    queue.add(group);
  }

  /** Groups queued or being posted: under way, for the throttle, until the API answered. */
  int underWay() {
    return underWay.get();
  }

  int sent() {
    return sent.get();
  }

  /** Groups the API refused with a 4xx. */
  int refused() {
    return refused.get();
  }

  /**
   * Posts what is queued until nothing is left or {@code deadlineNanos} ({@link System#nanoTime()})
   * passes; what is left then is kept in the unsent file.
   */
  void finish(long deadlineNanos) throws InterruptedException {
    deadline = deadlineNanos;
    finishing = true;
    thread.join();
  }

  private void sendAll() {
    try {
      while (true) {
        ObjectNode group = queue.poll(50, TimeUnit.MILLISECONDS);
        if (group == null) {
          if (finishing) {
            return;
          }
          continue;
        }
        deliver(group);
        underWay.decrementAndGet();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      ObjectNode left;
      while ((left = queue.poll()) != null) {
        keep(left, "not posted before serve stopped" + (lastError.isEmpty() ? "" : ": " + lastError));
        underWay.decrementAndGet();
      }
    }
  }

  private void deliver(ObjectNode group) throws InterruptedException {
    long backoff = 250;
    while (true) {
      if (finishing && System.nanoTime() - deadline > 0) {
        keep(group, "not posted before serve stopped" + (lastError.isEmpty() ? "" : ": " + lastError));
        return;
      }
      if (!session.confirmed()) {
        Thread.sleep(50); // the loop is checking or renewing the registration
        continue;
      }
      group.put("env_id", session.envId());
      try {
        JsonNode r = api.scoredData(group);
        String status = r.path("status").asString("");
        if (!status.equals("received") && !status.equals("buffered")) {
          log.println("serve: /scored_data answered " + ApiException.shorten(r.toString()));
        }
        failures.worked();
        sent.incrementAndGet();
        return;
      } catch (ApiException e) {
        if (e.refused()) {
          refused.incrementAndGet();
          log.println("serve: the trajectory API refused a group, kept in " + unsent.file() + ": " + e.getMessage());
          keep(group, e.getMessage());
          return;
        }
        if (e.status() >= 200 && e.status() < 300) {
          log.println("serve: " + e.getMessage() + " (taken as received)");
          sent.incrementAndGet();
          return;
        }
        if (!e.answered()) {
          session.doubt();
        }
        lastError = e.getMessage();
        failures.failed(e);
        Thread.sleep(finishing ? Math.max(1, Math.min(backoff, (deadline - System.nanoTime()) / 1_000_000)) : backoff);
        backoff = Math.min(10_000, backoff * 2);
      }
    }
  }

  private void keep(ObjectNode group, String reason) {
    group.remove("env_id");
    unsent.add(group, reason);
  }
}
