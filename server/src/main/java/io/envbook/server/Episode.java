package io.envbook.server;

import io.envbook.env.Item;
import io.envbook.model.ChatRequest;
import io.envbook.model.Message;
import io.envbook.model.ToolSchema;
import io.envbook.rollout.Rollout;
import io.envbook.rollout.RolloutKey;
import io.envbook.rollout.SingleRollouts;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * One episode: a rollout of the environment whose assistant turns come from the client. It runs in
 * its own sandbox on its own thread, the agent loop dispatching the tool calls of each action and
 * applying the environment's limits; a final message or a limit ends it with the environment's
 * reward, computed while the sandbox is still there. One step at a time.
 */
final class Episode {
  private final String id;
  private final Item item;
  private final RolloutKey key;
  private final EpisodeModel model;
  private final Duration stepBound;
  private final ReentrantLock stepping = new ReentrantLock();
  private volatile long lastActive = System.nanoTime();
  private volatile Rollout rollout;
  private List<ToolSchema> tools = List.of();
  private int shown;
  private int steps;

  Episode(String id, Item item, RolloutKey key, Duration idle, Duration stepBound) {
    this.id = id;
    this.item = item;
    this.key = key;
    this.model = new EpisodeModel(idle);
    this.stepBound = stepBound;
  }

  String id() {
    return id;
  }

  Item item() {
    return item;
  }

  boolean done() {
    return rollout != null;
  }

  /** Nanoseconds since the last reset, step or state of this episode. */
  long idleNanos() {
    return System.nanoTime() - lastActive;
  }

  /** Starts the rollout (sandbox, {@code prepare}, the first model turn) and answers with the first observation. */
  ObjectNode start(SingleRollouts rollouts, Consumer<Rollout> onEnd) throws InterruptedException {
    Thread.ofVirtual().name("episode-" + id).start(() -> {
      Rollout r = rollouts.run(item, key, model);
      rollout = r;
      try {
        onEnd.accept(r);
      } finally {
        model.finished(r);
      }
    });
    return answer(stepBound);
  }

  /** Runs one action: its tool calls in the sandbox, or its end; answers with what followed. */
  ObjectNode step(Message action) throws InterruptedException {
    if (!stepping.tryLock()) {
      throw new BadRequest(409, "a step of episode `" + id + "` is still running: wait for its answer before the next");
    }
    try {
      touch();
      if (done()) {
        throw new BadRequest(409, "episode `" + id + "` is done: POST /reset opens a new one");
      }
      steps++;
      model.act(action);
      return answer(stepBound);
    } finally {
      stepping.unlock();
    }
  }

  /** The tools on offer, as the first observation listed them. */
  List<ToolSchema> tools() {
    return tools;
  }

  ObjectNode state() {
    touch();
    ObjectNode s = Observations.base(this).put("step_count", steps).put("done", done());
    if (done()) {
      s.put("reward", rollout.score());
    }
    return s;
  }

  /** Ends the episode now (its rollout is recorded as failed with {@code why}), e.g. when its client left. */
  void close(String why) {
    if (!done()) {
      model.close(why);
    }
  }

  private void touch() {
    lastActive = System.nanoTime();
  }

  private ObjectNode answer(Duration bound) throws InterruptedException {
    EpisodeModel.Event event = model.next(bound);
    touch();
    if (event == null) {
      close("the step took longer than " + bound.toSeconds() + " s");
      throw new BadRequest(504, "episode `" + id + "` did not answer within " + bound.toSeconds() + " s: it was closed");
    }
    return switch (event) {
      case EpisodeModel.Turn t -> turn(t.request());
      case EpisodeModel.Finished f -> end(f.rollout());
    };
  }

  private ObjectNode turn(ChatRequest request) {
    List<Message> messages = request.messages();
    boolean first = shown == 0;
    List<Message> fresh = messages.subList(Math.min(shown, messages.size()), messages.size());
    shown = messages.size();
    if (first) {
      tools = request.tools();
    }
    return Observations.step(this, fresh, first ? tools : null, null);
  }

  private ObjectNode end(Rollout r) {
    List<Message> messages = r.messages();
    List<Message> fresh = messages.subList(Math.min(shown, messages.size()), messages.size());
    shown = messages.size();
    return Observations.step(this, fresh, null, r);
  }
}
