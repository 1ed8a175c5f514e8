package io.envbook.server;

import io.envbook.model.ChatModel;
import io.envbook.model.ChatRequest;
import io.envbook.model.ChatResponse;
import io.envbook.model.Message;
import io.envbook.model.ModelException;
import io.envbook.model.Usage;
import io.envbook.rollout.Rollout;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The "model" of an episode: the trainer on the other side of the server. The episode's rollout runs
 * the ordinary agent loop on it; each time the loop asks for the next assistant turn, this hands the
 * request out as an observation and waits for the trainer's action. When the rollout ends (a final
 * message, a limit, a failure) its record is handed out the same way.
 */
final class EpisodeModel implements ChatModel {
  /** What the rollout produced next: a request for the trainer's action, or its end. */
  sealed interface Event permits Turn, Finished {}

  record Turn(ChatRequest request) implements Event {}

  record Finished(Rollout rollout) implements Event {}

  private static final Message CLOSED = Message.assistant("");
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final BlockingQueue<Message> actions = new LinkedBlockingQueue<>();
  private final Duration idle;
  private volatile String closedWhy;

  EpisodeModel(Duration idle) {
    this.idle = idle;
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    events.add(new Turn(request));
    Message action;
    try {
      action = actions.poll(idle.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelException("the episode was interrupted");
    }
    if (action == null) {
      throw new ModelException("no action came for " + idle.toSeconds() + " s: the episode was closed as idle");
    }
    if (action == CLOSED) {
      throw new ModelException(closedWhy);
    }
    return new ChatResponse(action, action.hasToolCalls() ? "tool_calls" : "stop", Usage.NONE);
  }

  /** The trainer's next assistant turn. */
  void act(Message action) {
    actions.add(action);
  }

  /** Ends the episode's loop at its next turn: the rollout is recorded as failed with {@code why}. */
  void close(String why) {
    closedWhy = why;
    actions.add(CLOSED);
  }

  void finished(Rollout rollout) {
    events.add(new Finished(rollout));
  }

  /** The rollout's next event, or {@code null} after {@code wait}. */
  Event next(Duration wait) throws InterruptedException {
    return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public String name() {
    return "env-server";
  }
}
